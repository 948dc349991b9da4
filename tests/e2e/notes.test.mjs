// The rooms' collaborative notes in a real browser, against a real Etherpad-Lite (etherpad.mjs) reached through a
// relay that can go down: people write the room's pad together beside the call, text written through Etherpad's API
// shows in their panels, the pad follows names and colours, a chairman clears it, an Etherpad that stops answering
// is said in the panel while the call goes on (and comes back by itself), someone removed loses even a pad open in
// its own tab, and the pad goes with the room (even when Etherpad was away, which the admin dashboard says).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, launchBrowser, screenshot, startServer } from './harness.mjs';
import { createRoomAsChairman, expectMediaFrom, join, myId, notices } from './room.mjs';
import { addAdmin, adminApi, adminPage } from './admin.mjs';
import { startEtherpad, startRelay } from './etherpad.mjs';

const etherpad = await startEtherpad();
const skip = etherpad.skipped ? `skipped: ${etherpad.skipped}` : false;
if (skip) console.log(`# ${skip}`);

let server;
let browser;
let relay;

before(async () => {
  if (skip) return;
  relay = await startRelay(etherpad.url);
  server = await startServer({
    VROOM_ETHERPAD__URL: relay.url,
    VROOM_ETHERPAD__API_KEY: etherpad.key,
    VROOM_ETHERPAD__CHECK_INTERVAL: '1',
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await relay?.down();
  if (!skip) await etherpad.stop();
});

/** The pad's editable body inside the panel (Etherpad's editor: two nested frames). */
function padBody(page) {
  return page
    .frameLocator('[data-testid=notes-frame]')
    .frameLocator('iframe[name=ace_outer]')
    .frameLocator('iframe[name=ace_inner]')
    .locator('#innerdocbody');
}

/** The pad's text as the editor shows it, or null while no editor is shown. */
async function padText(page) {
  const body = padBody(page);
  // An editor that failed keeps its text in the DOM: only a visible one counts.
  if (!(await body.isVisible().catch(() => false))) return null;
  return body.innerText();
}

/** Opens the notes panel (from the toolbar, or on a phone from the "More" menu) and waits for an editable pad. */
async function openNotes(page) {
  // The meeting offers the notes once it has asked the server whether it has them.
  await eventually(() => page.evaluate(() => window.vroom.meeting?.notes.available === true), { what: 'the notes offered' });
  const toggle = page.getByTestId('notes-toggle');
  if (await toggle.isVisible()) await toggle.click();
  else {
    await page.getByTestId('more-toggle').click();
    await page.locator('[data-testid=more-menu] [data-action=notes]').click();
  }
  await page.waitForSelector('[data-testid=notes-panel][data-state=ready]', { timeout: 30_000 });
  await eventually(async () => (await padText(page)) !== null, { timeout: 30_000, what: 'the pad editor' });
}

/** The room's pad id, from the panel's iframe (`/etherpad/p/<id>`). */
async function padId(page) {
  const pad = await page.getByTestId('notes-frame').getAttribute('data-pad');
  return decodeURIComponent(pad.split('/p/')[1]);
}

/** Our colour as our own tile shows it (#rrggbb). */
async function tileColour(page) {
  return page.evaluate(() =>
    getComputedStyle(document.querySelector('.tile[data-self=true]')).getPropertyValue('--pc').trim().toLowerCase(),
  );
}

/** Who Etherpad says has the pad open: [{name, colorId}]. */
async function padUsers(pad) {
  const reply = await etherpad.api('padUsers', { padID: pad });
  return (reply.data?.padUsers ?? []).map((u) => ({ name: u.name, colour: String(u.colorId).toLowerCase() }));
}

test('people write the room’s notes together, in their names and colours; a chairman clears them', { skip }, async () => {
  const room = 'notes-together';
  const anaPage = await createRoomAsChairman(browser, server, room, { width: 1440, height: 900 });
  const ana = await join(browser, server, room, 'Ana', { page: anaPage });
  const bob = await join(browser, server, room, 'Bob', { viewport: { width: 1280, height: 800 } });

  assert.equal(await ana.page.getByTestId('notes-toggle').isVisible(), true, 'the server has notes: the button shows');
  assert.equal(await ana.page.getByTestId('notes-toggle').getAttribute('aria-label'), 'Shared notes');
  await openNotes(ana.page);
  assert.equal(await ana.page.getByTestId('notes-toggle').getAttribute('aria-expanded'), 'true');
  const pad = await padId(ana.page);
  assert.match(pad, /^g\.[A-Za-z0-9]+\$notes$/);
  const src = new URL(await ana.page.getByTestId('notes-frame').getAttribute('src'), server.url);
  assert.equal(src.origin, server.url, 'the pad is served by VROOM itself: same origin as the meeting');
  assert.equal(src.searchParams.get('userName'), 'Ana');
  assert.equal(src.searchParams.get('userColor'), await tileColour(ana.page));
  assert.equal(src.searchParams.get('showChat'), 'false', 'the meeting has its own chat');

  // Ana writes; Bob opens the notes and reads it, then writes too, and Ana reads that.
  await padBody(ana.page).click();
  await ana.page.keyboard.type('Agenda for today');
  await openNotes(bob.page);
  await eventually(async () => (await padText(bob.page))?.includes('Agenda for today'), { timeout: 15_000, what: 'Bob reads Ana' });
  await padBody(bob.page).click();
  await bob.page.keyboard.press('Control+End');
  await bob.page.keyboard.press('Enter');
  await bob.page.keyboard.type('Bob: the budget');
  await eventually(async () => (await padText(ana.page))?.includes('Bob: the budget'), { timeout: 15_000, what: 'Ana reads Bob' });
  assert.match(await etherpad.text(pad), /Agenda for today\nBob: the budget/, 'Etherpad holds what they wrote');

  // Nobody outside the meeting opens it: a stranger's browser with the pad's address is refused by Etherpad.
  const stranger = await browser.newContext();
  const strangerPage = await stranger.newPage();
  await strangerPage.goto(`${server.url}${await ana.page.getByTestId('notes-frame').getAttribute('data-pad')}`);
  await strangerPage.locator('#permissionDenied').waitFor({ state: 'visible', timeout: 20_000 });
  assert.match(await strangerPage.locator('#permissionDenied').innerText(), /do not have permission/);
  assert.equal(await strangerPage.locator('#editorcontainer iframe').isVisible().catch(() => false), false);
  await stranger.close();

  // Etherpad knows them by their names and colours.
  const anaColour = await tileColour(ana.page);
  const bobColour = await tileColour(bob.page);
  await eventually(async () => {
    const users = await padUsers(pad);
    return users.some((u) => u.name === 'Ana' && u.colour === anaColour) && users.some((u) => u.name === 'Bob' && u.colour === bobColour);
  }, { timeout: 15_000, what: `pad users Ana ${anaColour} and Bob ${bobColour}` });

  // Text written through Etherpad's API shows in both panels.
  const written = await etherpad.api('setText', { padID: pad, text: 'Minutes\n1. Budget approved\n2. Hiring next week' });
  assert.equal(written.code, 0);
  for (const who of [ana, bob]) {
    await eventually(async () => (await padText(who.page))?.includes('2. Hiring next week'), { timeout: 15_000, what: `${who.name} sees the API's text` });
  }
  await ana.page.waitForTimeout(500);
  await screenshot(ana.page, 'notes-desktop');

  // Bob becomes Robert, in another colour: his pad follows.
  await bob.page.evaluate(() => window.vroom.send({ type: 'update', name: 'Robert', colour: 5 }));
  await eventually(async () => (await tileColour(bob.page)) !== bobColour, { what: 'Bob’s new colour' });
  const robertColour = await tileColour(bob.page);
  await eventually(async () => {
    const src = new URL(await bob.page.getByTestId('notes-frame').getAttribute('src'), server.url);
    return src.searchParams.get('userName') === 'Robert' && src.searchParams.get('userColor') === robertColour;
  }, { timeout: 15_000, what: 'the pad reloaded with the new name and colour' });
  await bob.page.waitForSelector('[data-testid=notes-panel][data-state=ready]', { timeout: 30_000 });
  await eventually(async () => (await padUsers(pad)).some((u) => u.name === 'Robert' && u.colour === robertColour), {
    timeout: 20_000,
    what: 'Etherpad knows Robert in his colour',
  });
  await eventually(async () => (await padText(bob.page))?.includes('Budget approved'), { timeout: 15_000, what: 'the reloaded pad' });

  // Only a chairman may clear: Bob has no button, Ana has, and confirms.
  assert.equal(await bob.page.getByTestId('notes-clear').isVisible(), false);
  await ana.page.getByTestId('notes-clear').click();
  await ana.page.getByTestId('confirm-dialog').waitFor();
  await ana.page.getByTestId('confirm-ok').click();
  // The pad is made again (its history gone): the panels reload on their own, empty and editable.
  await eventually(async () => (await padText(bob.page))?.trim() === '', { timeout: 30_000, what: 'the pad emptied for Bob' });
  assert.equal(await etherpad.text(pad), '\n');
  assert.equal((await etherpad.api('getRevisionsCount', { padID: pad })).data.revisions, 0, 'no history left');
  await bob.page.waitForSelector('[data-testid=notes-panel][data-state=ready]', { timeout: 30_000 });
  await padBody(bob.page).click();
  await bob.page.keyboard.type('A fresh start');
  await eventually(async () => (await padText(ana.page))?.includes('A fresh start'), { timeout: 30_000, what: 'Ana reads the fresh pad' });
  await eventually(async () => (await notices(bob.page)).includes('Ana cleared the notes.'), { what: 'Bob told who cleared' });
  await eventually(async () => (await notices(ana.page)).includes('You cleared the notes.'), { what: 'Ana told it is done' });
  await screenshot(bob.page, 'notes-cleared-toast');

  // Closing keeps the pad (it reopens at once); the button says so.
  await ana.page.getByTestId('notes-close').click();
  assert.equal(await ana.page.getByTestId('notes-panel').isHidden(), true);
  assert.equal(await ana.page.getByTestId('notes-toggle').getAttribute('aria-expanded'), 'false');
  await ana.page.getByTestId('notes-toggle').click();
  assert.equal(await ana.page.getByTestId('notes-panel').getAttribute('data-state'), 'ready');

  await ana.page.context().close();
  await bob.page.context().close();
});

test('someone removed from the meeting is cut from the notes, even in a pad opened in its own tab', { skip }, async () => {
  const room = 'notes-removed';
  const anaPage = await createRoomAsChairman(browser, server, room, { width: 1280, height: 800 });
  const ana = await join(browser, server, room, 'Ana', { page: anaPage, cam: false });
  const carl = await join(browser, server, room, 'Carl', { viewport: { width: 1280, height: 800 }, cam: false });
  await openNotes(ana.page);
  await openNotes(carl.page);
  const pad = await padId(ana.page);

  // Carl also opens the pad in a tab of its own, and writes there.
  const [tab] = await Promise.all([carl.page.context().waitForEvent('page'), carl.page.getByTestId('notes-open-tab').click()]);
  const tabBody = tab.frameLocator('iframe[name=ace_outer]').frameLocator('iframe[name=ace_inner]').locator('#innerdocbody');
  await tabBody.waitFor({ state: 'visible', timeout: 30_000 });
  await tabBody.click();
  await tab.keyboard.type('Carl was here');
  await eventually(async () => (await padText(ana.page))?.includes('Carl was here'), { timeout: 15_000, what: 'Ana reads Carl’s tab' });

  // Ana removes him: his meeting page goes to the removed screen, and the tab loses the pad too.
  await ana.page.evaluate((target) => window.vroom.send({ type: 'moderate', action: 'kick', target }), await myId(carl.page));
  await carl.page.getByTestId('kicked').waitFor({ timeout: 15_000 });
  await tab.locator('#permissionDenied').waitFor({ state: 'visible', timeout: 30_000 });
  assert.match(await tab.locator('#permissionDenied').innerText(), /do not have permission/);
  // Whatever is still typed there reaches nobody.
  await tabBody.click({ timeout: 2_000 }).catch(() => {});
  await tab.keyboard.type(' and still writing').catch(() => {});
  await ana.page.waitForTimeout(3_000);
  assert.doesNotMatch(await etherpad.text(pad), /still writing/);
  assert.doesNotMatch((await padText(ana.page)) ?? '', /still writing/);
  await screenshot(tab, 'notes-removed-tab');

  // Ana's own pad goes on.
  await padBody(ana.page).click();
  await ana.page.keyboard.press('Control+End');
  await ana.page.keyboard.type(' — Ana goes on');
  await eventually(async () => (await etherpad.text(pad))?.includes('Ana goes on'), { timeout: 15_000, what: 'Ana still writes' });

  await ana.page.context().close();
  await carl.page.context().close();
});

test('an Etherpad that stops answering is said in the panel, the call goes on, and the notes come back', { skip }, async () => {
  const room = 'notes-outage';
  const anaPage = await createRoomAsChairman(browser, server, room, { width: 1440, height: 900 });
  const ana = await join(browser, server, room, 'Ana', { page: anaPage });
  const bob = await join(browser, server, room, 'Bob');
  await openNotes(ana.page);
  await padBody(ana.page).click();
  await ana.page.keyboard.type('Before the outage');
  const pad = await padId(ana.page);
  await eventually(async () => (await etherpad.text(pad))?.includes('Before the outage'), { what: 'saved' });

  await relay.down();
  await ana.page.waitForSelector('[data-testid=notes-panel][data-state=unavailable]', { timeout: 20_000 });
  const notice = ana.page.getByTestId('notes-notice');
  assert.equal(await notice.isVisible(), true);
  assert.match(await notice.textContent(), /unavailable right now/);
  assert.match(await notice.textContent(), /Your call is not affected/);
  assert.equal(await ana.page.getByTestId('notes-retry').isVisible(), true);
  // The call does not notice: media keeps flowing both ways, and nobody was disconnected.
  await expectMediaFrom(ana.page, [await myId(bob.page)], 'Ana during the outage');
  await expectMediaFrom(bob.page, [await myId(ana.page)], 'Bob during the outage');
  assert.equal(await ana.page.getByTestId('meeting').getAttribute('data-state'), 'joined');
  await screenshot(ana.page, 'notes-unavailable');

  // Opening the notes meanwhile says so too, at once; so does trying again while Etherpad is still away.
  await bob.page.getByTestId('notes-toggle').click();
  await bob.page.waitForSelector('[data-testid=notes-panel][data-state=unavailable]', { timeout: 20_000 });
  const isOpening = (/** @type {import('playwright-core').Response} */ r) =>
    r.request().method() === 'POST' && new URL(r.url()).pathname === `/api/rooms/${room}/notes`;
  const [again] = await Promise.all([bob.page.waitForResponse(isOpening), bob.page.getByTestId('notes-retry').click()]);
  assert.equal(again.status(), 503);
  await bob.page.waitForSelector('[data-testid=notes-panel][data-state=unavailable]', { timeout: 20_000 });

  // Etherpad is back: both panels see it (they ask every 10 s while open) and load the pad by themselves.
  await relay.up();
  for (const who of [ana, bob]) {
    await who.page.waitForSelector('[data-testid=notes-panel][data-state=ready]', { timeout: 30_000 });
    await eventually(async () => (await padText(who.page))?.includes('Before the outage'), { timeout: 30_000, what: `the pad back for ${who.name}` });
  }

  await ana.page.context().close();
  await bob.page.context().close();
});

test('on a phone, in French, the notes fill the screen; the pad goes with the room', { skip }, async () => {
  const room = 'notes-phone';
  const anaPage = await createRoomAsChairman(browser, server, room);
  const ana = await join(browser, server, room, 'Ana', { page: anaPage });
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'fr' });
  await context.addCookies([{ name: 'vroom_lang', value: 'fr', url: server.url }]);
  const carolPage = await context.newPage();
  const carol = await join(browser, server, room, 'Carole', { page: carolPage });

  // No room for a third pill in a phone's toolbar: the "More" menu offers the notes.
  await eventually(() => carol.page.evaluate(() => window.vroom.meeting?.notes.available === true), { what: 'the notes offered' });
  assert.equal(await carol.page.getByTestId('notes-toggle').isVisible(), false);
  await carol.page.getByTestId('more-toggle').click();
  const item = carol.page.locator('[data-testid=more-menu] [data-action=notes]');
  assert.match(await item.textContent(), /Notes partagées/);
  await carol.page.keyboard.press('Escape');
  await openNotes(carol.page);
  const panel = await carol.page.getByTestId('notes-panel').boundingBox();
  assert.ok(panel.width >= 385, `full width on a phone: ${panel.width}`);
  assert.equal(await carol.page.locator('#notes-title').textContent(), 'Notes');
  const src = new URL(await carol.page.getByTestId('notes-frame').getAttribute('src'), server.url);
  assert.equal(src.searchParams.get('lang'), 'fr', 'the pad speaks French too');
  await padBody(carol.page).click();
  await carol.page.keyboard.type('Compte rendu');
  await carol.page.waitForTimeout(800);
  await screenshot(carol.page, 'notes-phone-fr');
  const pad = await padId(carol.page);
  await eventually(async () => (await etherpad.text(pad))?.includes('Compte rendu'), { what: 'Carole’s text saved' });

  // An administrator deletes the room while Etherpad is away: everyone sees the end, the dashboard says the pad
  // waits to be deleted (and why it could not be yet), and once Etherpad is back the pad goes.
  addAdmin(server);
  const admin = await adminPage(browser, server, '/admin');
  assert.equal(await admin.getByTestId('stat-notes-trash').isHidden(), true, 'nothing waits');
  await relay.down();
  const deleted = await adminApi(admin, 'DELETE', `/api/admin/rooms/${room}`);
  assert.equal(deleted.status, 200, JSON.stringify(deleted));
  await carol.page.getByTestId('ended').waitFor({ timeout: 10_000 });
  assert.equal(await carol.page.getByTestId('notes-panel').count(), 0, 'the panel went with the meeting');
  const trash = admin.getByTestId('stat-notes-trash');
  await eventually(async () => /could not be deleted yet/.test((await trash.textContent()) ?? ''), {
    timeout: 25_000,
    what: 'the dashboard says the pad waits',
  });
  assert.equal(
    await trash.textContent(),
    "1 deleted room's pad still to delete from Etherpad1 could not be deleted yet: it will be once Etherpad answers",
    'why is said once, in the line above',
  );
  assert.match((await admin.getByTestId('stat-notes').textContent()) ?? '', /cannot be reached/);
  assert.equal(await trash.evaluate((el) => el.classList.contains('stat-warn')), true);
  await screenshot(admin, 'admin-dashboard-notes-trash');
  assert.notEqual(await etherpad.text(pad), null, 'still in Etherpad');
  await relay.up();
  await eventually(async () => (await etherpad.text(pad)) === null, { timeout: 30_000, what: 'the pad deleted from Etherpad' });
  await trash.waitFor({ state: 'hidden', timeout: 25_000 });

  await ana.page.context().close();
  await context.close();
  await admin.context().close();
});
