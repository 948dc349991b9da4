// The mail helper itself (mail.mjs): the SMTP sink receives what a client sends over a real socket, its MIME
// reader gives back plain text, and a sink stopped and started again on its port and directory keeps its mail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startSmtpSink, mailSkip, parseMessage, linksIn } from './mail.mjs';

/**
 * A bare SMTP client: EHLO, MAIL, RCPT…, DATA (dot-stuffed), QUIT. Resolves with the replies' codes;
 * rejects on a 4xx/5xx reply or a connection error.
 */
function smtpSend({ host, port }, { from, to, data }) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, host);
    const body = data.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    const script = [
      'EHLO client.test',
      `MAIL FROM:<${from}>`,
      ...to.map((addr) => `RCPT TO:<${addr}>`),
      'DATA',
      `${body}${body.endsWith('\r\n') ? '' : '\r\n'}.`,
      'QUIT',
    ];
    const codes = [];
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      buffer += chunk;
      let end;
      // A reply is complete at a line `NNN text` (not `NNN-text`).
      while ((end = buffer.search(/^\d{3} .*\r\n/m)) >= 0) {
        const line = /^\d{3} .*\r\n/m.exec(buffer.slice(end));
        if (!line) break;
        const code = Number(line[0].slice(0, 3));
        buffer = buffer.slice(end + line[0].length);
        codes.push(code);
        if (code >= 400) {
          socket.destroy();
          reject(new Error(`SMTP ${line[0].trim()} (after ${codes.length - 1} command(s))`));
          return;
        }
        const next = script.shift();
        if (next === undefined) {
          socket.end();
          resolve(codes);
          return;
        }
        socket.write(`${next}\r\n`);
      }
    });
  });
}

const MESSAGE = [
  'From: =?utf-8?q?VROOM_Caf=C3=A9?= <noreply@vroom.test>',
  'To: =?utf-8?b?Sm/Dq2w=?= <joel@example.org>, bob@example.org',
  'Subject: =?utf-8?q?Bitte_best=C3=A4tigen_=E2=9C=93?=',
  'MIME-Version: 1.0',
  'Content-Type: multipart/alternative; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Gr=C3=BC=C3=9Fe! Best=C3=A4tigen: https://vroom.test/confirm?t=3Dabc&n=3D1.',
  '.a line that starts with a dot, and a soft =',
  'break.',
  '--b1',
  'Content-Type: text/html; charset=utf-8',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from('<p>Grüße! <a href="https://vroom.test/confirm?t=abc&amp;n=1">Bestätigen</a></p>').toString('base64'),
  '--b1--',
  '',
].join('\r\n');

test('the SMTP sink receives a multipart message and reads it back as plain text', { skip: mailSkip() }, async () => {
  const sink = await startSmtpSink();
  try {
    assert.equal(sink.host, '127.0.0.1');
    await smtpSend(sink, { from: 'noreply@vroom.test', to: ['joel@example.org', 'bob@example.org'], data: MESSAGE });
    const [mail, ...more] = await sink.waitFor(1);
    assert.equal(more.length, 0);
    assert.equal(mail.seq, 1);
    assert.equal(mail.mailFrom, 'noreply@vroom.test');
    assert.deepEqual(mail.rcptTos, ['joel@example.org', 'bob@example.org']);
    assert.equal(mail.tls, false);
    assert.equal(mail.authUser, null);
    assert.equal(mail.from, 'VROOM Café <noreply@vroom.test>');
    assert.deepEqual(mail.to, ['joel@example.org', 'bob@example.org']);
    assert.equal(mail.subject, 'Bitte bestätigen ✓');
    assert.equal(
      mail.text,
      'Grüße! Bestätigen: https://vroom.test/confirm?t=abc&n=1.\n.a line that starts with a dot, and a soft break.',
    );
    assert.equal(mail.html, '<p>Grüße! <a href="https://vroom.test/confirm?t=abc&amp;n=1">Bestätigen</a></p>');
    assert.deepEqual(linksIn(mail.text), ['https://vroom.test/confirm?t=abc&n=1']);
    assert.deepEqual(linksIn(mail.html), ['https://vroom.test/confirm?t=abc&n=1']);
    assert.equal(mail.raw, MESSAGE, 'the raw message is stored as sent (dot-unstuffed)');
    assert.deepEqual(parseMessage(mail.raw).subject, mail.subject);
  } finally {
    await sink.stop();
  }
});

test('a rejected recipient gets 550 and nothing is stored', { skip: mailSkip() }, async () => {
  const sink = await startSmtpSink({ rejectRcpt: ['nobody@example.org'] });
  try {
    await assert.rejects(
      smtpSend(sink, { from: 'a@vroom.test', to: ['nobody@example.org'], data: 'Subject: x\r\n\r\nx' }),
      /SMTP 550/,
    );
    assert.deepEqual(await sink.messages(), []);
  } finally {
    await sink.stop();
  }
});

test('a sink stopped and started again on its port and directory keeps its mail', { skip: mailSkip() }, async () => {
  let sink = await startSmtpSink();
  const { port, dir } = sink;
  try {
    await smtpSend(sink, { from: 'a@vroom.test', to: ['b@example.org'], data: 'Subject: one\r\n\r\n1' });
    await sink.waitFor(1);
    await sink.stop({ keepData: true });
    const down = smtpSend({ host: '127.0.0.1', port }, { from: 'a@vroom.test', to: ['b@example.org'], data: 'x' });
    await assert.rejects(down, /ECONNREFUSED/);

    sink = await startSmtpSink({ dir, port });
    assert.equal(sink.port, port);
    await smtpSend(sink, { from: 'a@vroom.test', to: ['b@example.org'], data: 'Subject: two\r\n\r\n2' });
    const mails = await sink.waitFor(2);
    assert.deepEqual(
      mails.map((m) => [m.seq, m.subject, m.text]),
      [
        [1, 'one', '1\n'],
        [2, 'two', '2\n'],
      ],
    );
  } finally {
    await sink.stop();
  }
});
