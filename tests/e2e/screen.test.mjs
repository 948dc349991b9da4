// Screen sharing in the browser (Chromium's fake screen capture: a 1280×720 picture, with fake tab audio). A share is
// an extra video track on the existing connections: the others get it with frames, in its own tile, large; a late
// joiner gets a share already running; two people can share at once; stopping (our button, or the browser's own
// "Stop sharing" bar, which ends the track) removes it everywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, useServerAndBrowser, createRoom } from './harness.mjs';
import { join, myId } from './room.mjs';

let server;
let browser;

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

/** Frames decoded from `fromId`'s screen share on `page`, or -1 when no share track is received. */
async function screenFrames(page, fromId) {
  return page.evaluate(async (id) => {
    const peer = window.vroom.peers().find((p) => p.id === id);
    const track = peer?.screen.getVideoTracks()[0];
    if (!peer || !track) return -1;
    let frames = -1;
    (await peer.pc.getStats()).forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video' && s.trackIdentifier === track.id) frames = s.framesDecoded ?? 0;
    });
    return frames;
  }, fromId);
}

/** Resolves when `page` decodes new frames of `fromId`'s share and shows them in a screen tile with real size. */
async function expectShareFrom(page, fromId, what) {
  await eventually(
    async () => {
      const a = await screenFrames(page, fromId);
      await new Promise((r) => setTimeout(r, 600));
      const b = await screenFrames(page, fromId);
      return a >= 0 && b > a;
    },
    { timeout: 20_000, what: `frames of the share on ${what}` },
  );
  const tile = page.locator(`[data-testid=screen-tile][data-participant-id="${fromId}"]`);
  await eventually(
    () => tile.locator('video').evaluate((v) => v.videoWidth >= 640 && v.videoHeight >= 360 && !v.paused),
    { what: `the share's tile playing on ${what}` },
  );
}

/** Video tracks `page` receives from `fromId`: the camera's and the share's. */
async function videoTracksFrom(page, fromId) {
  return page.evaluate((id) => {
    const peer = window.vroom.peers().find((p) => p.id === id);
    return peer ? peer.stream.getVideoTracks().length + peer.screen.getVideoTracks().length : 0;
  }, fromId);
}

