// The room settings dialog beyond the basics: a name too common to be reserved, the member limit, the addresses
// told of joins, removing a password, the length of a join password, changing or removing an owner password
// (which takes the current one); the server's "busy" and "too many changes" answers said in words; and the
// pre-join screen when password attempts run out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, screenshot, eventually, useServerAndBrowser } from './harness.mjs';
import { join, createRoomAsChairman, openPeople, notices } from './room.mjs';

let server;
let browser;

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
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

/** The role a room password gives (from outside any browser), or the error code. */
async function auth(room, password) {
  const res = await fetch(`${server.url}/api/rooms/${room}/auth`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password }),
  });
  const body = await res.json();
  return body.role ?? body.error;
}

test('settings: a join password needs 4 characters; an owner password is changed or removed with the current one', async () => {
  const room = 'quill-harbour';
  const page = await createRoomAsChairman(browser, server, room);
  await join(browser, server, room, 'Ana', { page, cam: false });
  let patches = 0;
  page.on('request', (r) => {
    if (r.method() === 'PATCH') patches += 1;
  });

  // A 3-character join password is caught before anything is sent; 4 will do. The room gets reserved too.
  let dialog = await openSettings(page);
  await dialog.getByTestId('setting-join-password-on').check();
  assert.equal(
    await dialog.locator('#rs-join-password-input-hint').textContent(),
    'Use 4 to 128 characters.',
    'the hint gives the length',
  );
  await dialog.getByTestId('setting-join-password').fill('abc');
  await dialog.getByTestId('setting-owner-password-on').check();
  await dialog.getByTestId('setting-owner-password').fill('first owner key');
  assert.equal(await dialog.getByTestId('current-owner-password-field').isVisible(), false, 'nothing to confirm yet');
  await dialog.getByTestId('settings-save').click();
  assert.equal(await dialog.getByTestId('error-join_password').textContent(), 'Use 4 to 128 characters.');
  assert.equal(patches, 0, 'nothing sent');
  await dialog.getByTestId('setting-join-password').fill('abcd');
  await dialog.getByTestId('settings-save').click();
  await dialog.waitFor({ state: 'detached' });
  let s = await status(room);
  assert.equal(s.settings.join_password, true);
  assert.equal(s.settings.owner_password, true);

  // Reserved: a new owner password asks for the current one, and goes nowhere without it.
  dialog = await openSettings(page);
  assert.match(
    (await dialog.locator('#rs-owner-password-input-hint').textContent()) ?? '',
    /needs the current owner password/,
    'the reserved room says what a change takes',
  );
  const current = dialog.getByTestId('setting-current-owner-password');
  const currentError = dialog.getByTestId('error-current_owner_password');
  assert.equal(await dialog.getByTestId('current-owner-password-field').isVisible(), false, 'hidden until a change');
  await dialog.getByTestId('setting-owner-password').fill('second owner key');
  await dialog.getByTestId('current-owner-password-field').waitFor();
  patches = 0;
  await dialog.getByTestId('settings-save').click();
  assert.match((await currentError.textContent()) ?? '', /Enter the current owner password \(the one that reserved this room\)/);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'setting-current-owner-password');
  assert.equal(patches, 0, 'nothing sent without the current owner password');

  // A wrong one: the server refuses (owner_password_required) and the dialog says so at that field.
  await current.fill('not the owner key');
  assert.equal(await currentError.isVisible(), false, 'typing clears the error');
  await dialog.getByTestId('settings-save').click();
  await eventually(() => currentError.isVisible(), { what: "the server's refusal at the field" });
  assert.match((await currentError.textContent()) ?? '', /isn't the current owner password/);
  assert.equal(await current.getAttribute('aria-invalid'), 'true');
  assert.equal(patches, 1);
  assert.equal(await dialog.getByTestId('settings-error').isVisible(), false, 'said at the field, not below');
  await screenshot(page, 'room-settings-current-owner-password-desktop');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'room-settings-current-owner-password-desktop-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  assert.equal(await auth(room, 'first owner key'), 'chairman', 'the owner password did not change');

  // The right one.
  await current.fill('first owner key');
  await dialog.getByTestId('settings-save').click();
  await dialog.waitFor({ state: 'detached' });
  await eventually(async () => (await notices(page)).includes('You changed the owner password'), {
    what: 'owner password change notice',
  });
  assert.equal(await auth(room, 'second owner key'), 'chairman', 'the new owner password works');

  // Removing the reservation takes it too: unticking shows the field at once.
  dialog = await openSettings(page);
  await dialog.getByTestId('setting-owner-password-on').uncheck();
  await dialog.getByTestId('current-owner-password-field').waitFor();
  await page.setViewportSize({ width: 390, height: 844 });
  await dialog.getByTestId('settings-save').click();
  assert.match((await currentError.textContent()) ?? '', /Enter the current owner password/);
  await screenshot(page, 'room-settings-current-owner-password-phone');
  await dialog.getByTestId('setting-owner-password-on').check();
  assert.equal(await dialog.getByTestId('current-owner-password-field').isVisible(), false, 'no change, no field');
  await dialog.getByTestId('setting-owner-password-on').uncheck();
  await current.fill('second owner key');
  await dialog.getByTestId('settings-save').click();
  await dialog.waitFor({ state: 'detached' });
  s = await status(room);
  assert.equal(s.settings.owner_password, false, 'the reservation is gone');
  assert.equal(s.settings.join_password, true, 'the join password stays');
  await page.context().close();
});

