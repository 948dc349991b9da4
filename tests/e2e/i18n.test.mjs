// Languages in the browser: a browser that asks for French (Accept-Language from the context's locale) gets the
// home page, a room's pre-join screen, the meeting and the API's error messages in French; the language choice
// switches to English and the choice survives a reload; an English browser gets English; pages without script
// switch with ?lang= links, which only ever lead back to this site.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, createRoom, useServerAndBrowser } from './harness.mjs';
import { join } from './room.mjs';

let server;
let browser;

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

/** French spaces (no-break, narrow no-break) as plain spaces, to compare texts. */
const plain = (text) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ').trim();

async function page(locale, viewport = DESKTOP) {
  const context = await browser.newContext({ locale, viewport });
  const p = await context.newPage();
  p.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  p.on('console', (m) => {
    if (m.type() === 'warning' && m.text().startsWith('i18n')) console.error(`[${locale}] ${m.text()}`);
  });
  return p;
}

/** Text that overflows its box horizontally (French is longer): [selector, scrollWidth, clientWidth]. */
async function overflowing(p) {
  return p.evaluate(() =>
    [...document.querySelectorAll('h1, h2, p, label, button, a, select, .btn, strong, span')]
      .filter((el) => el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow !== 'visible')
      .map((el) => [el.outerHTML.slice(0, 80), el.scrollWidth, el.clientWidth])
      .concat(document.documentElement.scrollWidth > innerWidth ? [['document', document.documentElement.scrollWidth, innerWidth]] : []),
  );
}

test('a French browser gets the home page in French, and the API says its errors in French', async () => {
  for (const [viewport, name] of [
    [DESKTOP, 'desktop'],
    [PHONE, 'phone'],
  ]) {
    const p = await page('fr-FR', viewport);
    await p.goto(server.url);
    assert.equal(await p.getAttribute('html', 'lang'), 'fr');
    assert.equal(await p.title(), 'VROOM — réunions vidéo');
    assert.equal(await p.textContent('h1'), 'Les réunions vidéo, tout simplement.');
    assert.equal(await p.textContent('.skip-link'), 'Aller au contenu');
    assert.equal(await p.getByTestId('create-button').textContent(), 'Lancer une réunion');
    // The footer's language choice (the script replaced the links).
    const select = p.getByTestId('language-select');
    assert.equal(await select.inputValue(), 'fr');
    assert.deepEqual(await select.locator('option').allTextContents(), ['English', 'Français']);
    assert.equal(await p.locator('label[for=language-select]').textContent(), 'Langue');
    // A message of the client (web/ui, from locales/fr/ui.ftl).
    await p.getByTestId('room-name-input').fill('réunion hebdo');
    await p.getByTestId('create-button').click();
    await eventually(() => p.getByTestId('create-error').isVisible(), { what: 'invalid-name message' });
    assert.match(plain(await p.getByTestId('create-error').textContent()), /^Utilisez uniquement des lettres/);
    assert.deepEqual(await overflowing(p), [], `${name}: nothing overflows`);
    await p.getByTestId('room-name-input').fill('');
    await p.screenshot({ path: `/tmp/i18n-home-fr-${name}.png`, fullPage: true });

    // The API's messages follow the browser's language; the codes don't change.
    const answer = await p.evaluate(async () => {
      const res = await fetch('/api/rooms', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'api' }),
      });
      return { status: res.status, body: await res.json() };
    });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error, 'invalid_room_name');
    assert.equal(plain(answer.body.message), 'Ce nom est utilisé par VROOM lui-même. Choisissez-en un autre.');
    await p.context().close();
  }
  // Without a cookie or a browser, Accept-Language alone decides (and q-values count).
  const res = await fetch(`${server.url}/api/rooms/x/auth`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': 'de;q=0.9, fr-CA;q=0.8, en;q=0.5' },
    body: JSON.stringify({ password: 'x' }),
  });
  assert.equal(res.status, 404);
  assert.deepEqual(await res.json(), { error: 'room_not_found', message: "Il n’y a pas de salle nommée x." });
});

