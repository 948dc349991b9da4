// Chat in the browser: three people write to each other (names, "You", the unread badge while the panel is
// closed, the C shortcut, Enter / Shift+Enter), someone who joins later gets the history, hostile text (script
// URLs, HTML, quote-breaking links) stays inert, the server's refusals are said in the panel, and "Save chat"
// downloads a plain-text transcript. At most four people with fake media at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { screenshot, eventually, createRoom, useServerAndBrowser } from './harness.mjs';
import { join, myId, createRoomAsChairman } from './room.mjs';

let server;
let browser;

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

const INJECTIONS = [
  'javascript:alert(1)',
  '<img src=x onerror=alert(1)>',
  'http://x.y/"onmouseover="alert(1)"x="',
  'see [x](javascript:alert(2)) and <a href="javascript:alert(3)">y</a>',
];

/** The messages a page's chat list shows: sender (first of a group), text, self flag. */
async function shown(page) {
  return page.$$eval('[data-testid=chat-list] [data-testid=chat-message]', (items) =>
    items.map((li) => ({
      seq: Number(li.getAttribute('data-seq')),
      self: li.getAttribute('data-self') === 'true',
      sender: li.querySelector('[data-testid=chat-sender]')?.textContent ?? null,
      text: li.querySelector('[data-testid=chat-text]')?.textContent ?? '',
    })),
  );
}

async function unreadBadge(page) {
  const badge = page.getByTestId('chat-unread');
  return (await badge.isVisible()) ? Number(await badge.textContent()) : 0;
}

/** Types a message in the open chat and sends it with Enter (lines joined with Shift+Enter). */
async function say(page, text) {
  const input = page.getByTestId('chat-input');
  const lines = text.split('\n');
  await input.focus();
  for (let i = 0; i < lines.length; i++) {
    if (i > 0) await input.press('Shift+Enter');
    await input.pressSequentially(lines[i], { delay: 0 });
  }
  await input.press('Enter');
}

async function waitForMessages(page, count, what) {
  await eventually(async () => (await page.evaluate(() => window.vroom.chat().length)) >= count, { what });
}

