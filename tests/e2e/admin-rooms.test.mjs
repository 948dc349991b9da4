// The admin area's rooms: the list (server-side search, sort and pages, kept in the address), one room's page
// (its settings saved and seen by a participant, the live participants), join as chairman, and ending a meeting or
// deleting a room while someone is in it: their page shows the end screen and the admin's page empties.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createRoom, eventually, screenshot, useServerAndBrowser, ARTIFACTS } from './harness.mjs';
import { join, notices } from './room.mjs';
import { addAdmin, adminApi, adminPage, rowNames } from './admin.mjs';

let server;
let browser;

const TEAMS = Array.from({ length: 30 }, (_, i) => `team-${String(i).padStart(2, '0')}`);
const OTHERS = ['alpha-room', 'beta-room', 'gamma-room', 'delta-room', 'zeta-room'];

useServerAndBrowser(
  async (s, b) => {
    server = s;
    browser = b;
    addAdmin(server);
    for (const name of [...OTHERS, ...TEAMS]) await createRoom(server, name);
  },
  // Every test logs in from 127.0.0.1, more often than the default login rate allows.
  { VROOM_LIMITS__ROOM_CREATIONS_PER_MINUTE: '1000', VROOM_ADMIN__LOGIN_ATTEMPTS_PER_MINUTE: '100' },
);

async function status(room) {
  return (await fetch(`${server.url}/api/rooms/${room}`)).json();
}

/** The list's state from the page's address. */
function query(page) {
  return Object.fromEntries(new URL(page.url()).searchParams);
}

/** A screenshot of the whole page, taken from its top (the sticky header stays where it belongs). */
async function fullPage(page, file) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, file), fullPage: true });
}

async function rangeText(page) {
  return (await page.getByTestId('pager-range').textContent()) ?? '';
}

/** Waits until the list shows `names` first (or exactly, with `exact`). */
async function rowsStartWith(page, names, what) {
  await eventually(async () => {
    const rows = await rowNames(page);
    return names.every((n, i) => rows[i] === n) ? rows : false;
  }, { what });
}

