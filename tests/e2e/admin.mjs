// Helpers of the admin area's browser tests: an account made with the real binary (`vroom admin add`, password on
// standard input) in a test server's database, a logged-in page, and calls to the admin API from inside a page
// (the admin cookie is SameSite=Strict: only the page's own requests carry it).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ready, ROOT } from './harness.mjs';

export const ADMIN = 'ops';
export const PASSWORD = 'password1234';

/** Adds an administrator to the database of a server started by harness.mjs. */
export function addAdmin(server, name = ADMIN, password = PASSWORD) {
  const bin = process.env.VROOM_BIN ?? path.join(ROOT, 'target/debug/vroom');
  execFileSync(bin, ['admin', 'add', name], {
    input: `${password}\n`,
    env: { ...process.env, VROOM_DATABASE__URL: `sqlite://${server.dataDir}/vroom.db` },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
}

/** A fresh browser context in `lang` with the viewport given. */
export async function adminContext(browser, server, { width = 1440, height = 900, lang = 'en' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale: lang, acceptDownloads: true });
  await context.addCookies([{ name: 'vroom_lang', value: lang, url: server.url }]);
  return context;
}

/** Logs in through the form on `page` (already on the login page, or sent there). */
export async function logIn(page, name = ADMIN, password = PASSWORD) {
  await ready(page);
  await page.getByTestId('login-username').fill(name);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  try {
    await page.waitForURL((u) => u.pathname !== '/admin/login', { timeout: 10_000 });
  } catch (err) {
    const said = await page.getByTestId('login-error').textContent().catch(() => null);
    throw new Error(`login as ${name} did not go through: ${said ?? err}`);
  }
}

/** A page of a new context, logged in, on `path`. */
export async function adminPage(browser, server, path = '/admin', options = {}) {
  const context = await adminContext(browser, server, options);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[admin page error] ${e.message}`));
  await page.goto(`${server.url}/admin/login?next=${encodeURIComponent(path)}`);
  await logIn(page);
  return page;
}

/** Calls the admin API from the page (its cookie, same origin); resolves with {status, body}. */
export function adminApi(page, method, apiPath, body) {
  return page.evaluate(
    async ([method, apiPath, body]) => {
      const res = await fetch(apiPath, {
        method,
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let json = null;
      try {
        json = JSON.parse(text);
      } catch {
        // not JSON
      }
      return { status: res.status, body: json };
    },
    [method, apiPath, body],
  );
}

/** The room names of the list's rows, in order. */
export function rowNames(page) {
  return page.$$eval('[data-testid=room-row]', (rows) => rows.map((r) => r.getAttribute('data-room')));
}