test('three people chat, a late joiner gets the history, hostile text stays inert, refusals are said', async () => {
  const started = Date.now();
  const room = await createRoom(server, 'chat-room');
  const ana = await join(browser, server, room, 'Ana', { viewport: DESKTOP, mic: false });
  const bo = await join(browser, server, room, 'Bo', { mic: false, cam: false });
  const cy = await join(browser, server, room, 'Cy', { mic: false, cam: false });

  // Ana opens the chat with the C key; typing a "c" in the box does not close it.
  await ana.page.locator('body').press('c');
  await ana.page.getByTestId('chat-panel').waitFor();
  assert.equal(await ana.page.getByTestId('chat-send').isDisabled(), true, 'send disabled while empty');
  await say(ana.page, 'Hello everyone, cc');
  assert.ok(await ana.page.getByTestId('chat-panel').isVisible(), 'typing c in the box keeps the panel open');

  // Bo and Cy have the panel closed: the badge counts, a sound plays.
  await waitForMessages(bo.page, 1, 'Bo gets the first message');
  await eventually(async () => (await unreadBadge(bo.page)) === 1, { what: "Bo's badge at 1" });
  assert.equal(await bo.page.evaluate(() => window.vroom.meeting.chat.dings), 1, 'Bo heard the arrival sound');
  await bo.page.getByTestId('chat-toggle').click();
  await bo.page.getByTestId('chat-panel').waitFor();
  assert.equal(await unreadBadge(bo.page), 0, 'opening the panel clears the badge');
  await say(bo.page, 'Hi Ana\nsecond line');

  await waitForMessages(cy.page, 2, 'Cy gets two messages');
  await eventually(async () => (await unreadBadge(cy.page)) === 2, { what: "Cy's badge at 2" });
  await screenshot(cy.page, 'chat-unread');
  assert.equal(await cy.page.evaluate(() => window.vroom.chatUnread()), 2);
  await cy.page.getByTestId('chat-toggle').click();
  await say(cy.page, 'Agenda: https://example.com/agenda?x=1. See you');

  for (const p of [ana, bo, cy]) await waitForMessages(p.page, 3, `${p.name} has all three`);
  const onAna = await shown(ana.page);
  assert.deepEqual(
    onAna.map((m) => [m.sender, m.self, m.text]),
    [
      ['You', true, 'Hello everyone, cc'],
      ['Bo', false, 'Hi Ana\nsecond line'],
      ['Cy', false, 'Agenda: https://example.com/agenda?x=1. See you'],
    ],
  );
  const onBo = await shown(bo.page);
  assert.deepEqual(
    onBo.map((m) => [m.sender, m.self]),
    [
      ['Ana', false],
      ['You', true],
      ['Cy', false],
    ],
  );
  const link = ana.page.locator('[data-testid=chat-list] a');
  assert.equal(await link.count(), 1);
  assert.equal(await link.getAttribute('href'), 'https://example.com/agenda?x=1');
  assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.match(await ana.page.locator('[data-testid=chat-time]').first().textContent(), /^\d\d:\d\d$/);
  await screenshot(ana.page, 'chat-desktop');

  // Dee joins later, on a phone: the history is there, nothing counts as unread.
  await cy.page.context().close();
  const dee = await join(browser, server, room, 'Dee', { viewport: PHONE, mic: false });
  await waitForMessages(dee.page, 3, 'Dee gets the history');
  const history = await dee.page.evaluate(() => window.vroom.chat());
  assert.deepEqual(
    history.map((m) => [m.from.name, m.text]),
    [
      ['Ana', 'Hello everyone, cc'],
      ['Bo', 'Hi Ana\nsecond line'],
      ['Cy', 'Agenda: https://example.com/agenda?x=1. See you'],
    ],
  );
  assert.equal(await unreadBadge(dee.page), 0, 'history is not unread');
  await dee.page.getByTestId('chat-toggle').click();
  await dee.page.getByTestId('chat-panel').waitFor();
  await say(dee.page, 'Hi all, from my phone');
  await waitForMessages(dee.page, 4, "Dee's own message");
  await screenshot(dee.page, 'chat-phone');

  // Hostile text: literal text, no element made from it but http(s) links.
  for (const text of INJECTIONS) await say(dee.page, text);
  await waitForMessages(ana.page, 4 + INJECTIONS.length, 'Ana gets the injection attempts');
  await waitForMessages(dee.page, 4 + INJECTIONS.length, 'Dee gets her own messages back');
  for (const p of [ana, dee]) {
    const check = await p.page.evaluate(() => {
      const list = document.querySelector('[data-testid=chat-list]');
      const all = [...list.querySelectorAll('*')];
      return {
        imgs: list.querySelectorAll('img, script, iframe, svg').length,
        onAttrs: all.flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name)),
        hrefs: [...list.querySelectorAll('a')].map((a) => a.getAttribute('href')),
        texts: [...list.querySelectorAll('[data-testid=chat-text]')].map((el) => el.textContent),
        alerted: window.__alerted ?? false,
      };
    });
    assert.equal(check.imgs, 0, `${p.name}: no img/script/iframe in the chat`);
    assert.deepEqual(check.onAttrs, [], `${p.name}: no on* attribute`);
    for (const href of check.hrefs) assert.match(href, /^https?:\/\/[^"\s]+$/, `${p.name}: link ${href}`);
    for (const text of INJECTIONS) assert.ok(check.texts.includes(text), `${p.name} shows literally: ${text}`);
  }
  const quoteLink = dee.page.locator('[data-testid=chat-list] a[href^="http://x.y/"]');
  assert.equal(await quoteLink.count(), 1, 'the quote-breaking URL is one safe link');
  assert.equal(await quoteLink.getAttribute('href'), 'http://x.y/');
  assert.equal(await quoteLink.getAttribute('onmouseover'), null);

  // Near the limit a counter shows; over it, sending is off.
  const input = dee.page.getByTestId('chat-input');
  await input.fill('a'.repeat(1900));
  assert.match(await dee.page.getByTestId('chat-counter').textContent(), /^1,?900 \/ 2,?000$/);
  await input.fill('a'.repeat(2001));
  assert.ok(await dee.page.getByTestId('chat-send').isDisabled(), 'send disabled over the limit');
  assert.match(await dee.page.getByTestId('chat-counter').textContent(), /1 character too many/);
  await input.fill('');

  // A refusal from the server is said in the panel (a forged control character: invalid_chat).
  await dee.page.evaluate(() => window.vroom.send({ type: 'chat', text: 'bell\u0007' }));
  const error = dee.page.getByTestId('chat-error');
  await eventually(async () => (await error.getAttribute('data-code')) === 'invalid_chat', { what: 'invalid_chat said' });
  assert.match(await error.textContent(), /can't be sent/);

  // Sending too fast: rate_limited, inline, and the refused text comes back into the box.
  // Filled, not typed key by key: typing is slow on a loaded machine, and the bucket (a burst of 10, one more every
  // 2 s) would refill as fast as the messages go.
  const boInput = bo.page.getByTestId('chat-input');
  for (let i = 0; i < 15; i++) {
    await boInput.fill(`spam ${i}`);
    await boInput.press('Enter');
  }
  const boError = bo.page.getByTestId('chat-error');
  await eventually(async () => (await boError.getAttribute('data-code')) === 'rate_limited', { what: 'rate_limited said' });
  assert.match(await boError.textContent(), /too fast/);
  assert.match(await bo.page.getByTestId('chat-input').inputValue(), /^spam \d+/, 'the refused text is back in the box');
  assert.ok(
    !(await bo.page.evaluate(() => window.vroom.notices())).some((n) => /Slow down/.test(n)),
    'no toast for a chat refusal',
  );

  // Save chat: a .txt transcript, one "[YYYY-MM-DD HH:MM] Name: text" line per message.
  const [download] = await Promise.all([ana.page.waitForEvent('download'), ana.page.getByTestId('chat-save').click()]);
  assert.match(download.suggestedFilename(), /^vroom-chat-chat-room-\d{4}-\d\d-\d\d\.txt$/);
  const transcript = readFileSync(await download.path(), 'utf8');
  const lines = transcript.trimEnd().split('\n');
  assert.match(lines[0], /^\[\d{4}-\d\d-\d\d \d\d:\d\d\] Ana: Hello everyone, cc$/);
  assert.match(lines[1], /^\[\d{4}-\d\d-\d\d \d\d:\d\d\] Bo: Hi Ana$/);
  assert.equal(lines[2], '    second line');
  assert.ok(transcript.includes('] Dee: <img src=x onerror=alert(1)>\n'));

  // Muting the sounds is remembered.
  await ana.page.getByTestId('chat-sounds').click();
  assert.equal(await ana.page.getByTestId('chat-sounds').getAttribute('aria-pressed'), 'true');
  const prefs = await ana.page.evaluate(() => JSON.parse(localStorage.getItem('vroom.prefs.v1')));
  assert.equal(prefs.soundsOff, true);

  // Escape closes the panel; the people panel and the chat share the side (one at a time).
  await ana.page.getByTestId('chat-input').press('Escape');
  assert.equal(await ana.page.getByTestId('chat-panel').isVisible(), false);
  await ana.page.getByTestId('chat-toggle').click();
  await ana.page.getByTestId('participant-count').click();
  assert.equal(await ana.page.getByTestId('chat-panel').isVisible(), false, 'people replaces chat');
  assert.ok(await ana.page.getByTestId('people-panel').isVisible());

  console.log(`chat test: ${Date.now() - started} ms`);
  for (const p of [ana, bo, dee]) await p.page.context().close();
});

test('a resumed connection repeats no message; a nameless guest is told when the room starts asking for names', async () => {
  const room = 'chat-names';
  const anaPage = await createRoomAsChairman(browser, server, room);
  const ana = await join(browser, server, room, 'Ana', { page: anaPage, mic: false, cam: false });
  const guest = await join(browser, server, room, '', { mic: false, cam: false });
  await ana.page.getByTestId('chat-toggle').click();
  await say(ana.page, 'one');
  await say(ana.page, 'two');
  await waitForMessages(guest.page, 2, 'the guest gets both');
  // Ana sees the guest's name as "Guest".
  await guest.page.getByTestId('chat-toggle').click();
  await say(guest.page, 'hello from nobody');
  await waitForMessages(ana.page, 3, 'Ana gets the guest');
  assert.equal((await shown(ana.page)).at(-1).sender, 'Guest');

  // The server drops the guest's socket: the resume's welcome carries the history again, shown once.
  const id = await myId(guest.page);
  const welcomes = await guest.page.evaluate(() => window.vroom.signalling.welcomes);
  const res = await fetch(`${server.url}/api/debug/drop-connection`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ room, participant: id }),
  });
  assert.equal(res.status, 200);
  await eventually(
    () => guest.page.evaluate((n) => window.vroom.signalling.welcomes > n && window.vroom.signalling.state === 'joined', welcomes),
    { timeout: 15_000, what: 'the guest reconnected' },
  );
  assert.deepEqual(
    (await shown(guest.page)).map((m) => m.text),
    ['one', 'two', 'hello from nobody'],
    'no message twice after the resume',
  );

  // The chairman now requires names: the nameless guest's next message is refused, said in the panel.
  const patched = await ana.page.evaluate(async (name) => {
    const r = await fetch(`/api/rooms/${name}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ require_name: true }),
    });
    return r.status;
  }, room);
  assert.equal(patched, 200);
  await say(guest.page, 'still here?');
  const error = guest.page.getByTestId('chat-error');
  await eventually(async () => (await error.getAttribute('data-code')) === 'name_required', { what: 'name_required said' });
  assert.match(await error.textContent(), /asks for a name/);
  assert.equal(await guest.page.getByTestId('chat-input').inputValue(), 'still here?', 'the refused text is kept');
  // A fresh welcome from a room that started over (server restart: seq from 1 again) keeps what was shown.
  const after = await guest.page.evaluate(() => {
    const chat = window.vroom.meeting.chat;
    chat.welcome([{ seq: 1, from: { id: 'p-new', name: 'Zoe' }, at: Date.now(), text: 'new life' }], false);
    chat.welcome([{ seq: 1, from: { id: 'p-new', name: 'Zoe' }, at: 1, text: 'new life' }], true);
    return window.vroom.chat().map((m) => m.text);
  });
  assert.deepEqual(after, ['one', 'two', 'hello from nobody', 'new life']);
  assert.equal((await shown(guest.page)).length, 4);
  for (const p of [ana, guest]) await p.page.context().close();
});