test('the rooms list searches, sorts and pages on the server, and the address keeps it', async () => {
  const page = await adminPage(browser, server, '/admin/rooms');
  const total = TEAMS.length + OTHERS.length;
  await rowsStartWith(page, ['alpha-room', 'beta-room', 'delta-room', 'gamma-room', 'team-00'], 'the first page by name');
  assert.equal((await rowNames(page)).length, 25);
  assert.equal(await page.getByTestId('rooms-summary').textContent(), `${total} rooms`);
  assert.equal(await rangeText(page), `1–25 of ${total}`);
  assert.equal(await page.locator('th[data-sort=name]').getAttribute('aria-sort'), 'ascending');
  assert.equal(await page.locator('th[data-sort=created]').getAttribute('aria-sort'), 'none');
  assert.ok(await page.getByTestId('pager-prev').isDisabled());
  await screenshot(page, 'admin-rooms-en-wide');

  // Next page: the rest, the address says so.
  await page.getByTestId('pager-next').click();
  await eventually(async () => (await rangeText(page)) === `26–${total} of ${total}`, { what: 'page 2' });
  assert.deepEqual(await rowNames(page), ['team-21', 'team-22', 'team-23', 'team-24', 'team-25', 'team-26', 'team-27', 'team-28', 'team-29', 'zeta-room']);
  assert.equal(query(page).page, '2');
  assert.ok(await page.getByTestId('pager-next').isDisabled());
  assert.ok(await page.getByTestId('pager-last').isDisabled());

  // A smaller page size starts again from the first page.
  await page.getByTestId('page-size').selectOption('10');
  await eventually(async () => (await rangeText(page)) === `1–10 of ${total}`, { what: 'pages of 10' });
  assert.deepEqual(query(page), { per_page: '10' });
  await page.getByTestId('pager-last').click();
  await eventually(async () => (await rangeText(page)) === `31–${total} of ${total}`, { what: 'the last page' });
  assert.equal(await page.locator('.pager-position').textContent(), 'Page 4 of 4');

  // The name header sorts Z to A, then the search narrows on the server.
  await page.getByTestId('sort-name').click();
  await rowsStartWith(page, ['zeta-room', 'team-29', 'team-28'], 'names Z to A');
  assert.equal(await page.locator('th[data-sort=name]').getAttribute('aria-sort'), 'descending');
  assert.deepEqual(query(page), { dir: 'desc', per_page: '10' });
  await page.getByTestId('rooms-search').fill('team-1');
  await eventually(async () => (await page.getByTestId('rooms-summary').textContent()) === '10 rooms match “team-1”', {
    what: 'the search',
  });
  assert.deepEqual(await rowNames(page), TEAMS.slice(10, 20).reverse());
  assert.deepEqual(query(page), { q: 'team-1', dir: 'desc', per_page: '10' });
  assert.equal(await page.getByTestId('pager').isVisible(), true);

  // A reload (or the same link elsewhere) shows the same list.
  await page.reload();
  await rowsStartWith(page, ['team-19', 'team-18'], 'the list after a reload');
  assert.equal(await page.getByTestId('rooms-search').inputValue(), 'team-1');
  assert.equal(await page.getByTestId('page-size').inputValue(), '10');
  assert.equal(await page.locator('th[data-sort=name]').getAttribute('aria-sort'), 'descending');

  // Sorting by creation starts newest first (the rooms made within one second come by name).
  const created = () =>
    page.$$eval('[data-testid=room-row] td:nth-child(2) time', (ts) => ts.map((t) => Date.parse(t.getAttribute('datetime') ?? '')));
  await page.getByTestId('sort-created').click();
  await eventually(async () => query(page).sort === 'created', { what: 'sorted by creation' });
  assert.equal(await page.locator('th[data-sort=created]').getAttribute('aria-sort'), 'descending');
  assert.equal(query(page).dir, 'desc');
  assert.equal(await page.getByTestId('rooms-sort').inputValue(), 'created:desc');
  await eventually(async () => {
    const times = await created();
    return times.length === 10 && times.every((t, i) => i === 0 || times[i - 1] >= t);
  }, { what: 'newest first' });
  await page.getByTestId('sort-created').click();
  await eventually(async () => query(page).dir === undefined, { what: 'oldest first' });
  assert.equal(await page.locator('th[data-sort=created]').getAttribute('aria-sort'), 'ascending');
  await eventually(async () => {
    const times = await created();
    return times.length === 10 && times.every((t, i) => i === 0 || times[i - 1] <= t);
  }, { what: 'oldest first' });

  // Nothing found: an empty state that offers to clear the search.
  await page.getByTestId('rooms-search').fill('no-such-room');
  await page.getByTestId('rooms-empty').waitFor();
  assert.equal(await page.locator('#rooms-empty-title').textContent(), 'No room matches “no-such-room”');
  assert.equal(await page.getByTestId('rooms-table').isVisible(), false);
  await screenshot(page, 'admin-rooms-empty-en-wide');
  await page.getByTestId('rooms-clear').click();
  await eventually(async () => (await rowNames(page)).length === 10, { what: 'the list again' });
  assert.equal(query(page).q, undefined);
  await page.context().close();
});

