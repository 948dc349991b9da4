// A full room says so clearly, and does not keep retrying.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, createRoom, newPage, screenshot, eventually } from './harness.mjs';
import { join } from './room.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({ VROOM_ROOMS__MAX_MEMBERS: '1' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('joining a full room shows why, and the client stops there', async () => {
  const room = await createRoom(server, 'tiny');
  await join(browser, server, room, 'First');
  const page = await newPage(browser);
  await page.goto(`${server.url}/${room}`);
  await page.getByTestId('name-input').fill('Second');
  await eventually(() => page.getByTestId('join-button').isEnabled(), { what: 'join enabled' });
  await page.getByTestId('join-button').click();
  const fatal = page.locator('[data-testid=fatal-error][data-code=room_full]');
  await fatal.waitFor({ timeout: 10_000 });
  assert.match((await fatal.textContent()) ?? '', /full/i);
  await screenshot(page, 'room-full');
  // No retry loop: a refusal is final (a retry would show as "connecting" or "reconnecting").
  for (let i = 0; i < 6; i++) {
    assert.equal(await page.evaluate(() => window.vroom.signalling.state), 'failed');
    await new Promise((r) => setTimeout(r, 500));
  }
});
