// Sounds, music on hold, reactions and raised hands in the people panel, in the browser:
// - alone in a room, the stage offers music; it plays (the AudioContext runs, the music's analyser hears it) and
//   fades out, with the card gone, as soon as someone else arrives;
// - the join sound plays for a later arrival, not for the people already there when we join; a burst is one sound;
//   the "Play sounds" setting (the chat's bell) silences the cues and is remembered;
// - raised hands come first in the people panel (in the order they went up); a chairman lowers one from the
//   person's menu, the badge goes everywhere and the person is told;
// - a reaction picked from the toolbar's popover floats up from the sender's tile on everyone's page, and is said.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, eventually, createRoom, useServerAndBrowser } from './harness.mjs';
import { join, myId, createRoomAsChairman, openPeople, notices } from './room.mjs';

let server;
let browser;

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

/** What the page's sounds object says about the music. */
function music(page) {
  return page.evaluate(() => {
    const s = window.vroom.meeting.sounds;
    return { state: s.context?.state ?? null, playing: s.musicPlaying, level: s.musicLevel() };
  });
}

/** How many cues of each kind a page played. */
function played(page) {
  return page.evaluate(() => ({ ...window.vroom.meeting.sounds.played }));
}

test('music on hold: offered while alone, plays for real, fades out when someone arrives', async () => {
  const room = await createRoom(server, 'hold-room');
  const ana = await join(browser, server, room, 'Ana', { viewport: DESKTOP, mic: false });
  const card = ana.page.getByTestId('hold-card');
  await card.waitFor();
  const button = ana.page.getByTestId('hold-music');
  assert.equal(await button.getAttribute('aria-pressed'), 'false');
  assert.equal((await button.textContent()).trim(), 'Play music while you wait');
  assert.equal((await music(ana.page)).playing, false);

  await button.click();
  const started = Date.now();
  await eventually(
    async () => {
      const m = await music(ana.page);
      return m.state === 'running' && m.playing && m.level > 0.001;
    },
    { timeout: 10_000, interval: 50, what: 'the music playing' },
  );
  console.log(`music audible after ${Date.now() - started} ms`);
  assert.equal(await button.getAttribute('aria-pressed'), 'true');
  // It goes on (the scheduler keeps it going), at a moderate level.
  await new Promise((r) => setTimeout(r, 1500));
  const steady = await music(ana.page);
  assert.ok(steady.level > 0.005 && steady.level < 0.3, `moderate level: ${steady.level}`);
  await screenshot(ana.page, 'hold-desktop');

  // Bo arrives: the music fades out within 2 s and the card goes.
  const bo = await join(browser, server, room, 'Bo', { mic: false, cam: false });
  const boId = await myId(bo.page);
  await ana.page.locator(`[data-testid=tile][data-participant-id="${boId}"]`).waitFor();
  const arrived = Date.now();
  assert.equal((await music(ana.page)).playing, false, 'stopped as soon as Bo is there');
  await eventually(async () => (await music(ana.page)).level < 0.001, { timeout: 10_000, interval: 50, what: 'silence' });
  console.log(`music silent ${Date.now() - arrived} ms after Bo arrived`);
  assert.equal(await card.isVisible(), false, 'no card while not alone');
  assert.equal(await bo.page.getByTestId('hold-card').isVisible(), false, "Bo isn't alone either");

  // Alone again: the card is back, the music is not (it plays only when asked).
  await bo.page.getByTestId('leave').click();
  await card.waitFor();
  assert.equal(await button.getAttribute('aria-pressed'), 'false');
  assert.equal((await music(ana.page)).playing, false);

  // The card on a phone, music playing.
  const cy = await join(browser, server, await createRoom(server, 'hold-phone'), 'Cy', { viewport: PHONE, mic: false });
  await cy.page.getByTestId('hold-music').click();
  await eventually(async () => (await music(cy.page)).level > 0.001, { timeout: 10_000, what: "Cy's music" });
  await screenshot(cy.page, 'hold-phone');
  // Closing the page ends it: nothing is left playing.
  for (const p of [ana, bo, cy]) await p.page.context().close();
});