test('settings saved on the room page reach the people in the meeting', async () => {
  const room = 'alpha-room';
  const ana = await join(browser, server, room, 'Ana', { cam: false });
  const page = await adminPage(browser, server, `/admin/rooms/${room}`);
  const row = page.getByTestId('participant-row');
  await row.waitFor();
  assert.equal(await row.getByTestId('participant-name').textContent(), 'Ana');
  assert.equal(await row.getAttribute('data-role'), 'participant');
  assert.equal(await row.getAttribute('data-video'), 'false');
  assert.equal(await row.getByTestId('participant-ip').textContent(), '127.0.0.1');
  assert.equal(await page.getByTestId('max-members-hint').textContent(), "0 means the server's limit (25). Applies now: 25 people.");

  // A limit past the server's is caught in the page; a notify list too long is refused by the server, next to it.
  await page.getByTestId('setting-max-members').fill('500');
  await page.getByTestId('settings-save').click();
  assert.equal(await page.getByTestId('error-max_members').textContent(), 'Give a whole number from 0 to 25.');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'setting-max-members');
  await page.getByTestId('setting-max-members').fill('8');
  const many = Array.from({ length: 21 }, (_, i) => `person${i}@example.org`).join('\n');
  await page.getByTestId('setting-notify').fill(many);
  await page.getByTestId('settings-save').click();
  await page.getByTestId('error-notify').waitFor();
  assert.match((await page.getByTestId('error-notify').textContent()) ?? '', /20/);
  assert.equal(await page.getByTestId('error-max_members').isVisible(), false);

  // Lock, require a name, limit, join password, persistent, one address: saved, said, and seen by Ana.
  await page.getByTestId('setting-notify').fill('lead@example.org');
  await page.getByTestId('setting-locked').check();
  await page.getByTestId('setting-require-name').check();
  await page.getByTestId('setting-join-password-on').check();
  await page.getByTestId('setting-join-password').fill('open-sesame');
  await page.getByTestId('setting-persistent').check();
  await page.getByTestId('settings-save').click();
  await eventually(async () => (await page.getByTestId('settings-status').textContent()) === 'Settings saved.', {
    what: 'saved',
  });
  const s = await status(room);
  assert.equal(s.settings.locked, true);
  assert.equal(s.settings.require_name, true);
  assert.equal(s.settings.join_password, true);
  assert.equal(s.settings.max_members, 8);
  await eventually(async () => (await notices(ana.page)).includes('The meeting is now locked'), { what: "Ana's notice" });
  await ana.page.getByTestId('room-locked').waitFor();
  const view = await adminApi(page, 'GET', `/api/admin/rooms/${room}`);
  assert.equal(view.body.room.persistent, true);
  assert.deepEqual(view.body.room.notify, ['lead@example.org']);
  for (const pill of ['pill-locked', 'pill-persistent', 'pill-password', 'pill-name-required']) {
    await page.getByTestId(pill).waitFor();
  }
  assert.equal(await page.getByTestId('setting-join-password').inputValue(), '', 'a password is never shown');
  assert.equal(await page.getByTestId('setting-join-password').getAttribute('placeholder'), 'Leave empty to keep the current one');

  // Saving again without touching the password keeps it; unticking it removes it.
  await page.getByTestId('setting-locked').uncheck();
  await page.getByTestId('settings-save').click();
  await eventually(async () => (await status(room)).settings.locked === false, { what: 'unlocked' });
  assert.equal((await status(room)).settings.join_password, true);
  await page.getByTestId('setting-join-password-on').uncheck();
  await page.getByTestId('settings-save').click();
  await eventually(async () => (await status(room)).settings.join_password === false, { what: 'password removed' });
  await page.getByTestId('settings-save').click();
  await eventually(async () => (await page.getByTestId('settings-status').textContent()) === 'Nothing has changed.', {
    what: 'nothing to save',
  });

  // An owner password set by the administrator (no current one needed) reserves the room.
  await page.getByTestId('setting-owner-password-on').check();
  await page.getByTestId('setting-owner-password').fill('owner-secret-1');
  await page.getByTestId('settings-save').click();
  await page.getByTestId('pill-reserved').waitFor();
  assert.equal(await page.getByTestId('setting-owner-password-on').isChecked(), true);
  await fullPage(page, 'admin-room-settings-en-wide.png');
  await ana.page.context().close();
  await page.context().close();
});