test('a share reaches everyone as an extra video track, late joiners included; two can share; stop removes it', async () => {
  const room = await createRoom(server, `screen-${Date.now()}`);
  const ana = await join(browser, server, room, 'Ana', { mic: false });
  const bob = await join(browser, server, room, 'Bob', { mic: false });
  const anaId = await myId(ana.page);
  const bobId = await myId(bob.page);

  const button = ana.page.getByTestId('screen-toggle');
  assert.equal(await button.getAttribute('aria-label'), 'Share screen');
  await button.click();
  await eventually(async () => (await button.getAttribute('aria-pressed')) === 'true', { what: 'share button pressed' });
  assert.equal(await button.getAttribute('aria-label'), 'Stop sharing');
  await expectShareFrom(bob.page, anaId, 'Bob');
  assert.equal(await videoTracksFrom(bob.page, anaId), 2, 'camera and share');
  // The share takes the large view; Ana's camera stays in the filmstrip.
  assert.equal(await bob.page.getByTestId('stage').getAttribute('data-layout'), 'spotlight');
  assert.equal(
    await bob.page.locator(`[data-testid=spotlight] [data-testid=screen-tile][data-participant-id="${anaId}"]`).count(),
    1,
  );
  // Ana sees her own share as a tile, but it does not take her large view.
  assert.equal(await ana.page.locator('[data-testid=screen-tile][data-self=true]').count(), 1);
  assert.equal(await ana.page.getByTestId('stage').getAttribute('data-layout'), 'grid');

  // Carol joins while Ana shares: she gets the share without anyone doing anything.
  const carol = await join(browser, server, room, 'Carol', { mic: false });
  await expectShareFrom(carol.page, anaId, 'Carol (late)');
  assert.ok((await carol.page.evaluate(() => window.vroom.notices())).every((n) => !n.includes('is sharing')),
    'no "started sharing" notice for a share that was already running');

  // Bob shares too: Carol has two shares, each in its own tile.
  await bob.page.getByTestId('screen-toggle').click();
  await expectShareFrom(carol.page, bobId, 'Carol (Bob)');
  await expectShareFrom(ana.page, bobId, 'Ana (Bob)');
  assert.equal(await carol.page.locator('[data-testid=screen-tile]').count(), 2);

  // Ana stops with our button: her share leaves everyone.
  await button.click();
  await eventually(async () => (await button.getAttribute('aria-pressed')) === 'false', { what: 'button released' });
  for (const [page, who] of [[bob.page, 'Bob'], [carol.page, 'Carol']]) {
    await eventually(
      async () =>
        (await page.locator(`[data-testid=screen-tile][data-participant-id="${anaId}"]`).count()) === 0 &&
        (await videoTracksFrom(page, anaId)) === 1,
      { what: `Ana's share gone on ${who}` },
    );
  }
  assert.equal(await ana.page.locator('[data-testid=screen-tile][data-self=true]').count(), 0);

  // Bob stops from the browser's own bar, which ends the captured track.
  await bob.page.evaluate(() => {
    const track = window.vroom.meeting.mesh.participants.values().next().value.peer.pc
      .getSenders()
      .map((s) => s.track)
      .find((t) => t && t.label.startsWith('screen'));
    track.stop();
    track.dispatchEvent(new Event('ended'));
  });
  await eventually(
    async () => (await carol.page.locator('[data-testid=screen-tile]').count()) === 0 && (await videoTracksFrom(carol.page, bobId)) === 1,
    { what: "Bob's share gone on Carol" },
  );
  assert.equal(await bob.page.getByTestId('screen-toggle').getAttribute('aria-pressed'), 'false');
  assert.equal(await carol.page.getByTestId('stage').getAttribute('data-layout'), 'grid');

  // Sharing again reuses the connections' share m-lines instead of adding more.
  const before = await ana.page.evaluate((id) => window.vroom.peers().find((p) => p.id === id).pc.getTransceivers().length, bobId);
  await button.click();
  await expectShareFrom(bob.page, anaId, 'Bob (again)');
  const after = await ana.page.evaluate((id) => window.vroom.peers().find((p) => p.id === id).pc.getTransceivers().length, bobId);
  assert.equal(after, before);
  for (const p of [ana, bob, carol]) await p.page.context().close();
});

test('any tile can be pinned to the large view and unpinned; a tile has pin and full-screen buttons with names', async () => {
  const room = await createRoom(server, `pin-${Date.now()}`);
  const ana = await join(browser, server, room, 'Ana', { mic: false });
  const bob = await join(browser, server, room, 'Bob', { mic: false });
  const carol = await join(browser, server, room, 'Carol', { mic: false });
  const bobId = await myId(bob.page);
  const stage = ana.page.getByTestId('stage');
  assert.equal(await stage.getAttribute('data-layout'), 'grid');
  const bobTile = ana.page.locator(`[data-testid=tile][data-participant-id="${bobId}"]`);
  const pin = bobTile.getByTestId('tile-pin');
  assert.equal(await pin.getAttribute('aria-label'), 'Pin Bob');
  assert.equal(await bobTile.getByTestId('tile-fullscreen').getAttribute('aria-label'), 'Show Bob full screen');
  await bobTile.hover();
  await pin.click();
  assert.equal(await stage.getAttribute('data-layout'), 'spotlight');
  assert.equal(await ana.page.locator(`[data-testid=spotlight] [data-participant-id="${bobId}"]`).count(), 1);
  assert.equal(await pin.getAttribute('aria-pressed'), 'true');
  assert.equal(await pin.getAttribute('aria-label'), 'Unpin Bob');
  // The pinned video keeps playing where it went.
  await eventually(() => bobTile.locator('video').evaluate((v) => !v.paused && v.videoWidth > 0), { what: 'pinned video plays' });
  await pin.click();
  assert.equal(await stage.getAttribute('data-layout'), 'grid');
  assert.equal(await ana.page.locator('[data-testid=grid] > [data-testid=tile]').count(), 3);
  for (const p of [ana, bob, carol]) await p.page.context().close();
});
