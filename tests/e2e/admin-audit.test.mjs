// The audit log page: filtered by event type and text (on the server), the dates checked in the page, the filters
// kept in the address, times in local time with seconds; the XLSX and CSV exports carry the filters and download,
// and an export the server refuses (too many rows) is said on the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRoom, eventually, screenshot, useServerAndBrowser } from './harness.mjs';
import { addAdmin, adminPage } from './admin.mjs';

let server;
let browser;

const ROOMS = ['north-wing', 'south-wing', 'east-wing', 'west-wing', 'kq-special', 'lobby-one', 'lobby-two', 'lobby-three'];

useServerAndBrowser(
  async (s, b) => {
    server = s;
    browser = b;
    addAdmin(server);
    for (const name of ROOMS) await createRoom(server, name);
    // A failed admin login, for the log to hold one.
    await fetch(`${server.url}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ops', password: 'not-the-password' }),
    });
  },
  {
    VROOM_ADMIN__LOGIN_ATTEMPTS_PER_MINUTE: '100',
    // Today's whole log is larger than this; one event type of it is not.
    VROOM_ADMIN__EXPORT_MAX_ROWS: '20',
  },
);

function query(page) {
  return Object.fromEntries(new URL(page.url()).searchParams);
}

const events = (page) => page.$$eval('[data-testid=audit-row]', (rows) => rows.map((r) => r.getAttribute('data-event')));

test('the audit log filters by type and text, keeps its filters in the address, and exports them', async () => {
  const page = await adminPage(browser, server, '/admin/audit');
  await page.getByTestId('audit-row').first().waitFor();
  const today = await page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
  assert.equal(await page.getByTestId('audit-from').inputValue(), today, 'from: today by default');
  assert.equal(await page.getByTestId('audit-to').inputValue(), today);
  assert.match((await page.getByTestId('audit-summary').textContent()) ?? '', /^\d+ events$/);
  const all = await events(page);
  assert.ok(all.length > 20, `a day of events: ${all.length}`);
  assert.ok(all.includes('admin_login_failed') && all.includes('admin_login'));
  // Local time with seconds, the full date in the tooltip; newest first.
  assert.match((await page.locator('.stamp-time').first().textContent()) ?? '', /\d{1,2}:\d{2}:\d{2}/);
  assert.ok(await page.getByTestId('audit-time').first().getAttribute('title'));
  const ids = await page.$$eval('[data-testid=audit-row]', (rows) => rows.map((r) => Number(r.getAttribute('data-id'))));
  assert.ok(ids.every((id, i) => i === 0 || ids[i - 1] > id), 'newest first');
  assert.equal(await page.locator('.audit-message').first().evaluate((el) => getComputedStyle(el).whiteSpace), 'pre-wrap');

  // Every event type is offered, in words; choosing one asks the server for it alone.
  const options = await page.$$eval('[data-testid=audit-event] option', (os) => os.map((o) => [o.value, o.textContent]));
  assert.deepEqual(options[0], ['', 'All events']);
  assert.ok(options.length >= 27, `every type: ${options.length}`);
  assert.ok(options.some(([v, text]) => v === 'room_created' && text === 'Room created'));
  await page.getByTestId('audit-event').selectOption('room_created');
  await eventually(async () => {
    const shown = await events(page);
    return shown.length === ROOMS.length && shown.every((e) => e === 'room_created');
  }, { what: 'only room_created' });
  assert.equal(await page.getByTestId('audit-badge').first().textContent(), 'Room created');
  assert.equal(query(page).event, 'room_created');
  assert.equal(await page.getByTestId('audit-summary').textContent(), `${ROOMS.length} events`);

  // The text narrows it further (on the server: the room column here).
  await page.getByTestId('audit-search').fill('special');
  await eventually(async () => (await events(page)).length === 1, { what: 'the search' });
  assert.equal(await page.getByTestId('audit-room').first().textContent(), 'kq-special');
  assert.deepEqual(query(page), { event: 'room_created', q: 'special' });

  // A reload keeps the filters.
  await page.reload();
  await eventually(async () => (await events(page)).length === 1, { what: 'the filters after a reload' });
  assert.equal(await page.getByTestId('audit-event').inputValue(), 'room_created');
  assert.equal(await page.getByTestId('audit-search').inputValue(), 'special');
  await screenshot(page, 'admin-audit-filtered-en-wide');

  // The exports carry the same filters and download.
  const xlsxHref = (await page.getByTestId('export-xlsx').getAttribute('href')) ?? '';
  const params = new URL(xlsxHref, server.url).searchParams;
  assert.equal(params.get('event'), 'room_created');
  assert.equal(params.get('q'), 'special');
  assert.ok(Number(params.get('to')) > Number(params.get('from')));
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
  assert.match(xlsx.suggestedFilename(), /^vroom-audit-.*\.xlsx$/);
  const bytes = readFileSync(await xlsx.path());
  assert.ok(bytes.length > 100, `an xlsx of ${bytes.length} bytes`);
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'a zip (xlsx) file');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  assert.match(csv.suggestedFilename(), /\.csv$/);
  const text = readFileSync(await csv.path(), 'utf8');
  const lines = text.trim().split(/\r?\n/);
  assert.equal(lines.length, 2, `header and one row: ${text}`);
  assert.match(lines[1], /kq-special/);

  // All of today is more than the server exports at once: the page says so and stays.
  await page.getByTestId('audit-search').fill('');
  await page.getByTestId('audit-event').selectOption('');
  await eventually(async () => (await events(page)).length > 20, { what: 'every event again' });
  await page.getByTestId('export-csv').click();
  await eventually(async () => /at most 20/.test((await page.getByTestId('admin-notice').textContent()) ?? ''), {
    what: 'the refusal',
  });
  assert.equal(new URL(page.url()).pathname, '/admin/audit');
  await screenshot(page, 'admin-audit-export-refused-en-wide');

  // A range that ends before it starts is caught in the page; the exports wait for a good one.
  const yesterday = await page.evaluate(() => {
    const d = new Date();
    d.setDate(d.getDate() - 1);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
  await page.getByTestId('audit-to').fill(yesterday);
  await page.getByTestId('audit-range-error').waitFor();
  assert.equal(await page.getByTestId('audit-range-error').textContent(), 'The end date is before the start date.');
  assert.equal(await page.getByTestId('export-xlsx').getAttribute('aria-disabled'), 'true');
  await page.getByTestId('audit-from').fill(yesterday);
  await eventually(async () => !(await page.getByTestId('audit-range-error').isVisible()), { what: 'a good range' });
  await page.getByTestId('audit-empty').waitFor();
  assert.deepEqual(query(page), { from: yesterday, to: yesterday });
  await screenshot(page, 'admin-audit-empty-en-wide');
  await page.context().close();
});

test('screenshots: the audit log, English and French, wide and phone', async () => {
  for (const lang of ['en', 'fr']) {
    for (const [width, height, tag] of [
      [1440, 900, 'wide'],
      [390, 844, 'phone'],
    ]) {
      const page = await adminPage(browser, server, '/admin/audit', { width, height, lang });
      await page.getByTestId('audit-row').first().waitFor();
      await screenshot(page, `admin-audit-${lang}-${tag}`);
      await page.context().close();
    }
  }
});