test('a room too common to reserve says so, and its owner password cannot be set', async () => {
  await createRoom(server, 'test');
  const page = await adminPage(browser, server, '/admin/rooms/test', { width: 390, height: 844 });
  await page.getByTestId('common-name-note').waitFor();
  assert.ok(await page.getByTestId('setting-owner-password-on').isDisabled());
  await page.context().close();
});

test('join as chairman from the list opens the meeting as its chairman', async () => {
  const page = await adminPage(browser, server, '/admin/rooms?q=delta');
  await rowsStartWith(page, ['delta-room'], 'the room searched');
  assert.equal(await page.getByTestId('row-end').isVisible(), false, 'nobody in it: no "End meeting"');
  await page.getByTestId('row-join').click();
  await page.waitForURL((u) => u.pathname === '/delta-room');
  await page.getByTestId('prejoin-role').waitFor({ state: 'visible' });
  await page.getByTestId('name-input').fill('Operator');
  await eventually(() => page.getByTestId('join-button').isEnabled(), { what: 'join button' });
  await page.getByTestId('join-button').click();
  await page.waitForSelector('[data-testid=meeting][data-state=joined]', { timeout: 15_000 });
  assert.equal(await page.evaluate(() => window.vroom.role), 'chairman');
  await page.context().close();
});

test('ending a meeting and deleting a room disconnect the people in it', async () => {
  // End: the participant sees the end screen, the admin's table empties, the room stays.
  const pia = await join(browser, server, 'beta-room', 'Pia', { cam: false });
  const ben = await join(browser, server, 'beta-room', 'Ben', { mic: false });
  const page = await adminPage(browser, server, '/admin/rooms/beta-room');
  await eventually(async () => (await page.getByTestId('participant-row').count()) === 2, { what: 'two people' });
  assert.equal(await page.getByTestId('participants-count').textContent(), '2');
  await page.getByTestId('room-end').waitFor();
  await fullPage(page, 'admin-room-en-wide.png');
  await page.setViewportSize({ width: 390, height: 844 });
  await fullPage(page, 'admin-room-en-phone.png');
  await page.setViewportSize({ width: 1440, height: 900 });

  await page.getByTestId('room-end').click();
  const dialog = page.getByTestId('confirm-dialog');
  await dialog.waitFor();
  assert.equal(await dialog.locator('h2').textContent(), 'End the meeting in beta-room?');
  assert.match((await dialog.textContent()) ?? '', /The 2 people in the meeting are told/);
  await screenshot(page, 'admin-room-end-confirm-en-wide');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'confirm-cancel');
  await dialog.getByTestId('confirm-ok').click();
  for (const who of [pia, ben]) {
    const ended = who.page.locator('[data-testid=ended][data-reason=ended]');
    await ended.waitFor({ timeout: 10_000 });
    assert.match((await ended.textContent()) ?? '', /The meeting was ended/);
  }
  await page.getByTestId('participants-empty').waitFor();
  assert.equal(await page.getByTestId('participant-row').count(), 0);
  assert.equal(await page.getByTestId('room-end').isVisible(), false);
  assert.match((await page.getByTestId('admin-notice').textContent()) ?? '', /beta-room has ended: 2 people were disconnected/);
  assert.equal((await status('beta-room')).exists, true, 'the room stays');
  await screenshot(page, 'admin-room-ended-en-wide');
  await ben.page.context().close();

  // Delete from the list, while Pia is back in the meeting: her page says the room is gone, so does the list.
  await pia.page.getByTestId('ended-rejoin').click();
  await join(browser, server, 'beta-room', 'Pia', { page: pia.page, cam: false });
  await page.goto(`${server.url}/admin/rooms?sort=people&dir=desc`);
  await rowsStartWith(page, ['beta-room'], 'the live room first');
  const row = page.locator('[data-testid=room-row][data-room=beta-room]');
  assert.equal(await row.getAttribute('data-people'), '1');
  assert.equal(await row.getByTestId('row-end').isVisible(), true);
  await row.getByTestId('row-delete').click();
  await dialog.waitFor();
  assert.equal(await dialog.locator('h2').textContent(), 'Delete the room beta-room?');
  await dialog.getByTestId('confirm-ok').click();
  await pia.page.locator('[data-testid=ended][data-reason=deleted]').waitFor({ timeout: 10_000 });
  assert.match((await pia.page.getByTestId('ended').textContent()) ?? '', /This room no longer exists/);
  await eventually(async () => !(await rowNames(page)).includes('beta-room'), { what: 'beta-room gone from the list' });
  assert.match((await page.getByTestId('admin-notice').textContent()) ?? '', /beta-room was deleted; 1 person was disconnected/);
  assert.equal((await status('beta-room')).exists, false);
  await pia.page.context().close();

  // Delete from the room's page: back to the list, which says so; the room's page then says it is gone.
  const gina = await join(browser, server, 'gamma-room', 'Gina', { cam: false });
  await page.goto(`${server.url}/admin/rooms/gamma-room`);
  await page.getByTestId('participant-row').waitFor();
  await page.getByTestId('room-delete').click();
  await dialog.waitFor();
  assert.match((await dialog.textContent()) ?? '', /The person in the meeting is disconnected/);
  await dialog.getByTestId('confirm-ok').click();
  await page.waitForURL((u) => u.pathname === '/admin/rooms');
  await eventually(async () => /gamma-room was deleted/.test((await page.getByTestId('admin-notice').textContent()) ?? ''), {
    what: 'the notice on the list',
  });
  await gina.page.locator('[data-testid=ended][data-reason=deleted]').waitFor({ timeout: 10_000 });
  await screenshot(page, 'admin-rooms-deleted-notice-en-wide');
  const gone = await page.goto(`${server.url}/admin/rooms/gamma-room`);
  assert.equal(gone?.status(), 404);
  await page.getByTestId('room-missing').waitFor();
  await gina.page.context().close();
  await page.context().close();
});