test('join and leave sounds: not for the people already there, one for a burst; the setting silences them', async () => {
  const room = await createRoom(server, 'sound-room');
  const ana = await join(browser, server, room, 'Ana', { mic: false, cam: false });
  const bo = await join(browser, server, room, 'Bo', { mic: false, cam: false });
  await eventually(async () => (await played(ana.page)).join === 1, { what: "Ana's join sound for Bo" });
  assert.equal((await played(bo.page)).join, 0, 'Bo hears no join sound for Ana, who was there already');

  const cy = await join(browser, server, room, 'Cy', { mic: false, cam: false });
  await eventually(async () => (await played(bo.page)).join === 1, { what: "Bo's join sound for Cy" });
  assert.equal((await played(cy.page)).join, 0, 'Cy: nobody joined after them');
  await cy.page.getByTestId('leave').click();
  await eventually(async () => (await played(bo.page)).leave === 1, { what: "Bo's leave sound for Cy" });

  // A burst of ten joins makes one sound (a fresh Sounds, so no earlier cue counts).
  const burst = await bo.page.evaluate(() => {
    const Sounds = window.vroom.meeting.sounds.constructor;
    const s = new Sounds();
    const results = [];
    for (let i = 0; i < 10; i++) results.push(s.play('join'));
    return { results, played: s.played.join };
  });
  assert.deepEqual(burst.results, [true, false, false, false, false, false, false, false, false, false]);
  assert.equal(burst.played, 1);

  // The chat's bell is the "Play sounds" setting: off, no cue plays, and it is remembered under its new name.
  await bo.page.getByTestId('chat-toggle').click();
  const bell = bo.page.getByTestId('chat-sounds');
  assert.equal(await bell.getAttribute('aria-pressed'), 'false');
  await bell.click();
  assert.equal(await bell.getAttribute('aria-pressed'), 'true');
  assert.equal(await bell.getAttribute('aria-label'), 'Turn on sounds');
  const prefs = await bo.page.evaluate(() => JSON.parse(localStorage.getItem('vroom.prefs.v1')));
  assert.equal(prefs.soundsOff, true);
  assert.equal(await bo.page.evaluate(() => window.vroom.meeting.sounds.play('hand')), false, 'muted');
  // An older page's setting (chatSoundsOff) is read as the new one.
  const migrated = await bo.page.evaluate(async () => {
    localStorage.setItem('vroom.prefs.v1', JSON.stringify({ name: 'Bo', chatSoundsOff: true }));
    const { loadPrefs } = await import('/assets/ui/prefs.js');
    return loadPrefs().soundsOff;
  });
  assert.equal(migrated, true);
  await bell.click();
  assert.equal(await bo.page.evaluate(() => window.vroom.meeting.sounds.off), false);
  for (const p of [ana, bo, cy]) await p.page.context().close();
});

test('raised hands first in the people panel; a chairman lowers one and everyone sees it', async () => {
  const room = `hands-${Date.now()}`;
  const page = await createRoomAsChairman(browser, server, room);
  const ana = await join(browser, server, room, 'Ana', { page, mic: false, cam: false });
  const bo = await join(browser, server, room, 'Bo', { mic: false, cam: false });
  const cy = await join(browser, server, room, 'Cy', { mic: false, cam: false });
  const [anaId, boId, cyId] = await Promise.all([ana, bo, cy].map((p) => myId(p.page)));

  await openPeople(ana.page);
  const rows = () => ana.page.$$eval('[data-testid=people-list] [data-testid=person]', (lis) => lis.map((li) => li.dataset.participantId));
  await eventually(async () => (await rows()).length === 3, { what: 'Ana knows of Cy' });
  assert.deepEqual(await rows(), [anaId, boId, cyId], 'us first, then in order of arrival');

  // Cy raises a hand, then Bo: Cy first, then Bo, then the rest.
  await cy.page.keyboard.press('h');
  await eventually(async () => (await rows())[0] === cyId, { what: "Cy's row first" });
  await bo.page.getByTestId('hand-toggle').click();
  await eventually(async () => JSON.stringify(await rows()) === JSON.stringify([cyId, boId, anaId]), {
    what: 'hands first, in the order raised',
  });
  const boRow = ana.page.locator(`[data-testid=person][data-participant-id="${boId}"]`);
  assert.equal(await boRow.getAttribute('data-hand'), 'true');
  assert.equal(await boRow.getByTestId('person-hand').isVisible(), true);
  assert.equal(await boRow.getByTestId('person-hand').getAttribute('aria-label'), 'Hand raised');
  assert.equal(await ana.page.locator(`[data-testid=person][data-participant-id="${anaId}"] [data-testid=person-hand]`).isVisible(), false);
  // Others see the same order in their own panel (no menu for them).
  await openPeople(cy.page);
  await eventually(
    async () =>
      (await cy.page.$$eval('[data-testid=person]', (lis) => lis.map((li) => li.dataset.participantId))).slice(0, 2).join() ===
      [cyId, boId].join(),
    { what: "Cy's panel" },
  );
  assert.equal(await cy.page.getByTestId('person-actions').first().isVisible(), false);
  await screenshot(ana.page, 'hands-people');

  // Ana lowers Bo's hand from Bo's menu.
  await boRow.getByTestId('person-actions').click();
  const item = ana.page.locator('[data-testid=person-menu] [data-action=lower_hand]');
  assert.equal((await item.textContent()).trim(), 'Lower hand');
  await item.click();
  for (const p of [ana, bo, cy]) {
    const badge = p.page.locator(`[data-testid=tile][data-participant-id="${boId}"] [data-testid=tile-hand]`);
    await eventually(async () => !(await badge.isVisible()), { what: `Bo's badge gone on ${p.name}'s page` });
  }
  await eventually(async () => (await bo.page.getByTestId('hand-toggle').getAttribute('aria-pressed')) === 'false', {
    what: "Bo's toggle",
  });
  await eventually(async () => (await notices(bo.page)).includes('Ana lowered your hand'), { what: 'Bo is told' });
  await eventually(async () => (await notices(cy.page)).includes("Ana lowered Bo's hand"), { what: 'Cy is told' });
  await eventually(async () => (await boRow.getAttribute('data-hand')) === 'false', { what: "Bo's row" });
  assert.deepEqual(await rows(), [cyId, anaId, boId], "Cy's hand still first; Bo back in his place");
  // No lower_hand for someone whose hand is down.
  await boRow.getByTestId('person-actions').click();
  assert.equal(await ana.page.locator('[data-testid=person-menu] [data-action=lower_hand]').count(), 0);
  await ana.page.keyboard.press('Escape');
  for (const p of [ana, bo, cy]) await p.page.context().close();
});

