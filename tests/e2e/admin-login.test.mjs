// The admin area's login: a page asked without a login sends to the form and comes back (with its query) after
// it; a wrong password and too many attempts are said in the page's language; "Log out" ends the session; an
// administrator who is already logged in skips the form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ready, screenshot, useServerAndBrowser } from './harness.mjs';
import { ADMIN, PASSWORD, addAdmin, adminContext, logIn } from './admin.mjs';

let server;
let browser;

useServerAndBrowser(
  (s, b) => {
    server = s;
    browser = b;
    addAdmin(server);
    addAdmin(server, 'night-shift', 'another-password-9');
    addAdmin(server, 'early-bird', 'early-password-1');
  },
  {
    // Generous per address (every test logs in from 127.0.0.1), strict per account (the lock-out test).
    VROOM_ADMIN__LOGIN_ATTEMPTS_PER_MINUTE: '100',
    VROOM_ADMIN__LOGIN_ATTEMPTS_PER_ACCOUNT_PER_MINUTE: '3',
  },
);

test('an admin page without a login goes to the login form, then back to where it was', async () => {
  const context = await adminContext(browser, server);
  const page = await context.newPage();
  const wanted = '/admin/rooms?q=team&sort=created&dir=desc';
  const response = await page.goto(`${server.url}${wanted}`);
  assert.equal(new URL(page.url()).pathname, '/admin/login');
  assert.equal(new URL(page.url()).searchParams.get('next'), wanted);
  assert.equal(response?.status(), 200);
  assert.equal(await page.getByTestId('nav-rooms').count(), 0, 'no navigation before logging in');
  await screenshot(page, 'admin-login-wide');

  // A wrong password: the server's words, the password field marked and focused.
  await page.getByTestId('login-username').fill(ADMIN);
  await page.getByTestId('login-password').fill('not-the-password');
  await page.getByTestId('login-submit').click();
  const error = page.getByTestId('login-error');
  await error.waitFor();
  assert.equal(await error.textContent(), 'Wrong account name or password.');
  assert.equal(await error.getAttribute('data-code'), 'bad_credentials');
  assert.equal(await page.getByTestId('login-password').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'login-password');
  await screenshot(page, 'admin-login-error-wide');

  await logIn(page);
  const url = new URL(page.url());
  assert.equal(url.pathname + url.search, wanted, 'back where the administrator was going');
  await ready(page);
  assert.equal(await page.getByTestId('rooms-search').inputValue(), 'team');
  assert.equal(await page.getByTestId('admin-username').textContent(), ADMIN);
  assert.equal(await page.getByTestId('nav-rooms').getAttribute('aria-current'), 'page');

  // Logged in, the login page goes straight on; its `next` never leaves the admin area.
  await page.goto(`${server.url}/admin/login?next=${encodeURIComponent('/admin/audit')}`);
  assert.equal(new URL(page.url()).pathname, '/admin/audit');
  await page.goto(`${server.url}/admin/login?next=${encodeURIComponent('//evil.example/admin')}`);
  assert.equal(new URL(page.url()).host, new URL(server.url).host);
  assert.equal(new URL(page.url()).pathname, '/admin');

  // "Log out" ends the session: the area asks for a login again.
  await ready(page);
  await page.getByTestId('logout').click();
  await page.waitForURL((u) => u.pathname === '/admin/login');
  await page.goto(`${server.url}/admin`);
  assert.equal(new URL(page.url()).pathname, '/admin/login');
  const me = await page.evaluate(async () => (await fetch('/api/admin/me')).status);
  assert.equal(me, 401);
  await context.close();
});

test('a login sent before the page listens is dropped, not sent by the browser with the password in the address', async () => {
  const context = await adminContext(browser, server);
  const page = await context.newPage();
  // The page's module waits for its language before it listens: hold that download.
  /** @type {() => void} */
  let release = () => {};
  const held = new Promise((resolve) => (release = () => resolve(undefined)));
  await page.route('**/assets/i18n/**', async (route) => {
    await held;
    await route.continue();
  });
  // (Its own account: the others' attempts per minute are counted by the other tests.)
  await page.goto(`${server.url}/admin/login`, { waitUntil: 'domcontentloaded' });
  await page.getByTestId('login-username').fill('early-bird');
  await page.getByTestId('login-password').fill('early-password-1');
  await page.getByTestId('login-password').press('Enter');
  await page.getByTestId('login-submit').click();
  await page.waitForTimeout(700);
  assert.equal(new URL(page.url()).search, '', 'no field in the address');
  assert.equal(await page.getByTestId('login-password').inputValue(), 'early-password-1', 'the form is as it was');
  assert.equal(await page.locator('html[data-ready]').count(), 0, 'the page did not listen yet');
  release();
  await ready(page);
  await logIn(page, 'early-bird', 'early-password-1');
  assert.equal(new URL(page.url()).pathname, '/admin');
  await context.close();
});

test('too many attempts: the wait is said, in French too, and the button waits', async () => {
  const context = await adminContext(browser, server, { width: 390, height: 844, lang: 'fr' });
  const page = await context.newPage();
  await page.goto(`${server.url}/admin/login`);
  await ready(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.equal(await page.getByTestId('login-submit').textContent(), 'Se connecter');
  const error = page.getByTestId('login-error');
  /** Submits the form and resolves once the page has shown the answer. */
  const submit = async () => {
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/admin/login')),
      page.getByTestId('login-submit').click(),
    ]);
    await page.waitForFunction(() => !document.querySelector('[data-testid=login-submit]')?.hasAttribute('aria-busy'));
    return res.status();
  };
  for (let i = 0; i < 3; i++) {
    await page.getByTestId('login-username').fill('night-shift');
    await page.getByTestId('login-password').fill(`wrong-${i}`);
    assert.equal(await submit(), 401);
    assert.equal(await error.getAttribute('data-code'), 'bad_credentials');
  }
  assert.equal(await error.textContent(), 'Nom de compte ou mot de passe incorrect.');
  // The right password, but too late: the account is refused for a while, and the page says how long.
  await page.getByTestId('login-password').fill('another-password-9');
  assert.equal(await submit(), 429);
  assert.equal(await error.getAttribute('data-code'), 'too_many_attempts');
  const text = (await error.textContent()) ?? '';
  assert.match(text, /\d+/, `the wait is said: ${text}`);
  assert.ok(await page.getByTestId('login-submit').isDisabled(), 'the button waits');
  assert.equal(new URL(page.url()).pathname, '/admin/login');
  await screenshot(page, 'admin-login-fr-phone-too-many');
  await context.close();
});

test('the login page in French, and a phone', async () => {
  const context = await adminContext(browser, server, { width: 390, height: 844, lang: 'fr' });
  const page = await context.newPage();
  await page.goto(`${server.url}/admin`);
  assert.equal(await page.locator('h1').textContent(), 'Administration');
  assert.equal(await page.locator('label[for=login-username]').textContent(), 'Nom du compte');
  await screenshot(page, 'admin-login-fr-phone');
  await ready(page);
  await page.getByTestId('login-username').fill(ADMIN);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => u.pathname === '/admin');
  assert.equal(await page.getByTestId('nav-dashboard').getAttribute('aria-current'), 'page');
  assert.equal(await page.getByTestId('logout').textContent(), 'Se déconnecter');
  await context.close();
});
