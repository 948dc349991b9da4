// The feedback page in a browser, against the real SMTP sink: a French visitor fills it in and the message
// arrives at the contact address with both parts; an empty message is refused in the page.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, launchBrowser, ready, screenshot } from './harness.mjs';
import { startSmtpSink, mailSkip } from './mail.mjs';

const skip = mailSkip();

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

let cleanup = [];
after(async () => {
  for (const f of cleanup.reverse()) await f();
});

test('a French visitor sends feedback; it reaches the contact address', { skip }, async () => {
  const sink = await startSmtpSink();
  cleanup.push(() => sink.stop());
  const port = await freePort();
  const server = await startServer(
    {
      VROOM_SERVER__PUBLIC_URL: `http://127.0.0.1:${port}`,
      VROOM_MAIL__TRANSPORT: 'smtp',
      VROOM_MAIL__SMTP__HOST: '127.0.0.1',
      VROOM_MAIL__SMTP__PORT: String(sink.port),
      VROOM_MAIL__SMTP__TLS: 'none',
      VROOM_MAIL__FROM: 'VROOM <meet@vroom.test>',
      VROOM_MAIL__CONTACT: 'ops@vroom.test',
    },
    { listen: `127.0.0.1:${port}` },
  );
  cleanup.push(() => server.stop());
  const browser = await launchBrowser();
  cleanup.push(() => browser.close());
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByTestId('feedback-link').click();
  await page.waitForURL(/\/feedback$/);
  await ready(page);
  assert.equal(await page.locator('h1').textContent(), 'Dites-nous ce que vous en pensez');
  await page.getByTestId('feedback-send').click();
  assert.equal(await page.getByTestId('feedback-error').textContent(), 'Écrivez d’abord un message.');
  await page.getByTestId('feedback-email').fill('lea@example.org');
  await page.getByTestId('feedback-comment').fill('Le partage d’écran marche très bien.');
  await page.waitForTimeout(3100); // a person takes a moment; the server ignores faster robots
  await page.getByTestId('feedback-send').click();
  await page.getByTestId('feedback-done').waitFor();
  await screenshot(page, 'feedback-fr-phone-sent');
  const [mail] = await sink.waitFor(1, 15_000);
  assert.deepEqual(mail.to, ['ops@vroom.test']);
  assert.equal(mail.subject, 'Feedback from VROOM');
  assert.match(mail.text, /Reply to: lea@example\.org/);
  assert.match(mail.text, /Le partage d’écran marche très bien\./);
  assert.match(mail.text, /Language of the page: fr/);
  assert.ok(mail.html.includes('Le partage d’écran marche très bien.'));
});