test('screenshots: the dashboard, rooms and a room with people, English and French, wide and phone', async () => {
  const ana = await join(browser, server, 'zeta-room', 'Ana Lima', { cam: true });
  const chloe = await join(browser, server, 'zeta-room', 'Chloé', { mic: false, cam: false });
  for (const lang of ['en', 'fr']) {
    for (const [width, height, tag] of [
      [1440, 900, 'wide'],
      [390, 844, 'phone'],
    ]) {
      const page = await adminPage(browser, server, '/admin', { width, height, lang });
      await page.getByTestId('live-room').first().waitFor();
      if (lang === 'en' && tag === 'wide') {
        // The figures: 2 people in 1 live meeting (the other tests' people have left), every room counted.
        await eventually(async () => (await page.getByTestId('stat-people').textContent()) === '2', {
          timeout: 25_000,
          what: 'two people now (refreshed every 10 s)',
        });
        assert.equal(await page.getByTestId('stat-live').textContent(), '1');
        assert.deepEqual(
          await page.$$eval('[data-testid=live-room]', (rows) => rows.map((r) => r.getAttribute('data-room'))),
          ['zeta-room'],
        );
        assert.equal(await page.getByTestId('stat-live-link').getAttribute('href'), '/admin/rooms?sort=people&dir=desc');
        assert.match((await page.getByTestId('stat-mail').textContent()) ?? '', /Off/);
      }
      await screenshot(page, `admin-dashboard-${lang}-${tag}`);
      await page.goto(`${server.url}/admin/rooms?sort=people&dir=desc`);
      await page.getByTestId('room-row').first().waitFor();
      await screenshot(page, `admin-rooms-${lang}-${tag}`);
      await page.goto(`${server.url}/admin/rooms/zeta-room`);
      await eventually(async () => (await page.getByTestId('participant-row').count()) === 2, { what: 'two people' });
      await fullPage(page, `admin-room-people-${lang}-${tag}.png`);
      await page.context().close();
    }
  }
  await ana.page.context().close();
  await chloe.page.context().close();
});
