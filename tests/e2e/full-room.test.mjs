// A full room says so clearly (on the pre-join screen, before and after trying), and does not keep retrying.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRoom, newPage, screenshot, eventually, useServerAndBrowser } from './harness.mjs';
import { join } from './room.mjs';

let server;
let browser;

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
}, { VROOM_ROOMS__MAX_MEMBERS: '1' });

test('joining a full room shows why, and the client stops there', async () => {
  const room = await createRoom(server, 'tiny');
  // Someone on the pre-join screen while the room fills up.
  const page = await newPage(browser);
  await page.goto(`${server.url}/${room}`);
  await page.getByTestId('name-input').fill('Second');
  await eventually(() => page.getByTestId('join-button').isEnabled(), { what: 'join enabled' });
  await join(browser, server, room, 'First');
  // The pre-join screen notices (it reads the room's status every 5 s).
  const notice = page.locator('[data-testid=access-notice][data-kind=full]');
  await notice.waitFor({ timeout: 20_000 });
  assert.match((await notice.textContent()) ?? '', /full/i);
  // Joining anyway: the server refuses, and the page comes back to the pre-join screen saying why.
  await page.getByTestId('join-button').click();
  const refused = page.locator('[data-testid=join-error][data-code=room_full]');
  await refused.waitFor({ timeout: 20_000 });
  assert.match((await refused.textContent()) ?? '', /full/i);
  assert.equal(await page.evaluate(() => window.vroom.phase), 'prejoin');
  await screenshot(page, 'room-full');
  // No retry loop: a refusal is final (a retry would show as "connecting" or "reconnecting").
  for (let i = 0; i < 6; i++) {
    assert.equal(await page.evaluate(() => window.vroom.signalling.state), 'failed');
    await new Promise((r) => setTimeout(r, 500));
  }
  // Opening the room's page while it is full: the server says so at once.
  const late = await newPage(browser);
  const response = await late.goto(`${server.url}/${room}`);
  assert.equal(response?.status(), 503);
  const full = late.getByTestId('room-full-page');
  await full.waitFor();
  assert.match((await full.textContent()) ?? '', /full.*limit of 1 person/is);
  await screenshot(late, 'room-full-page');
});
