// Invitations by e-mail in the browser, against the real server and the SMTP sink: a chairman of a locked room
// with a join password invites from the people panel (bad addresses named in the page first, nothing sent); the
// mail arrives (subject, both parts, the links); its link lets a new browser straight into the room and no second
// browser after it; an invitee who can't come says so on the invitation page, which kills their link, and the
// chairman hears it live (toast and list), like "I will join later"; an address the mail server refuses shows as
// not delivered with the reason. Screenshots of the dialog and the invitation page, in English and French, on a
// desktop and a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, launchBrowser, ready, screenshot, eventually } from './harness.mjs';
import { join, createRoomAsChairman, openPeople, notices } from './room.mjs';
import { startSmtpSink, mailSkip, linksIn } from './mail.mjs';

const skip = mailSkip();
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

let sink;
let server;
let browser;

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

before(async () => {
  if (skip) return;
  sink = await startSmtpSink({ rejectRcpt: ['bounce@vroom.test'] });
  const port = await freePort();
  server = await startServer(
    {
      VROOM_SERVER__PUBLIC_URL: `http://127.0.0.1:${port}`,
      VROOM_MAIL__TRANSPORT: 'smtp',
      VROOM_MAIL__SMTP__HOST: '127.0.0.1',
      VROOM_MAIL__SMTP__PORT: String(sink.port),
      VROOM_MAIL__SMTP__TLS: 'none',
      VROOM_MAIL__FROM: 'VROOM <meet@vroom.test>',
    },
    { listen: `127.0.0.1:${port}` },
  );
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await sink?.stop();
});

/** A fresh browser (its own cookies: another person), in a language. */
async function stranger({ locale = 'en-GB', viewport = DESKTOP, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ locale, viewport, colorScheme });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  return page;
}

