// Raised hands in the browser: B raises its hand (update {hand: true}) and A sees the badge on B's tile; B lowers
// it and the badge goes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, useServerAndBrowser } from './harness.mjs';
import { join, myId, createRoomAsChairman } from './room.mjs';

let server;
let browser;

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

test('a raised hand shows on the tile for others', async () => {
  const room = `hand-${Date.now()}`;
  const page = await createRoomAsChairman(browser, server, room);
  const a = await join(browser, server, room, 'Ana', { page, cam: false });
  const b = await join(browser, server, room, 'Bob', { cam: false });
  const bId = await myId(b.page);
  const badge = a.page.locator(`[data-testid=tile][data-participant-id="${bId}"] [data-testid=tile-hand]`);
  assert.equal(await badge.isVisible(), false);
  const button = b.page.getByTestId('hand-toggle');
  assert.equal(await button.getAttribute('aria-label'), 'Raise hand');
  await b.page.keyboard.press('h');
  await eventually(() => badge.isVisible(), { what: "badge on Bob's tile" });
  assert.equal(await badge.getAttribute('aria-label'), 'Hand raised');
  await eventually(async () => (await a.page.evaluate(() => window.vroom.notices())).includes('Bob raised their hand'), {
    what: "Ana's toast",
  });
  await eventually(async () => (await button.getAttribute('aria-pressed')) === 'true', { what: 'pressed' });
  assert.equal(await button.getAttribute('aria-label'), 'Lower hand');
  await button.click();
  await eventually(async () => !(await badge.isVisible()), { what: 'badge gone' });
});