test('a room in French: the pre-join screen and the meeting; switching to English is remembered', async () => {
  const room = await createRoom(server, 'salle-fr');
  for (const [viewport, name] of [
    [PHONE, 'phone'],
    [DESKTOP, 'desktop'],
  ]) {
    const p = await page('fr-FR', viewport);
    await p.goto(`${server.url}/${room}`);
    await p.getByTestId('prejoin').waitFor();
    assert.equal(await p.getAttribute('html', 'lang'), 'fr');
    assert.equal(plain(await p.textContent('.prejoin-title')), 'Prêt à participer ?');
    assert.equal(await p.getByTestId('join-button').textContent(), 'Participer');
    assert.equal(await p.locator('label[for=prejoin-name]').textContent(), 'Votre nom');
    assert.match(await p.getByTestId('prejoin-mic-toggle').getAttribute('aria-label'), /^(Couper|Activer) le micro$/);
    await eventually(async () => plain(await p.getByTestId('room-count').textContent()) === 'Personne d’autre n’est encore là.', {
      what: 'the room count in French',
    });
    assert.equal(await p.getByTestId('language-select').inputValue(), 'fr');
    await eventually(() => p.getByTestId('join-button').isEnabled(), { what: 'the camera started' });
    assert.deepEqual(await overflowing(p), [], `${name}: nothing overflows`);
    await p.screenshot({ path: `/tmp/i18n-prejoin-fr-${name}.png`, fullPage: true });
    await p.context().close();
  }

  // The meeting itself, in French.
  const fr = await page('fr-FR');
  await join(browser, server, room, 'Amélie', { page: fr });
  assert.equal(await fr.getByTestId('leave').getAttribute('aria-label'), 'Quitter la réunion');
  assert.match(await fr.getByTestId('mic-toggle').getAttribute('aria-label'), /^Couper le micro/);
  await fr.context().close();

  // Switch to English on the pre-join screen: the page comes back in English, and stays so after a reload.
  const p = await page('fr-FR');
  await p.goto(`${server.url}/${room}`);
  await p.getByTestId('prejoin').waitFor();
  await Promise.all([p.waitForEvent('load'), p.getByTestId('language-select').selectOption('en')]);
  await p.getByTestId('prejoin').waitFor();
  assert.equal(await p.getAttribute('html', 'lang'), 'en');
  assert.equal(await p.textContent('.prejoin-title'), 'Ready to join?');
  const cookie = (await p.context().cookies()).find((c) => c.name === 'vroom_lang');
  assert.equal(cookie?.value, 'en');
  assert.equal(cookie?.path, '/');
  assert.equal(cookie?.sameSite, 'Lax');
  assert.ok(cookie.expires > Date.now() / 1000 + 360 * 24 * 3600, 'remembered for a year');
  await p.reload();
  await p.getByTestId('prejoin').waitFor();
  assert.equal(await p.textContent('.prejoin-title'), 'Ready to join?');
  assert.equal(await p.getByTestId('language-select').inputValue(), 'en');
  // And on every page of the site.
  await p.goto(server.url);
  assert.equal(await p.textContent('h1'), 'Video meetings, simply.');
  // Back to French.
  await Promise.all([p.waitForEvent('load'), p.getByTestId('language-select').selectOption('fr')]);
  assert.equal(await p.textContent('h1'), 'Les réunions vidéo, tout simplement.');
  await p.context().close();
});

test('an English browser gets English', async () => {
  const p = await page('en-US');
  await p.goto(server.url);
  assert.equal(await p.getAttribute('html', 'lang'), 'en');
  assert.equal(await p.textContent('h1'), 'Video meetings, simply.');
  assert.equal(await p.getByTestId('language-select').inputValue(), 'en');
  const room = await createRoom(server, 'room-en');
  await p.goto(`${server.url}/${room}`);
  await p.getByTestId('prejoin').waitFor();
  assert.equal(await p.textContent('.prejoin-title'), 'Ready to join?');
  assert.equal(await p.getByTestId('join-button').textContent(), 'Join meeting');
  await p.context().close();
});

