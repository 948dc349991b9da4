// The room settings dialog beyond the basics: a name too common to be reserved, the member limit, the addresses
// told of joins, removing a password; and the pre-join screen when password attempts run out.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, screenshot, eventually } from './harness.mjs';
import { join, createRoomAsChairman, openPeople, notices } from './room.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function status(room) {
  return (await fetch(`${server.url}/api/rooms/${room}`)).json();
}

async function openSettings(page) {
  await openPeople(page);
  await page.getByTestId('room-settings').click();
  const dialog = page.getByTestId('room-settings-dialog');
  await dialog.waitFor();
  return dialog;
}

test('settings: common name, member limit, notified addresses, removing a password', async () => {
  const room = 'team';
  const page = await createRoomAsChairman(browser, server, room, { width: 390, height: 844 });
  await join(browser, server, room, 'Ana', { page, cam: false });

  let dialog = await openSettings(page);
  assert.ok(await dialog.getByTestId('setting-owner-password-on').isDisabled(), 'a common name cannot be reserved');
  assert.match((await dialog.getByTestId('common-name-note').textContent()) ?? '', /too common/);
  await screenshot(page, 'room-settings-dialog-phone');

  // Out-of-range limit and a bad address are caught before anything is sent.
  await dialog.getByTestId('setting-max-members').fill('500');
  await dialog.getByTestId('setting-notify').fill('ops@example.org\nnot an address');
  await dialog.getByTestId('settings-save').click();
  assert.match((await dialog.getByTestId('error-max_members').textContent()) ?? '', /0 to 25/);
  assert.match((await dialog.getByTestId('error-notify').textContent()) ?? '', /not an address/);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'setting-max-members', 'focus on the first error');
  await screenshot(page, 'room-settings-errors-phone');

  await dialog.getByTestId('setting-max-members').fill('3');
  await dialog.getByTestId('setting-notify').fill('ops@example.org\nlead@example.org');
  await dialog.getByTestId('setting-join-password-on').check();
  await dialog.getByTestId('setting-join-password').fill('pass');
  await dialog.getByTestId('settings-save').click();
  await dialog.waitFor({ state: 'detached' });
  let s = await status(room);
  assert.equal(s.settings.max_members, 3);
  assert.equal(s.settings.member_limit, 3);
  assert.equal(s.settings.join_password, true);
  await eventually(async () => (await notices(page)).includes('You limited the meeting to 3 people'), {
    what: 'member limit notice',
  });

  // Reopened: what was saved is shown; unticking the join password removes it.
  dialog = await openSettings(page);
  assert.equal(await dialog.getByTestId('setting-max-members').inputValue(), '3');
  const addresses = (await dialog.getByTestId('setting-notify').inputValue()).split('\n');
  assert.deepEqual(addresses.sort(), ['lead@example.org', 'ops@example.org']);
  assert.ok(await dialog.getByTestId('setting-join-password-on').isChecked());
  assert.equal(await dialog.getByTestId('setting-join-password').inputValue(), '', 'a password is never shown');
  await dialog.getByTestId('setting-join-password-on').uncheck();
  await dialog.getByTestId('setting-max-members').fill('0');
  await dialog.getByTestId('settings-save').click();
  await dialog.waitFor({ state: 'detached' });
  s = await status(room);
  assert.equal(s.settings.join_password, false);
  assert.equal(s.settings.max_members, 0);
  await eventually(async () => (await notices(page)).includes('You removed the join password'), {
    what: 'password removal notice',
  });

  // Keyboard: Escape closes the dialog without saving.
  dialog = await openSettings(page);
  await dialog.getByTestId('setting-locked').check();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal((await status(room)).settings.locked, false, 'nothing saved on Escape');
  await page.context().close();
});

test('pre-join: too many wrong passwords says how long to wait', async () => {
  const room = 'guarded-room';
  const chair = await createRoomAsChairman(browser, server, room);
  const saved = await chair.evaluate(async (name) => {
    const res = await fetch(`/api/rooms/${name}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ join_password: 'letmein' }),
    });
    return res.status;
  }, room);
  assert.equal(saved, 200);

  const page = await newPage(browser);
  await page.goto(`${server.url}/${room}`);
  await page.getByTestId('password-field').waitFor();
  await page.getByTestId('name-input').fill('Eve');
  await eventually(() => page.getByTestId('join-button').isEnabled(), { what: 'join enabled' });
  const error = page.getByTestId('join-error');
  let code = null;
  for (let i = 0; i < 10 && code !== 'too_many_attempts'; i++) {
    await page.getByTestId('password-input').fill(`guess ${i}`);
    await page.getByTestId('join-button').click();
    await eventually(async () => (await error.isVisible()) && !(await page.getByTestId('join-button').isDisabled()), {
      what: `answer to attempt ${i + 1}`,
    });
    code = await error.getAttribute('data-code');
    assert.ok(['wrong_password', 'too_many_attempts'].includes(code), `attempt ${i + 1}: ${code}`);
  }
  assert.equal(code, 'too_many_attempts');
  assert.match((await error.textContent()) ?? '', /Too many attempts\. Try again in \d+ seconds?\./);
  assert.equal(await page.evaluate(() => window.vroom.phase), 'prejoin', 'the form stays');
  await screenshot(page, 'prejoin-too-many-attempts');
  await page.context().close();
  await chair.context().close();
});
