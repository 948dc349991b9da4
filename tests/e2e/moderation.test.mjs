// Room ownership and moderation in the browser: a chairman (the room's creator) sets a join password from the
// room settings dialog, mutes someone from the people panel (whose outbound audio then really stops), removes
// someone (who lands on the "removed" screen and is refused when coming back), promotes someone (whose controls
// appear without a reload) and locks the room (a newcomer is refused, the owner password still gets in). A
// participant's forged moderation messages change nothing. A chairman cannot remove their own other window, and is
// told why; someone muted while their connection was down comes back muted. At most four people with fake media at
// once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, screenshot, eventually, useServerAndBrowser } from './harness.mjs';
import {
  join,
  myId,
  audioSent,
  inbound,
  createRoomAsChairman,
  openPeople,
  personAction,
  notices,
  audioSenders,
} from './room.mjs';

let server;
let browser;

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

const PHONE = { width: 390, height: 844 };

/** Joins `room` as its creator (chairman). */
async function chairman(room, name = 'Ana') {
  const page = await createRoomAsChairman(browser, server, room);
  const person = await join(browser, server, room, name, { page });
  assert.equal(await page.evaluate(() => window.vroom.role), 'chairman', `${name} is the chairman`);
  return { ...person, id: await myId(page) };
}

async function participant(room, name, options = {}) {
  const person = await join(browser, server, room, name, options);
  return { ...person, id: await myId(person.page) };
}

async function close(...people) {
  for (const p of people) await p?.page?.context().close();
}

/** Resolves once `page` has shown a notice matching `re`. */
async function expectNotice(page, re, what) {
  await eventually(async () => (await notices(page)).some((n) => re.test(n)), { what });
}

/** Opens the room page in a fresh browser (no session) and waits for the pre-join screen's room status. */
async function visitor(room, viewport) {
  const page = await newPage(browser, viewport);
  await page.goto(`${server.url}/${room}`);
  await page.getByTestId('prejoin').waitFor();
  await eventually(() => page.getByTestId('room-count').isVisible(), { what: 'room status read' });
  return page;
}