test('pages without script switch language with links that stay on this site', async () => {
  const p = await page('fr-FR');
  const res = await p.goto(`${server.url}/goodbye/salle-fr`);
  assert.equal(res?.status(), 200);
  assert.equal(await p.getAttribute('html', 'lang'), 'fr');
  assert.equal(await p.textContent('h1'), 'Vous avez quitté salle-fr');
  const links = p.getByTestId('language-links').locator('a');
  assert.deepEqual(await links.allTextContents(), ['English', 'Français']);
  assert.equal(await links.nth(1).getAttribute('aria-current'), 'true');
  await links.nth(0).click();
  await p.waitForURL(`${server.url}/goodbye/salle-fr`);
  assert.equal(await p.getAttribute('html', 'lang'), 'en');
  assert.equal(await p.textContent('h1'), 'You left salle-fr');

  // An error page, in French again.
  const missing = await p.goto(`${server.url}/no/such/page?lang=fr`);
  assert.equal(missing?.status(), 404);
  assert.equal(new URL(p.url()).search, '', 'the parameter is gone');
  assert.equal(await p.textContent('h1'), 'Page introuvable');
  assert.equal(await p.textContent('.status-code'), 'Erreur 404');
  await p.context().close();

  // Never a redirect elsewhere.
  for (const [path, expected] of [
    ['//evil.example/?lang=fr', '/'],
    ['/%2F%2Fevil.example?lang=en&x=1', '/%2F%2Fevil.example?x=1'],
    ['/salle-fr?a=1&lang=fr', '/salle-fr?a=1'],
  ]) {
    const r = await fetch(`${server.url}${path}`, { redirect: 'manual' });
    assert.equal(r.status, 303, path);
    assert.equal(r.headers.get('location'), expected, path);
    assert.match(r.headers.get('set-cookie') ?? '', /^vroom_lang=(fr|en); Path=\/; Max-Age=31536000; SameSite=Lax$/);
  }
  // An unknown language is no switch.
  assert.equal((await fetch(`${server.url}/?lang=xx`, { redirect: 'manual' })).status, 200);
});

test('the browser downloads only its language, as one cacheable text file', async () => {
  const res = await fetch(`${server.url}/assets/i18n/fr.ftl`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
  const etag = res.headers.get('etag');
  assert.ok(etag);
  const text = await res.text();
  assert.match(text, /^prejoin-title = /m);
  assert.match(text, /^page-not-found-title = /m);
  assert.doesNotMatch(text, /^prejoin-title = Ready/m);
  const again = await fetch(`${server.url}/assets/i18n/fr.ftl`, { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
  for (const bad of ['de', 'FR', '..%2Fen', 'en.ftl']) {
    assert.equal((await fetch(`${server.url}/assets/i18n/${bad}.ftl`)).status, 404, bad);
  }
  // A French page asks for fr.ftl and nothing else of locales/.
  const p = await page('fr-FR');
  const asked = [];
  p.on('request', (r) => {
    if (r.url().includes('/assets/i18n/')) asked.push(new URL(r.url()).pathname);
  });
  await p.goto(server.url);
  await p.getByTestId('language-select').waitFor();
  assert.deepEqual([...new Set(asked)], ['/assets/i18n/fr.ftl']);
  await p.context().close();
});

test('switching language inside a meeting reloads in French and comes straight back in, microphone still off', async () => {
  const room = await createRoom(server, `lang-live-${Date.now()}`);
  const other = await join(browser, server, room, 'Bob', { mic: false });
  const p = await page('en-US');
  await join(browser, server, room, 'Ana', { page: p, mic: false });
  assert.equal(await p.getByTestId('mic-toggle').getAttribute('aria-label'), 'Turn on microphone (M)');
  await p.getByTestId('settings').click();
  const dialog = p.getByTestId('settings-dialog');
  await dialog.waitFor();
  assert.equal(await dialog.locator('h2').textContent(), 'Settings');
  await Promise.all([p.waitForEvent('load'), dialog.getByTestId('language-select').selectOption('fr')]);
  await p.waitForSelector('[data-testid=meeting][data-state=joined]', { timeout: 15_000 });
  assert.equal(await p.evaluate(() => document.documentElement.lang), 'fr');
  assert.equal(await p.getByTestId('mic-toggle').getAttribute('aria-label'), 'Activer le micro (M)');
  assert.equal(await p.getByTestId('mic-toggle').getAttribute('data-state'), 'off');
  // Bob sees Ana back (left, then joined again), and only once.
  await eventually(async () => (await other.page.locator('[data-testid=tile][data-self=false]').count()) === 1, { what: 'Ana back for Bob' });
  await p.context().close();
  await other.page.context().close();
});