test('a reaction floats up from the sender’s tile on every page and is said', async () => {
  const room = await createRoom(server, 'react-room');
  const ana = await join(browser, server, room, 'Ana', { viewport: DESKTOP, mic: false });
  const bo = await join(browser, server, room, 'Bo', { mic: false, cam: false });
  const boId = await myId(bo.page);

  // Ana's popover, by keyboard: Enter opens it on the first reaction, arrows move, Escape closes it.
  const toggle = ana.page.getByTestId('reaction-toggle');
  assert.equal(await toggle.getAttribute('aria-label'), 'Send a reaction');
  await toggle.focus();
  await ana.page.keyboard.press('Enter');
  const menu = ana.page.getByTestId('reaction-menu');
  await menu.waitFor();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  const names = await menu.locator('[role=menuitem]').evaluateAll((items) =>
    items.map((b) => [b.dataset.reaction, b.getAttribute('aria-label'), b.textContent]),
  );
  assert.deepEqual(names, [
    ['thumbs_up', 'Thumbs up', '👍'],
    ['clap', 'Applause', '👏'],
    ['laugh', 'Laughter', '😂'],
    ['heart', 'Heart', '❤️'],
    ['surprised', 'Surprise', '😮'],
    ['celebrate', 'Celebration', '🎉'],
  ]);
  assert.equal(await ana.page.evaluate(() => document.activeElement?.dataset.reaction), 'thumbs_up');
  await ana.page.keyboard.press('ArrowRight');
  assert.equal(await ana.page.evaluate(() => document.activeElement?.dataset.reaction), 'clap');
  await ana.page.keyboard.press('m'); // not the meeting's shortcut while in the popover
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(await ana.page.getByTestId('mic-toggle').getAttribute('data-state'), 'off');
  await ana.page.keyboard.press('ArrowRight');
  await screenshot(ana.page, 'reaction-popover');
  await ana.page.keyboard.press('Escape');
  assert.equal(await menu.isVisible(), false);
  assert.equal(await ana.page.evaluate(() => document.activeElement?.dataset.testid), 'reaction-toggle');

  // Bo claps with the mouse: it floats on Bo's tile on Ana's page, and on Bo's own tile.
  await bo.page.getByTestId('reaction-toggle').click();
  await bo.page.locator('[data-testid=reaction-menu] [data-reaction=clap]').click();
  assert.equal(await bo.page.getByTestId('reaction-menu').isVisible(), false, 'the popover closes');
  const onAna = ana.page.locator(`[data-testid=tile][data-participant-id="${boId}"] [data-testid=reaction-float][data-reaction=clap]`);
  // Both at once: each float goes by itself after about 3 s.
  const onBo = bo.page.locator('[data-testid=tile][data-self=true] [data-testid=reaction-float][data-reaction=clap]');
  await Promise.all([onAna.waitFor({ timeout: 10_000 }), onBo.waitFor({ timeout: 10_000 })]);
  assert.equal(await onAna.textContent(), '👏');
  assert.equal(await ana.page.getByTestId('reaction-log').textContent(), 'Bo: Applause');
  assert.equal(await bo.page.getByTestId('reaction-log').textContent(), 'You: Applause');
  await new Promise((r) => setTimeout(r, 300));
  await screenshot(ana.page, 'reaction-float');
  // It goes after about 3 s.
  await eventually(async () => (await onAna.count()) === 0, { timeout: 5000, what: 'the reaction gone' });
  assert.deepEqual(await ana.page.evaluate(() => window.vroom.meeting.reactions.received), [{ from: boId, reaction: 'clap' }]);

  // With less motion, a reaction only fades in and out where it is (still about 3 s).
  await ana.page.emulateMedia({ reducedMotion: 'reduce' });
  await bo.page.getByTestId('reaction-toggle').click();
  await bo.page.locator('[data-testid=reaction-menu] [data-reaction=celebrate]').click();
  const still = ana.page.locator(`[data-testid=tile][data-participant-id="${boId}"] [data-testid=reaction-float][data-reaction=celebrate]`);
  await still.waitFor({ timeout: 10_000 });
  const animation = await still.evaluate((el) => {
    const style = getComputedStyle(el);
    return `${style.animationName} ${style.animationDuration}`;
  });
  assert.equal(animation, 'reaction-fade 3s');
  for (const p of [ana, bo]) await p.page.context().close();
});