test('a join password set from the settings dialog: prompt, wrong password refused, right one lets in', async () => {
  const room = 'pw-room';
  const ana = await chairman(room);
  await openPeople(ana.page);
  await ana.page.getByTestId('room-settings').click();
  const dialog = ana.page.getByTestId('room-settings-dialog');
  await dialog.waitFor();
  // Client-side checks first: a join password needs a value.
  await dialog.getByTestId('setting-join-password-on').check();
  await dialog.getByTestId('settings-save').click();
  assert.ok(await dialog.getByTestId('error-join_password').isVisible(), 'an empty join password is flagged');
  await dialog.getByTestId('setting-join-password').fill('open sesame');
  await dialog.getByTestId('setting-require-name').check();
  await screenshot(ana.page, 'room-settings-dialog-desktop');
  await dialog.getByTestId('settings-save').click();
  await dialog.waitFor({ state: 'detached' });
  await expectNotice(ana.page, /You set a join password/, 'the chairman told of the new join password');
  const status = await (await fetch(`${server.url}/api/rooms/${room}`)).json();
  assert.equal(status.password_required, true, 'the server asks newcomers for the password');
  assert.equal(status.settings.require_name, true);

  const page = await visitor(room);
  const notice = page.locator('[data-testid=access-notice][data-kind=password]');
  await notice.waitFor();
  assert.match((await notice.textContent()) ?? '', /protected by a password/);
  assert.ok(await page.getByTestId('password-field').isVisible(), 'a password field');
  await screenshot(page, 'prejoin-password-desktop-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'prejoin-password-desktop-dark');

  await eventually(() => page.getByTestId('join-button').isEnabled(), { what: 'join enabled' });
  // A name is required.
  await page.getByTestId('name-input').fill('');
  await page.getByTestId('password-input').fill('open sesame');
  await page.getByTestId('join-button').click();
  await page.locator('[data-testid=join-error][data-code=name_required]').waitFor();
  await page.getByTestId('name-input').fill('Bob');
  // A wrong password: said inline, the form stays.
  await page.getByTestId('password-input').fill('open barley');
  await page.getByTestId('join-button').click();
  const error = page.locator('[data-testid=join-error][data-code=wrong_password]');
  await error.waitFor();
  assert.match((await error.textContent()) ?? '', /isn't right/);
  assert.equal(await page.evaluate(() => window.vroom.phase), 'prejoin');
  await screenshot(page, 'prejoin-password-wrong-desktop-dark');
  // The right one.
  await page.getByTestId('password-input').fill('open sesame');
  await page.getByTestId('join-button').click();
  await page.waitForSelector('[data-testid=meeting][data-state=joined]', { timeout: 15_000 });
  const bobId = await myId(page);
  await eventually(async () => (await ana.page.locator(`.tile[data-participant-id="${bobId}"]`).count()) === 1, {
    what: 'Ana sees Bob',
  });

  const phone = await visitor(room, PHONE);
  await phone.locator('[data-testid=access-notice][data-kind=password]').waitFor();
  await screenshot(phone, 'prejoin-password-phone-light');
  await phone.emulateMedia({ colorScheme: 'dark' });
  await screenshot(phone, 'prejoin-password-phone-dark');
  await close(ana, { page }, { page: phone });
});

test('a chairman mutes someone: their audio stops leaving, they are told, forgeries change nothing', async () => {
  const room = 'mute-room';
  const ana = await chairman(room);
  const bob = await participant(room, 'Bob');
  const carol = await participant(room, 'Carol');
  await eventually(async () => (await inbound(carol.page))[bob.id]?.audioBytes > 0, { what: "Bob's audio at Carol" });
  const flowing = await audioSent(bob.page);
  await eventually(async () => (await audioSent(bob.page)) > flowing, { what: 'Bob sending audio' });

  await openPeople(ana.page);
  await ana.page.locator(`[data-testid=person][data-participant-id="${bob.id}"] [data-testid=person-actions]`).click();
  const menu = ana.page.getByTestId('person-menu');
  await menu.waitFor();
  assert.deepEqual(
    await menu.locator('[role=menuitem]').evaluateAll((items) => items.map((i) => i.dataset.action)),
    ['mute', 'stop_video', 'promote', 'kick'],
    'the actions for someone with mic and camera on',
  );
  await screenshot(ana.page, 'people-panel-menu-desktop');
  await menu.locator('[data-action=mute]').click();

  // Bob: the mic button shows muted, the senders carry no track, and no more audio bytes leave.
  await eventually(async () => (await bob.page.getByTestId('mic-toggle').getAttribute('data-state')) === 'off', {
    timeout: 10_000,
    what: "Bob's mic button shows muted",
  });
  await eventually(async () => (await audioSenders(bob.page)).every((s) => !s.track), {
    timeout: 10_000,
    what: "Bob's audio senders detached",
  });
  await new Promise((r) => setTimeout(r, 500));
  const frozen = await audioSent(bob.page);
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(await audioSent(bob.page), frozen, "no audio leaves Bob's muted microphone");
  await expectNotice(bob.page, /^Ana muted you$/, 'Bob told who muted him');
  await expectNotice(carol.page, /^Ana muted Bob$/, 'Carol told');
  await expectNotice(ana.page, /^You muted Bob$/, 'Ana told');
  const bobTile = carol.page.locator(`.tile[data-participant-id="${bob.id}"]`);
  assert.equal(await bobTile.getAttribute('data-audio'), 'off');

  // Forgeries from Carol, who is no chairman: refused, nothing changes.
  const before = await ana.page.evaluate(() => window.vroom.signalling.self.audio);
  assert.equal(before, true);
  await carol.page.evaluate((target) => {
    window.vroom.send({ type: 'moderate', action: 'mute', target });
    window.vroom.send({ type: 'moderate', action: 'kick', target });
    window.vroom.send({ type: 'mute_all' });
  }, ana.id);
  await carol.page.evaluate((target) => window.vroom.send({ type: 'moderate', action: 'ask_unmute', target }), bob.id);
  await eventually(
    async () =>
      (await carol.page.evaluate(() => window.vroom.meeting.serverErrors.filter((e) => e.code === 'not_allowed').length)) >= 4,
    { what: 'Carol refused four times (not_allowed)' },
  );
  // Nor can anyone turn someone else's microphone on: an "update" only ever speaks for its sender.
  await carol.page.evaluate((target) => window.vroom.send({ type: 'update', audio: true, id: target }), bob.id);
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(await ana.page.evaluate(() => window.vroom.signalling.self.audio), true, 'Ana still unmuted');
  assert.equal(await ana.page.getByTestId('mic-toggle').getAttribute('data-state'), 'on');
  assert.equal(await ana.page.evaluate(() => window.vroom.signalling.state), 'joined', 'Ana still in');
  assert.equal(await bob.page.getByTestId('request-unmute').count(), 0, 'no request reached Bob from Carol');
  assert.equal(await bob.page.getByTestId('mic-toggle').getAttribute('data-state'), 'off', 'Bob still muted');
  assert.equal(await bobTile.getAttribute('data-audio'), 'off', 'the server still has Bob muted');
  assert.ok((await notices(carol.page)).some((n) => /Only a chairman/.test(n)), 'Carol told she may not');

  // A modified client that keeps sending after being muted is still silent for the others: Bob's page puts its
  // microphone back on the wire behind the server's back; Carol receives the bytes but does not play them.
  await bob.page.evaluate(async () => {
    const track = window.vroom.media.audioTrack;
    track.enabled = true;
    for (const p of window.vroom.peers()) {
      for (const t of p.pc.getTransceivers()) if (t.receiver.track.kind === 'audio') await t.sender.replaceTrack(track);
    }
  });
  await eventually(
    async () => {
      const a = (await inbound(carol.page))[bob.id].audioBytes;
      await new Promise((r) => setTimeout(r, 500));
      return (await inbound(carol.page))[bob.id].audioBytes > a;
    },
    { what: "the forged audio reaching Carol's connection" },
  );
  const playing = await carol.page.evaluate(
    (id) => window.vroom.peers().find((p) => p.id === id).stream.getAudioTracks().map((t) => t.enabled),
    bob.id,
  );
  assert.deepEqual(playing, [false], "Carol's page does not play audio the server says is off");
  assert.equal(await bobTile.getAttribute('data-playing-audio'), 'false');
  await bob.page.evaluate(async () => {
    for (const p of window.vroom.peers()) {
      for (const t of p.pc.getTransceivers()) if (t.receiver.track.kind === 'audio') await t.sender.replaceTrack(null);
    }
    window.vroom.media.audioTrack.enabled = false;
  });

  // Ask to unmute: Bob gets a card; nothing turns on until he clicks.
  await personAction(ana.page, bob.id, 'ask_unmute');
  const card = bob.page.getByTestId('request-unmute');
  await card.waitFor();
  assert.match((await card.textContent()) ?? '', /Ana asks you to unmute/);
  await new Promise((r) => setTimeout(r, 800));
  await screenshot(bob.page, 'request-unmute-desktop');
  assert.equal(await bob.page.getByTestId('mic-toggle').getAttribute('data-state'), 'off', 'still muted before the click');
  const stillFrozen = await audioSent(bob.page);
  await card.getByTestId('request-accept').click();
  await eventually(async () => (await audioSent(bob.page)) > stillFrozen, { what: "Bob's audio after his own click" });
  await eventually(async () => (await bobTile.getAttribute('data-audio')) === 'on', { what: 'Carol sees Bob unmuted' });
  assert.equal(await bobTile.getAttribute('data-playing-audio'), 'true');

  // Stop camera, then mute everyone.
  await personAction(ana.page, carol.id, 'stop_video');
  await eventually(async () => (await carol.page.getByTestId('cam-toggle').getAttribute('data-state')) === 'off', {
    what: "Carol's camera stopped",
  });
  assert.equal(await carol.page.evaluate(() => window.vroom.media.videoTrack), null, "Carol's camera released");
  await expectNotice(carol.page, /^Ana stopped your camera$/, 'Carol told');
  await ana.page.getByTestId('mute-all').click();
  for (const p of [bob, carol]) {
    await eventually(async () => (await p.page.getByTestId('mic-toggle').getAttribute('data-state')) === 'off', {
      what: `${p.name} muted by "mute everyone"`,
    });
    await expectNotice(p.page, /^Ana muted everyone$/, `${p.name} told`);
  }
  assert.equal(await ana.page.getByTestId('mic-toggle').getAttribute('data-state'), 'on', 'the chairman keeps talking');

  // The panel, as people see it.
  await openPeople(bob.page);
  await screenshot(bob.page, 'people-panel-participant-desktop');
  await screenshot(ana.page, 'people-panel-desktop-dark');
  await ana.page.emulateMedia({ colorScheme: 'light' });
  await screenshot(ana.page, 'people-panel-desktop-light');
  await close(ana, bob, carol);
});

test('a chairman removes someone: the removed screen, no reconnection, and a refused return', async () => {
  const room = 'kick-room';
  const ana = await chairman(room);
  const bob = await participant(room, 'Bob');
  await personAction(ana.page, bob.id, 'kick');
  const confirm = ana.page.getByTestId('confirm-dialog');
  await confirm.waitFor();
  assert.match((await confirm.textContent()) ?? '', /Remove Bob\?/);
  await screenshot(ana.page, 'kick-confirm-desktop');
  await confirm.getByTestId('confirm-ok').click();

  const kicked = bob.page.getByTestId('kicked');
  await kicked.waitFor({ timeout: 15_000 });
  assert.match((await kicked.textContent()) ?? '', /Ana removed you from this meeting\./);
  assert.match((await kicked.getByTestId('kicked-ban').textContent()) ?? '', /come back in 10 minutes/);
  const state = await bob.page.evaluate(() => ({
    state: window.vroom.signalling.state,
    code: window.vroom.signalling.fatalError?.code,
  }));
  assert.deepEqual(state, { state: 'failed', code: 'kicked' });
  await screenshot(bob.page, 'kicked-desktop');
  await bob.page.setViewportSize(PHONE);
  await screenshot(bob.page, 'kicked-phone');
  await expectNotice(ana.page, /^You removed Bob$/, 'Ana told');
  await eventually(async () => (await ana.page.locator(`.tile[data-participant-id="${bob.id}"]`).count()) === 0, {
    what: "Bob's tile gone",
  });
  // No automatic return: the socket stays closed.
  await new Promise((r) => setTimeout(r, 3000));
  assert.equal(await bob.page.evaluate(() => window.vroom.signalling.state), 'failed');
  const status = await (await fetch(`${server.url}/api/rooms/${room}`)).json();
  assert.equal(status.participants, 1, 'only Ana is in the room');

  // Coming back: the pre-join says so and offers no join.
  await bob.page.setViewportSize({ width: 1280, height: 800 });
  await bob.page.reload();
  const banned = bob.page.locator('[data-testid=access-notice][data-kind=banned]');
  await banned.waitFor();
  assert.match((await banned.textContent()) ?? '', /You were removed from this meeting.*come back in 10 minutes/);
  await eventually(
    () => bob.page.getByTestId('preview-video').evaluate((v) => v instanceof HTMLVideoElement && v.videoWidth > 0),
    { what: 'the camera preview' },
  );
  assert.ok(await bob.page.getByTestId('join-button').isDisabled(), 'no join while banned');
  await screenshot(bob.page, 'prejoin-banned-desktop');

  // And if the page thinks it may join (stale status), the server refuses and the pre-join says why.
  await bob.page.route(`**/api/rooms/${room}`, async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    await route.fulfill({ response, json: { ...body, banned_seconds: 0 } });
  });
  await bob.page.reload();
  await bob.page.getByTestId('room-count').waitFor();
  await eventually(() => bob.page.getByTestId('join-button').isEnabled(), { what: 'join offered (stale status)' });
  await bob.page.getByTestId('join-button').click();
  const refused = bob.page.locator('[data-testid=join-error][data-code=banned]');
  await refused.waitFor({ timeout: 10_000 });
  assert.match((await refused.textContent()) ?? '', /removed from this meeting/);
  assert.equal(await bob.page.evaluate(() => window.vroom.phase), 'prejoin', 'back on the pre-join screen');
  assert.equal(await bob.page.evaluate(() => window.vroom.signalling.state), 'failed', 'no retrying');
  // The next look at the room's status (every 5 s) shows the ban again.
  await bob.page.unrouteAll({ behavior: 'ignoreErrors' });
  await bob.page.locator('[data-testid=access-notice][data-kind=banned]').waitFor({ timeout: 20_000 });
  await close(ana, bob);
});

test('a promoted participant gets the chairman controls at once and can use them', async () => {
  const room = 'promote-room';
  const ana = await chairman(room);
  const bob = await participant(room, 'Bob');
  await openPeople(bob.page);
  assert.equal(await bob.page.getByTestId('mute-all').isVisible(), false, 'no chairman tools before');
  assert.equal(await bob.page.locator('[data-testid=person-actions]:visible').count(), 0, 'no actions before');

  await personAction(ana.page, bob.id, 'promote');
  await expectNotice(bob.page, /^Ana made you a chairman$/, 'Bob told');
  await eventually(() => bob.page.getByTestId('mute-all').isVisible(), { what: "Bob's chairman tools" });
  assert.equal(await bob.page.evaluate(() => window.vroom.role), 'chairman');
  const anaRow = bob.page.locator(`[data-testid=person][data-participant-id="${ana.id}"]`);
  assert.ok(await anaRow.getByTestId('person-actions').isVisible(), "an actions button on Ana's row");
  assert.ok(await anaRow.getByTestId('chairman-badge').isVisible(), 'Ana has the chairman badge');
  await eventually(
    () => bob.page.locator(`[data-testid=person][data-self=true] [data-testid=chairman-badge]`).isVisible(),
    { what: "Bob's own badge" },
  );
  await expectNotice(ana.page, /^You made Bob a chairman$/, 'Ana told');

  // Keyboard: open Ana's menu with Enter, move with the arrows, Escape gives the focus back.
  await anaRow.getByTestId('person-actions').focus();
  await bob.page.keyboard.press('Enter');
  const focused = () => bob.page.evaluate(() => document.activeElement?.dataset.action ?? document.activeElement?.dataset.testid);
  assert.equal(await focused(), 'mute');
  await bob.page.keyboard.press('ArrowDown');
  assert.equal(await focused(), 'stop_video');
  await bob.page.keyboard.press('End');
  assert.equal(await focused(), 'kick');
  await bob.page.keyboard.press('Escape');
  assert.equal(await focused(), 'person-actions');
  assert.equal(await bob.page.getByTestId('person-menu').isVisible(), false);
  // "Make chairman" is not offered for a chairman.
  await bob.page.keyboard.press('ArrowDown');
  const actions = await bob.page
    .locator('[data-testid=person-menu] [role=menuitem]')
    .evaluateAll((items) => items.map((i) => i.dataset.action));
  assert.ok(!actions.includes('promote'), `no promote for a chairman (${actions})`);
  await bob.page.keyboard.press('Escape');

  await personAction(bob.page, ana.id, 'mute');
  await eventually(async () => (await ana.page.getByTestId('mic-toggle').getAttribute('data-state')) === 'off', {
    what: 'Ana muted by Bob',
  });
  await expectNotice(ana.page, /^Bob muted you$/, 'Ana told');
  await bob.page.setViewportSize(PHONE);
  await screenshot(bob.page, 'people-panel-phone-dark');
  await bob.page.emulateMedia({ colorScheme: 'light' });
  await screenshot(bob.page, 'people-panel-phone-light');
  await anaRow.getByTestId('person-actions').click();
  await screenshot(bob.page, 'people-panel-menu-phone');
  await close(ana, bob);
});

test('a locked room refuses newcomers; the owner password still gets in; the chair can be claimed', async () => {
  const room = 'lock-room';
  const ana = await chairman(room);
  const bob = await participant(room, 'Bob');

  // Reserve the room (owner password), then lock it from the panel.
  await openPeople(ana.page);
  await ana.page.getByTestId('room-settings').click();
  const dialog = ana.page.getByTestId('room-settings-dialog');
  await dialog.getByTestId('setting-owner-password-on').check();
  await dialog.getByTestId('setting-owner-password').fill('short');
  await dialog.getByTestId('settings-save').click();
  assert.ok(await dialog.getByTestId('error-owner_password').isVisible(), 'a short owner password is flagged');
  await dialog.getByTestId('setting-owner-password').fill('the owner key');
  await dialog.getByTestId('settings-save').click();
  await dialog.waitFor({ state: 'detached' });
  await expectNotice(bob.page, /^Ana reserved this room with an owner password$/, 'Bob told of the reservation');

  // A visitor who read the room before the lock (stale status) is refused by the server and sent back.
  const late = await newPage(browser);
  await late.route(`**/api/rooms/${room}`, async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    await route.fulfill({ response, json: { ...body, settings: { ...body.settings, locked: false } } });
  });
  await late.goto(`${server.url}/${room}`);
  await late.getByTestId('room-count').waitFor();
  await late.getByTestId('name-input').fill('Late');
  await eventually(() => late.getByTestId('join-button').isEnabled(), { what: 'join enabled' });

  await ana.page.getByTestId('lock-toggle').click();
  await eventually(async () => (await ana.page.getByTestId('lock-toggle').getAttribute('data-state')) === 'locked', {
    what: 'lock button shows locked',
  });
  await expectNotice(ana.page, /^You locked the meeting$/, 'Ana told');
  await expectNotice(bob.page, /^Ana locked the meeting$/, 'Bob told');
  assert.ok(await bob.page.getByTestId('room-locked').isVisible(), 'a lock by the room name');

  await late.getByTestId('join-button').click();
  const refused = late.locator('[data-testid=join-error][data-code=locked]');
  await refused.waitFor({ timeout: 10_000 });
  assert.equal(await late.evaluate(() => window.vroom.phase), 'prejoin');
  await late.unrouteAll({ behavior: 'ignoreErrors' });
  await late.locator('[data-testid=access-notice][data-kind=locked]').waitFor({ timeout: 20_000 });
  await late.context().close();

  // A new visitor sees that it is locked; a wrong password is refused; the owner password lets in, as chairman.
  const owner = await visitor(room);
  const notice = owner.locator('[data-testid=access-notice][data-kind=locked]');
  await notice.waitFor();
  assert.match((await notice.textContent()) ?? '', /This meeting is locked\. Its owner can still enter with the owner password\./);
  await screenshot(owner, 'prejoin-locked-desktop-light');
  await owner.getByTestId('name-input').fill('Olga');
  await eventually(() => owner.getByTestId('join-button').isEnabled(), { what: 'join enabled' });
  await owner.getByTestId('join-button').click();
  await owner.locator('[data-testid=join-error][data-code=password_empty]').waitFor();
  await owner.getByTestId('password-input').fill('not the key');
  await owner.getByTestId('join-button').click();
  await owner.locator('[data-testid=join-error][data-code=locked], [data-testid=join-error][data-code=wrong_password]').waitFor();
  assert.equal(await owner.evaluate(() => window.vroom.phase), 'prejoin');
  await owner.emulateMedia({ colorScheme: 'dark' });
  await screenshot(owner, 'prejoin-locked-desktop-dark');
  await owner.getByTestId('password-input').fill('the owner key');
  await owner.getByTestId('join-button').click();
  await owner.waitForSelector('[data-testid=meeting][data-state=joined]', { timeout: 15_000 });
  assert.equal(await owner.evaluate(() => window.vroom.role), 'chairman', 'the owner joins as chairman');

  // Bob claims the chair with the owner password (a wrong one first).
  await openPeople(bob.page);
  await bob.page.getByTestId('claim-chair').click();
  const claim = bob.page.getByTestId('claim-dialog');
  await claim.getByTestId('dialog-password').fill('guess');
  await claim.getByTestId('dialog-submit').click();
  await eventually(() => claim.getByTestId('dialog-error').isVisible(), { what: 'wrong owner password said' });
  await screenshot(bob.page, 'claim-chair-desktop');
  await claim.getByTestId('dialog-password').fill('the owner key');
  await claim.getByTestId('dialog-submit').click();
  await claim.waitFor({ state: 'detached' });
  await eventually(() => bob.page.getByTestId('mute-all').isVisible(), { what: "Bob's chairman tools after claiming" });
  assert.equal(await bob.page.getByTestId('claim-chair').isVisible(), false);
  assert.equal(await bob.page.evaluate(() => window.vroom.role), 'chairman');

  // Unlock: a newcomer gets in again without any password.
  await ana.page.getByTestId('lock-toggle').click();
  await expectNotice(bob.page, /^Ana unlocked the meeting$/, 'Bob told of the unlock');
  const dan = await participant(room, 'Dan');
  assert.equal(await dan.page.evaluate(() => window.vroom.role), 'participant');
  await close(ana, bob, dan, { page: owner });
});

