// Checks a running Etherpad 1.8.14 in headless Chromium: the pad opens with a valid `sessionID`
// cookie, is refused without one, and what happens inside an iframe of another origin.
//   EP=http://127.0.0.1:9001 KEY=... node verify-browser.mjs
// Uses playwright-core from VROOM's e2e tests (read-only); a stand-in "VROOM page" listens on :8090.
import { chromium } from '../../e2e/node_modules/playwright-core/index.mjs';
import http from 'node:http';

const EP = process.env.EP ?? 'http://127.0.0.1:9001';
const KEY = process.env.KEY ?? 'testkey123';
async function api(fn, params) {
  const res = await fetch(`${EP}/api/1.2.15/${fn}`, { method: 'POST', body: new URLSearchParams({ apikey: KEY, ...params }) });
  const body = await res.json();
  if (body.code !== 0) throw new Error(`${fn} -> HTTP ${res.status} ${JSON.stringify(body)}`);
  return body.data;
}
const { groupID } = await api('createGroupIfNotExistsFor', { groupMapper: `verify-${Date.now()}` });
const { padID } = await api('createGroupPad', { groupID, padName: 'notes', text: 'Written through the API' });
const { authorID } = await api('createAuthorIfNotExistsFor', { authorMapper: `verify-${Date.now()}`, name: 'Bob' });
const { sessionID } = await api('createSession', { groupID, authorID, validUntil: Math.floor(Date.now() / 1000) + 3600 });
const padUrl = `${EP}/p/${encodeURIComponent(padID)}`;

const page8090 = http.createServer((req, res) => {
  const q = new URL(req.url, 'http://x').searchParams.get('q') ?? '';
  res.setHeader('Set-Cookie', `sessionID=${sessionID}; Path=/; SameSite=Lax`); // host-only, JS-readable
  res.setHeader('Content-Type', 'text/html');
  res.end(`<!doctype html><iframe id=pad style="width:1000px;height:600px" src="${padUrl}${q}"></iframe>`);
}).listen(8090, '127.0.0.1');

// 'visible' only when the editor really shows the text (innerText alone also finds it in a crashed pad).
async function padState(root) {
  const text = root.frameLocator('iframe[name="ace_outer"]').frameLocator('iframe[name="ace_inner"]')
    .getByText('Written through the API');
  const t0 = Date.now();
  while (Date.now() - t0 < 15000) {
    if (await root.locator('#permissionDenied').isVisible().catch(() => false)) return 'denied ("You do not have permission to access this pad")';
    if (await root.locator('.gritter-item').count().catch(() => 0)) {
      return `client error: ${(await root.locator('.gritter-item').first().innerText()).replace(/\s+/g, ' ').slice(0, 70)}…`;
    }
    if (await text.isVisible().catch(() => false)) return `visible after ${Date.now() - t0} ms`;
    await new Promise((r) => setTimeout(r, 200));
  }
  return 'timeout';
}
async function run(label, flags, fn) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: flags });
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  try { console.log(`${label}: ${await fn(ctx, page)}`); } catch (e) { console.log(`${label}: ERROR ${e.message}`); }
  await browser.close();
}
const cookie = (value) => [{ name: 'sessionID', value, domain: '127.0.0.1', path: '/' }];

await run('1 pad page, no cookie', [], async (ctx, page) => { await page.goto(padUrl); return padState(page); });
await run('2 pad page, valid sessionID cookie', [], async (ctx, page) => {
  await ctx.addCookies(cookie(sessionID)); await page.goto(padUrl); return padState(page);
});
await run('3 pad page, unknown sessionID', [], async (ctx, page) => {
  await ctx.addCookies(cookie('s.0123456789abcdef')); await page.goto(padUrl); return padState(page);
});
await run('4 iframe in http://127.0.0.1:8090 (cross-origin, http)', [], async (ctx, page) => {
  await page.goto('http://127.0.0.1:8090/'); return padState(page.frameLocator('#pad'));
});
await run('5 same as 4 with --disable-web-security', ['--disable-web-security'], async (ctx, page) => {
  await page.goto('http://127.0.0.1:8090/'); return padState(page.frameLocator('#pad'));
});
await run('6 same as 5, name+colour by URL', ['--disable-web-security'], async (ctx, page) => {
  await page.goto('http://127.0.0.1:8090/?q=' + encodeURIComponent('?userName=Carol&userColor=%23ff8800'));
  const st = await padState(page.frameLocator('#pad'));
  await new Promise((r) => setTimeout(r, 1000));
  return `${st}; padUsers=${JSON.stringify((await api('padUsers', { padID })).padUsers)}`;
});
await run('7 open pad, then deletePad', [], async (ctx, page) => {
  await ctx.addCookies(cookie(sessionID)); await page.goto(padUrl); await padState(page);
  await api('deletePad', { padID });
  await page.getByText('This pad has been removed.').first().waitFor({ timeout: 5000 });
  return 'pad shows "Deleted. This pad has been removed."';
});
await api('deleteGroup', { groupID });
page8090.close();