/** Locks the room and gives it a join password, as its chairman (the settings API, from the page). */
async function lockWithPassword(page, room) {
  const status = await page.evaluate(async (name) => {
    const res = await fetch(`/api/rooms/${name}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ locked: true, join_password: 'pass-1234' }),
    });
    return res.status;
  }, room);
  assert.equal(status, 200);
}

async function openInviteDialog(page) {
  await openPeople(page);
  await page.getByTestId('invite-open').click();
  const dialog = page.getByTestId('invite-dialog');
  await dialog.waitFor();
  return dialog;
}

/** Invites from the dialog and waits for the "on its way" line. */
async function inviteFrom(dialog, emails, message = '') {
  await dialog.getByTestId('invite-emails').fill(emails);
  await dialog.getByTestId('invite-message').fill(message);
  await dialog.getByTestId('invite-send').click();
  await eventually(async () => ((await dialog.getByTestId('invite-sent').textContent()) ?? '') !== '', {
    what: `invitations to ${emails} sent`,
  });
}

/** The row of an address in the dialog's list, once it shows `status`. */
async function rowWithStatus(dialog, email, status) {
  const row = dialog.locator(`[data-testid=invite-item][data-email="${email}"]`);
  await eventually(async () => (await row.getAttribute('data-status')) === status, {
    timeout: 15_000,
    what: `${email} shown as ${status}`,
  });
  return row;
}

/** The mail sent to `to` (waits for it), with its join link and its answer link. */
async function mailTo(to) {
  const mail = await eventually(async () => (await sink.messages()).find((m) => m.to.includes(to)), {
    timeout: 15_000,
    what: `the mail to ${to}`,
  });
  const links = linksIn(mail.text);
  return {
    mail,
    join: links.find((l) => l.includes('?invitation=')),
    answer: links.find((l) => l.includes('/invitation/')),
  };
}

/** Answers on the invitation page. */
async function answer(page, response, message) {
  await ready(page);
  await page.getByTestId(response === 'decline' ? 'invitation-decline' : 'invitation-later').check();
  await page.getByTestId('invitation-reply').fill(message);
  await page.getByTestId('invitation-send').click();
  await page.getByTestId('invitation-done').waitFor();
}

test('an invitation lets one browser into a locked room with a password; answers reach the chairman live', { skip }, async () => {
  const room = 'inv-standup';
  const ana = await createRoomAsChairman(browser, server, room, DESKTOP);
  await lockWithPassword(ana, room);
  await join(browser, server, room, 'Ana', { page: ana, cam: false });
  let dialog = await openInviteDialog(ana);
  assert.equal(await ana.evaluate(() => document.activeElement?.id), 'invite-emails', 'focus on the addresses');
  // The list says "Loading…" until the server's list came back.
  await eventually(async () => (await dialog.getByTestId('invite-empty').textContent()) === 'No one has been invited yet.', {
    what: 'the empty list',
  });

  // Checked in the page first: every bad address named, nothing sent.
  await dialog.getByTestId('invite-emails').fill('guest@vroom.test, not-an-address;\nbob@');
  await dialog.getByTestId('invite-send').click();
  assert.equal(
    await dialog.getByTestId('invite-emails-error').textContent(),
    "These addresses don't look right: not-an-address, bob@",
  );
  assert.equal(await dialog.getByTestId('invite-emails').getAttribute('aria-invalid'), 'true');
  await dialog.getByTestId('invite-emails').fill('');
  await dialog.getByTestId('invite-send').click();
  assert.equal(await dialog.getByTestId('invite-emails-error').textContent(), 'Enter at least one e-mail address.');
  assert.equal((await sink.messages()).length, 0);

  // One invitation with a message; the list follows its mail.
  await dialog.getByTestId('invite-message').fill('x');
  assert.equal(await dialog.getByTestId('invite-message-counter').textContent(), '1 / 1,000');
  await inviteFrom(dialog, 'Guest Person <guest@vroom.test>', 'Standup in five minutes — bring your notes.');
  assert.equal(await dialog.getByTestId('invite-sent').textContent(), 'Invitation on its way to guest@vroom.test.');
  assert.equal(await dialog.getByTestId('invite-emails').inputValue(), '', 'the form is cleared');
  await rowWithStatus(dialog, 'guest@vroom.test', 'sent');

  const guestMail = await mailTo('guest@vroom.test');
  const { mail } = guestMail;
  assert.deepEqual(mail.to, ['guest@vroom.test']);
  assert.match(mail.from, /meet@vroom\.test/);
  assert.equal(mail.subject, `Ana invites you to the meeting “${room}”`);
  assert.match(mail.text, /Standup in five minutes — bring your notes\./);
  assert.ok(mail.html?.includes('Standup in five minutes — bring your notes.'), 'the HTML part has the message');
  assert.ok(guestMail.join?.startsWith(`${server.url}/${room}?invitation=`), `join link: ${guestMail.join}`);
  assert.ok(guestMail.answer?.startsWith(`${server.url}/invitation/`), `answer link: ${guestMail.answer}`);
  assert.ok(linksIn(mail.html.replaceAll('&#x2f;', '/')).includes(guestMail.join), 'the HTML part has the same link');

  // The link lets a new browser in: no password asked, the lock does not stop it.
  const guest = await stranger();
  await guest.goto(guestMail.join);
  assert.equal(new URL(guest.url()).pathname, `/${room}`);
  assert.equal(new URL(guest.url()).search, '', 'the token leaves the address bar');
  await guest.getByTestId('prejoin').waitFor();
  assert.ok(await guest.getByTestId('password-field').isHidden(), 'no password asked');
  await join(browser, server, room, 'Guest', { page: guest, cam: false });
  await eventually(async () => (await notices(ana)).includes('Guest joined'), { what: 'Ana sees Guest join' });
  await rowWithStatus(dialog, 'guest@vroom.test', 'used');
  assert.equal(await dialog.locator('[data-email="guest@vroom.test"] [data-testid=invite-status]').textContent(), 'Link used');

  // The same link in a second browser: refused, with a page that says why.
  const other = await stranger();
  const refused = await other.goto(guestMail.join);
  assert.equal(refused.status(), 403);
  assert.equal(await other.locator('h1').textContent(), 'This invitation was opened in another browser');
  await screenshot(other, 'invitation-used-elsewhere');
  await other.context().close();

  // Three more: one refused by the mail server, one who can't come, one who will join later.
  await inviteFrom(dialog, 'no@vroom.test later@vroom.test, bounce@vroom.test');
  assert.match((await dialog.getByTestId('invite-sent').textContent()) ?? '', /^3 invitations on their way: /);
  const bounced = await rowWithStatus(dialog, 'bounce@vroom.test', 'failed');
  assert.equal(await bounced.getByTestId('invite-status').textContent(), 'Could not deliver');
  await bounced.locator('summary').click();
  assert.match((await bounced.getByTestId('invite-delivery-error').textContent()) ?? '', /\S/);

  // "I can't come", with a message: told live, and the link stops working.
  const no = await mailTo('no@vroom.test');
  const decliner = await stranger();
  await decliner.goto(no.answer);
  assert.equal(await decliner.getByTestId('invitation-title').textContent(), `Ana invites you to the meeting “${room}”`);
  assert.ok(await decliner.getByTestId('invitation-message').isHidden().catch(() => true), 'no message, no quote');
  await decliner.locator('[data-testid=invitation-expiry][data-local]').waitFor();
  assert.match((await decliner.getByTestId('invitation-expiry').textContent()) ?? '', /^It works until \D.* \d{4}.*\d:\d\d/);
  assert.doesNotMatch((await decliner.getByTestId('invitation-expiry').textContent()) ?? '', /UTC/, 'in local time');
  assert.equal(await decliner.getByTestId('invitation-join').getAttribute('href'), new URL(no.join).pathname + new URL(no.join).search);
  await decliner.getByTestId('invitation-send').click();
  assert.equal(await decliner.getByTestId('invitation-error').textContent(), 'Choose one of the two answers.');
  await screenshot(decliner, 'invitation-page-en');
  await answer(decliner, 'decline', 'Sorry, I am at the dentist.');
  assert.ok(await decliner.getByTestId('invitation-join').isHidden(), 'the join link goes');
  assert.ok(await decliner.getByTestId('invitation-form').isHidden());
  assert.equal(
    await decliner.getByTestId('invitation-done').textContent(),
    'Thank you, your answer was sent. This invitation no longer opens the meeting.',
  );
  const declineToast = 'no@vroom.test can\'t come: “Sorry, I am at the dentist.”';
  await eventually(async () => (await notices(ana)).includes(declineToast), { what: 'the decline toast' });
  const declined = await rowWithStatus(dialog, 'no@vroom.test', 'decline');
  assert.equal(await declined.getByTestId('invite-reply').textContent(), '“Sorry, I am at the dentist.”');
  assert.deepEqual(await ana.evaluate(() => window.vroom.meeting.invitations.answers.at(-1)), {
    email: 'no@vroom.test',
    response: 'decline',
    message: 'Sorry, I am at the dentist.',
  });

  const again = await decliner.reload();
  assert.equal(again.status(), 410);
  assert.equal(await decliner.getByTestId('invitation-gone').getAttribute('data-state'), 'declined');
  assert.equal(await decliner.locator('h1').textContent(), 'This invitation no longer works');
  assert.equal(await decliner.getByTestId('invitation-form').count(), 0, 'nothing else on the page');
  await screenshot(decliner, 'invitation-declined-en');
  const dead = await decliner.goto(no.join);
  assert.equal(dead.status(), 410, 'a declined invitation lets nobody in');
  assert.equal(await decliner.locator('h1').textContent(), 'This invitation no longer works');
  await decliner.context().close();

  // "I will join later": told live; the link keeps working.
  const later = await mailTo('later@vroom.test');
  const laterPage = await stranger({ viewport: PHONE, colorScheme: 'dark' });
  await laterPage.goto(later.answer);
  await screenshot(laterPage, 'invitation-page-en-phone-dark');
  await answer(laterPage, 'later', 'After lunch');
  await screenshot(laterPage, 'invitation-page-en-phone-dark-later');
  assert.ok(await laterPage.getByTestId('invitation-join').isVisible(), 'the join link stays');
  await eventually(async () => (await notices(ana)).includes('later@vroom.test will join later: “After lunch”'), {
    what: 'the "later" toast',
  });
  const laterRow = await rowWithStatus(dialog, 'later@vroom.test', 'later');
  assert.equal(await laterRow.getByTestId('invite-status').textContent(), 'Will join later');
  await laterPage.reload();
  assert.ok(await laterPage.getByTestId('invitation-later-note').isVisible(), 'the page remembers the answer');
  await laterPage.context().close();

  // Newest first.
  assert.deepEqual(await dialog.locator('[data-testid=invite-item]').evaluateAll((els) => els.map((e) => e.dataset.email)), [
    'bounce@vroom.test',
    'later@vroom.test',
    'no@vroom.test',
    'guest@vroom.test',
  ]);
  await screenshot(ana, 'invite-dialog-en-desktop');
  await ana.setViewportSize(PHONE);
  await screenshot(ana, 'invite-dialog-en-phone');
  await dialog.evaluate((d) => d.scrollTo(0, d.scrollHeight));
  await screenshot(ana, 'invite-dialog-en-phone-list');

  // Escape closes the dialog; the button is only for chairmen on a server with mail (Guest sees none).
  await ana.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await openPeople(guest);
  assert.ok(await guest.getByTestId('invite-open').isHidden(), 'not for participants');
  await guest.context().close();
  await ana.context().close();
});

test('in French: the dialog, its list and the invitation page', { skip }, async () => {
  const room = 'inv-reunion';
  const context = await browser.newContext({ locale: 'fr-FR', viewport: DESKTOP });
  const lea = await context.newPage();
  lea.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  await lea.goto(server.url);
  assert.equal(
    await lea.evaluate(async (name) => (await fetch('/api/rooms', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name }),
    })).status, room),
    201,
  );
  await join(browser, server, room, 'Léa', { page: lea, cam: false });
  const dialog = await openInviteDialog(lea);
  await dialog.getByTestId('invite-emails').fill('paul@vroom.test, @');
  await dialog.getByTestId('invite-send').click();
  assert.equal(await dialog.getByTestId('invite-emails-error').textContent(), 'Cette adresse ne semble pas valide\u00a0: @');
  await inviteFrom(dialog, 'paul@vroom.test, marie@vroom.test, bounce@vroom.test', 'On commence à 10 h, venez quand vous voulez.');
  await rowWithStatus(dialog, 'bounce@vroom.test', 'failed');
  await rowWithStatus(dialog, 'paul@vroom.test', 'sent');

  const paul = await mailTo('paul@vroom.test');
  assert.equal(paul.mail.subject, `Léa vous invite à la réunion «\u00a0${room}\u00a0»`);
  const page = await stranger({ locale: 'fr-FR', viewport: PHONE });
  await page.goto(paul.answer);
  assert.equal(await page.getByTestId('invitation-title').textContent(), `Léa vous invite à la réunion «\u00a0${room}\u00a0»`);
  assert.equal(await page.locator('[data-testid=invitation-message] blockquote').textContent(), 'On commence à 10 h, venez quand vous voulez.');
  await page.locator('[data-testid=invitation-expiry][data-local]').waitFor();
  assert.match((await page.getByTestId('invitation-expiry').textContent()) ?? '', /^Elle est valable jusqu’au /);
  await screenshot(page, 'invitation-page-fr-phone');
  await answer(page, 'decline', 'Désolé, je suis en déplacement.');
  await screenshot(page, 'invitation-page-fr-phone-answered');
  await eventually(async () => (await notices(lea)).includes('paul@vroom.test ne peut pas venir\u00a0: «\u00a0Désolé, je suis en déplacement.\u00a0»'), {
    what: 'the French decline toast',
  });
  await rowWithStatus(dialog, 'paul@vroom.test', 'decline');
  await page.reload();
  assert.equal(await page.locator('h1').textContent(), 'Cette invitation n’est plus valable');
  await screenshot(page, 'invitation-declined-fr-phone');

  const marie = await mailTo('marie@vroom.test');
  const marieDesk = await stranger({ locale: 'fr-FR', viewport: DESKTOP });
  await marieDesk.goto(marie.answer);
  await screenshot(marieDesk, 'invitation-page-fr-desktop');
  await answer(marieDesk, 'later', 'Après le déjeuner');
  await rowWithStatus(dialog, 'marie@vroom.test', 'later');

  await screenshot(lea, 'invite-dialog-fr-desktop');
  await lea.setViewportSize(PHONE);
  await screenshot(lea, 'invite-dialog-fr-phone');
  await dialog.evaluate((d) => d.scrollTo(0, d.scrollHeight));
  await screenshot(lea, 'invite-dialog-fr-phone-list');
  await context.close();
});