test('a chairman cannot remove their own other window, and is told why', async () => {
  const room = 'twin-room';
  const ana = await chairman(room);
  // The same browser (same session) in a second tab.
  const tab = await ana.page.context().newPage();
  await join(browser, server, room, 'Ana', { page: tab, cam: false });
  const twinId = await myId(tab);
  assert.equal(await tab.evaluate(() => window.vroom.role), 'chairman');
  await personAction(ana.page, twinId, 'kick');
  await ana.page.getByTestId('confirm-dialog').getByTestId('confirm-ok').click();
  await expectNotice(
    ana.page,
    /^Ana is you, in another window or tab\. Close that window to take it out of the meeting\.$/,
    'the refusal explained',
  );
  assert.ok(!(await notices(ana.page)).includes('Only a chairman can do that.'), 'not the words for participants');
  await new Promise((r) => setTimeout(r, 400)); // the toast's entrance
  await screenshot(ana.page, 'kick-own-window-refused-desktop');
  assert.equal(await tab.evaluate(() => window.vroom.signalling.state), 'joined', 'the other window stays');
  await close(ana);
});

test('muted by a chairman while the connection was down: back in, the microphone stays off and the page says why', async () => {
  const room = 'away-room';
  const ana = await chairman(room);
  const page = await newPage(browser);
  // A switch that sends every new WebSocket of this page nowhere, to keep it away for a while.
  await page.addInitScript(() => {
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(url, protocols) {
        super(window.__offline ? 'ws://127.0.0.1:9/' : url, protocols);
      }
    };
  });
  const bob = await participant(room, 'Bob', { page, cam: false });
  await eventually(async () => (await audioSenders(page)).some((s) => s.track && s.enabled), { what: 'Bob sending audio' });

  // A message beyond twice the size limit: the server drops the connection without a close frame and keeps the
  // place for a resume; Bob cannot reconnect until the switch is off.
  await page.evaluate(() => {
    window.__offline = true;
    window.vroom.send(/** @type {any} */ ({ type: 'ping', t: 0, pad: 'x'.repeat(300_000) }));
  });
  await eventually(() => page.getByTestId('reconnecting-banner').isVisible(), { what: 'Bob reconnecting' });
  const row = ana.page.locator(`[data-testid=person][data-participant-id="${bob.id}"]`);
  await openPeople(ana.page);
  await eventually(async () => (await row.getAttribute('data-connected')) === 'false', { what: 'Ana sees Bob away' });
  await personAction(ana.page, bob.id, 'mute');
  await eventually(async () => (await row.getAttribute('data-audio')) === 'off', { what: 'Bob muted on the server' });
  assert.equal(await page.getByTestId('mic-toggle').getAttribute('data-state'), 'on', 'Bob has not heard yet');

  await page.evaluate(() => (window.__offline = false));
  await eventually(() => page.evaluate(() => window.vroom.signalling.state === 'joined'), {
    timeout: 15_000,
    what: 'Bob back',
  });
  assert.equal(await myId(page), bob.id, 'the same place (a resume)');
  await eventually(async () => (await page.getByTestId('mic-toggle').getAttribute('data-state')) === 'off', {
    what: "Bob's mic button shows muted",
  });
  await eventually(async () => (await audioSenders(page)).every((s) => !s.track), { what: "Bob's audio senders detached" });
  await expectNotice(page, /^A chairman turned off your microphone while you were reconnecting\.$/, 'Bob told why');
  // And it stays off on the server (the join said "on", the welcome said "off", nothing turned it back on).
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await row.getAttribute('data-audio'), 'off');
  assert.equal(await page.evaluate(() => window.vroom.signalling.self.audio), false);
  await close(ana, bob);
});
