// Names and colours in the browser: each person gets a different colour from the room; a name and a colour
// changed in the settings dialog show at once on the others' tiles and chat, the colour is remembered for the
// next meeting, and a name the server would refuse is refused in the dialog first.
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

test('colours differ, a new name and colour show live on tiles and in chat, and the colour is remembered', async () => {
  const room = await createRoom(server, `identity-${Date.now()}`);
  const ana = await join(browser, server, room, 'Ana', { mic: false, cam: false });
  const bob = await join(browser, server, room, 'Bob', { mic: false, cam: false });
  const anaId = await myId(ana.page);
  const anaOnBob = bob.page.locator(`[data-testid=tile][data-participant-id="${anaId}"]`);
  const colours = await bob.page.$$eval('[data-testid=tile]', (els) => els.map((e) => e.dataset.colour));
  assert.equal(new Set(colours).size, 2, `two people, two colours: ${colours}`);

  await ana.page.getByTestId('settings').click();
  const dialog = ana.page.getByTestId('settings-dialog');
  await dialog.waitFor();
  // The swatches are a radio group with named colours; Ana's is checked.
  const mine = await ana.page.getByTestId('tile').and(ana.page.locator('[data-self=true]')).getAttribute('data-colour');
  assert.equal(await dialog.locator('.swatch:checked').getAttribute('value'), mine);
  assert.equal(await dialog.locator('.swatch[value="7"]').getAttribute('aria-label'), 'Red');
  await dialog.locator('.swatch[value="7"]').check();
  await eventually(async () => (await anaOnBob.getAttribute('data-colour')) === '7', { what: "Ana's new colour on Bob's page" });

  // A name with an invisible character is refused in the dialog, which stays open.
  const nameInput = dialog.getByTestId('settings-name');
  await nameInput.fill('An\u200ba');
  await dialog.getByTestId('settings-done').click();
  assert.match(await dialog.getByTestId('settings-name-error').textContent(), /can't be used/);
  assert.equal(await nameInput.getAttribute('aria-invalid'), 'true');
  await nameInput.fill('Anna Karenina');
  await dialog.getByTestId('settings-done').click();
  await dialog.waitFor({ state: 'detached' });
  await eventually(async () => (await anaOnBob.getByTestId('tile-name').textContent()) === 'Anna Karenina', { what: 'new name on Bob' });
  await eventually(async () => (await bob.page.evaluate(() => window.vroom.notices())).includes('Ana is now Anna Karenina'), { what: 'rename notice' });

  // Her chat messages carry her colour.
  await ana.page.evaluate(() => window.vroom.meeting.signalling.chat('hello in red'));
  await bob.page.evaluate(() => window.vroom.meeting.openChat());
  const message = bob.page.locator('[data-testid=chat-message]', { hasText: 'hello in red' });
  await message.waitFor();
  assert.equal(await message.getAttribute('data-colour'), '7', JSON.stringify(await bob.page.evaluate(() => window.vroom.chat())));

  // Next meeting in the same browser: the same colour and name.
  await ana.page.getByTestId('leave').click();
  await ana.page.waitForURL(/goodbye/);
  const again = await join(browser, server, room, 'Anna Karenina', { page: ana.page, mic: false, cam: false });
  const back = await myId(again.page);
  await eventually(async () => (await bob.page.locator(`[data-testid=tile][data-participant-id="${back}"]`).getAttribute('data-colour')) === '7', {
    what: 'colour remembered',
  });
  for (const p of [ana, bob]) await p.page.context().close();
});