test('busy and too many changes: said in words in the dialog, the lock toggle and the pre-join', async () => {
  const room = 'amber-lantern';
  const page = await createRoomAsChairman(browser, server, room);
  await join(browser, server, room, 'Ana', { page, cam: false });
  /** @type {{status: number, body: object} | null} */
  let answer = null;
  await page.route(`**/api/rooms/${room}`, (route) => {
    if (route.request().method() !== 'PATCH' || !answer) return route.continue();
    return route.fulfill({ status: answer.status, json: answer.body, headers: { 'retry-after': '12' } });
  });

  const dialog = await openSettings(page);
  await dialog.getByTestId('setting-join-password-on').check();
  await dialog.getByTestId('setting-join-password').fill('open sesame');
  answer = { status: 503, body: { error: 'busy', message: 'checking many passwords', retry_after: 5 } };
  await dialog.getByTestId('settings-save').click();
  const error = dialog.getByTestId('settings-error');
  await error.waitFor();
  assert.equal(await error.textContent(), 'The server is busy right now. Try again in a few seconds.');
  answer = { status: 429, body: { error: 'rate_limited', message: 'too many settings changes', retry_after: 12 } };
  await dialog.getByTestId('settings-save').click();
  await eventually(async () => (await error.textContent()) === 'Too many changes. Try again in 12 seconds.', {
    what: 'the rate limit said',
  });
  assert.ok(await dialog.isVisible(), 'the dialog stays open, the form as it was');
  assert.equal(await dialog.getByTestId('setting-join-password').inputValue(), 'open sesame');
  await dialog.getByTestId('settings-cancel').click();
  await dialog.waitFor({ state: 'detached' });

  answer = { status: 429, body: { error: 'rate_limited', message: 'too many settings changes', retry_after: 1 } };
  await page.getByTestId('lock-toggle').click();
  await eventually(async () => (await notices(page)).includes('Too many changes. Try again in 1 second.'), {
    what: 'the lock refused in words',
  });
  await eventually(() => page.getByTestId('lock-toggle').isEnabled(), { what: 'the lock button usable again' });
  assert.equal(await page.getByTestId('lock-toggle').getAttribute('data-state'), 'unlocked');
  answer = null;

  // The pre-join: a password check the server is too busy for.
  const saved = await page.evaluate(async (name) => {
    const res = await fetch(`/api/rooms/${name}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ join_password: 'open sesame' }),
    });
    return res.status;
  }, room);
  assert.equal(saved, 200);
  const visitor = await newPage(browser);
  await visitor.route(`**/api/rooms/${room}/auth`, (route) =>
    route.fulfill({ status: 503, json: { error: 'busy', message: 'checking many passwords', retry_after: 5 } }),
  );
  await visitor.goto(`${server.url}/${room}`);
  await visitor.getByTestId('password-field').waitFor();
  await visitor.getByTestId('name-input').fill('Bob');
  await visitor.getByTestId('password-input').fill('open sesame');
  await eventually(() => visitor.getByTestId('join-button').isEnabled(), { what: 'join enabled' });
  await visitor.getByTestId('join-button').click();
  const joinError = visitor.locator('[data-testid=join-error][data-code=busy]');
  await joinError.waitFor();
  assert.equal(await joinError.textContent(), 'The server is busy right now. Try again in a few seconds.');
  assert.equal(await visitor.evaluate(() => window.vroom.phase), 'prejoin', 'the form stays');
  await visitor.context().close();
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
