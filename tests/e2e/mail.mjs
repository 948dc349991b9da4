// Mail for the browser tests: the same SMTP sink as the Rust tests (tests/support/smtp_sink.py, on aiosmtpd,
// run by $VROOM_TEST_PYTHON, which ./scripts/test points at its venv), and a small MIME reader for what it
// received (multipart, quoted-printable, base64, encoded-word headers), so tests compare plain text.
//
//   test('…', { skip: mailSkip() }, async () => {
//     const sink = await startSmtpSink();
//     … point the server at sink.host / sink.port …
//     const [mail] = await sink.waitFor(1);
//     const [link] = linksIn(mail.text);
//     await sink.stop();
//   });
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCRIPT = path.join(ROOT, 'tests/support/smtp_sink.py');

/** @type {{python: string | null, why: string} | undefined} */
let found;
let warned = false;

/** The interpreter that has aiosmtpd ($VROOM_TEST_PYTHON, else python3), or null; looked for once. */
export function sinkPython() {
  if (!found) {
    const fromEnv = process.env.VROOM_TEST_PYTHON;
    const python = fromEnv || 'python3';
    const probe = spawnSync(python, ['-c', 'import aiosmtpd'], { encoding: 'utf8' });
    if (probe.status === 0) found = { python, why: '' };
    else {
      const detail = probe.error ? probe.error.message : (probe.stderr || '').trim().split('\n').pop();
      found = { python: null, why: `${python}${fromEnv ? ' (from $VROOM_TEST_PYTHON)' : ''}: ${detail}` };
    }
  }
  return found.python;
}

/**
 * For node:test's `skip` option: false when the sink can run, else why not. Throws instead when
 * VROOM_TEST_REQUIRE_MAIL is set (CI), so that a missing sink fails rather than skips.
 */
export function mailSkip() {
  if (sinkPython()) return false;
  const why = `aiosmtpd not available (run ./scripts/test, which installs it): ${found?.why}`;
  const required = process.env.VROOM_TEST_REQUIRE_MAIL;
  if (required && required !== '0') throw new Error(`the mail tests are required here, but ${why}`);
  if (!warned) console.error(`skipped: ${why}`);
  warned = true;
  return why;
}

/**
 * Starts the SMTP sink on 127.0.0.1. `port` fixes the port (0: a free one), `dir` is where messages are
 * stored (a new temporary directory if not given); starting again on the same `dir` and `port` brings a stopped
 * sink back with what it had received. `tls` ({cert, key}: PEM file paths) offers STARTTLS, or SMTPS with
 * `implicitTls`; `auth` ('user:password') requires AUTH; `rejectRcpt` lists addresses answered with 550.
 * @param {{dir?: string, port?: number, tls?: {cert: string, key: string}, implicitTls?: boolean,
 *          auth?: string, rejectRcpt?: string[]}} [options]
 */
export async function startSmtpSink({ dir, port = 0, tls, implicitTls = false, auth, rejectRcpt = [] } = {}) {
  const python = sinkPython();
  if (!python) throw new Error(`no SMTP sink: ${found?.why} (use mailSkip() to skip such tests)`);
  const ownDir = !dir;
  const mailDir = dir ?? mkdtempSync(path.join(tmpdir(), 'vroom-smtp-sink-'));
  const args = [SCRIPT, '--dir', mailDir, '--host', '127.0.0.1', '--port', String(port)];
  if (tls) args.push('--tls-cert', tls.cert, '--tls-key', tls.key);
  if (implicitTls) args.push('--implicit-tls');
  if (auth) args.push('--auth', auth);
  for (const addr of rejectRcpt) args.push('--reject-rcpt', addr);
  const child = spawn(python, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let logs = '';
  child.stderr.on('data', (c) => (logs += c));
  const listening = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the SMTP sink did not start:\n${logs}`)), 20_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /^listening on ([\d.]+):(\d+)$/m.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ host: match[1], port: Number(match[2]) });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the SMTP sink exited with ${code}:\n${logs}`));
    });
  });

  const sink = {
    host: listening.host,
    port: listening.port,
    dir: mailDir,
    logs: () => logs,
    /** Every message received so far, in order, parsed; with the envelope (mailFrom, rcptTos, tls, authUser). */
    async messages() {
      return readdirSync(mailDir)
        .filter((name) => /^\d+\.eml$/.test(name))
        .sort()
        .map((name) => {
          const raw = readFileSync(path.join(mailDir, name));
          const meta = JSON.parse(readFileSync(path.join(mailDir, name.replace(/\.eml$/, '.json')), 'utf8'));
          return {
            seq: Number(name.slice(0, -4)),
            mailFrom: meta.mail_from,
            rcptTos: meta.rcpt_tos,
            tls: meta.tls,
            authUser: meta.auth_user,
            ...parseMessage(raw),
          };
        });
    },
    /** Resolves with all messages once there are at least `n`; rejects after `timeout` ms, saying what came. */
    async waitFor(n, timeout = 10_000) {
      const end = Date.now() + timeout;
      for (;;) {
        const got = await sink.messages();
        if (got.length >= n) return got;
        if (Date.now() > end) {
          const seen = got.map((m) => `  #${m.seq} to ${m.rcptTos.join(', ')}: ${m.subject}`).join('\n');
          throw new Error(`expected ${n} mail(s) within ${timeout} ms, got ${got.length}:\n${seen}\n${logs}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    /** Stops the sink (SIGTERM). Removes its directory if it made it, unless `keepData`. */
    async stop({ keepData = false } = {}) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (ownDir && !keepData) rmSync(mailDir, { recursive: true, force: true });
    },
  };
  return sink;
}

// ---------------------------------------------------------------------------------------------------------
// A minimal MIME reader

/**
 * Parses a raw message: decoded headers, `from` (as written), `to` (bare addresses), `subject`, and the first
 * text/plain and text/html parts that are not attachments, decoded, with \n line ends.
 * @param {Buffer | string} raw
 */
export function parseMessage(raw) {
  const buf = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  const top = parsePart(buf.toString('latin1'));
  /** @type {{text: string | null, html: string | null}} */
  const bodies = { text: null, html: null };
  collectBodies(top, bodies);
  const header = (name) => top.headers.find(([k]) => k.toLowerCase() === name)?.[1];
  return {
    from: header('from') ?? '',
    to: addresses(header('to') ?? ''),
    subject: header('subject') ?? '',
    text: bodies.text,
    html: bodies.html,
    headers: top.headers,
    raw: buf.toString('utf8'),
  };
}

/** The http(s) links in `text` (HTML entities &amp; undone), in order, without trailing punctuation. */
export function linksIn(text) {
  return [...(text ?? '').matchAll(/https?:\/\/[^\s"'<>]+/g)].map((m) =>
    m[0].replace(/[.,;:!?)]+$/, '').replaceAll('&amp;', '&'),
  );
}

/** @param {string} bin the part's bytes as a latin1 string */
function parsePart(bin) {
  const sep = /\r?\n\r?\n/.exec(bin);
  const head = sep ? bin.slice(0, sep.index) : bin;
  const body = sep ? bin.slice(sep.index + sep[0].length) : '';
  /** @type {[string, string][]} */
  const headers = [];
  for (const line of head.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && headers.length) headers[headers.length - 1][1] += line;
    else {
      const colon = line.indexOf(':');
      if (colon > 0) headers.push([line.slice(0, colon).trim(), line.slice(colon + 1)]);
    }
  }
  for (const h of headers) h[1] = decodeWords(Buffer.from(h[1], 'latin1').toString('utf8').trim());
  const get = (name) => headers.find(([k]) => k.toLowerCase() === name)?.[1] ?? '';
  const ctype = params(get('content-type') || 'text/plain; charset=us-ascii');
  const disposition = params(get('content-disposition'));
  const part = {
    headers,
    type: ctype.value.toLowerCase(),
    ctype,
    disposition,
    body,
    encoding: get('content-transfer-encoding').toLowerCase(),
    parts: /** @type {any[]} */ ([]),
  };
  if (part.type.startsWith('multipart/') && ctype.params.boundary) {
    // Delimiter lines: `--boundary`, the last one `--boundary--`; the line break before one belongs to it.
    const boundary = escapeRe(ctype.params.boundary);
    const delimiter = new RegExp(`(?:^|\\r?\\n)--${boundary}(--)?[ \\t]*(?:\\r?\\n|$)`, 'g');
    let start = -1;
    for (const m of body.matchAll(delimiter)) {
      if (start >= 0) part.parts.push(parsePart(body.slice(start, m.index)));
      if (m[1]) break;
      start = (m.index ?? 0) + m[0].length;
    }
  }
  return part;
}

function collectBodies(part, out) {
  if (part.parts.length) {
    for (const p of part.parts) collectBodies(p, out);
    return;
  }
  if (part.disposition.value.toLowerCase() === 'attachment') return;
  const slot = part.type === 'text/plain' ? 'text' : part.type === 'text/html' ? 'html' : null;
  if (!slot || out[slot] !== null) return;
  const bytes = transferDecode(part.body, part.encoding);
  out[slot] = decodeCharset(bytes, part.ctype.params.charset).replace(/\r\n/g, '\n');
}

/** @returns {Buffer} */
function transferDecode(bin, encoding) {
  if (encoding === 'base64') return Buffer.from(bin.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (encoding === 'quoted-printable') {
    return unhex(bin.replace(/=\r?\n/g, '')); // soft line breaks, then =XX
  }
  return Buffer.from(bin, 'latin1');
}

/** Quoted-printable's `=XX` escapes undone, in a latin1 string, as bytes. */
function unhex(bin) {
  return Buffer.from(bin.replace(/=([0-9A-Fa-f]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
}

function decodeCharset(bytes, charset = 'utf-8') {
  try {
    return new TextDecoder(charset === 'us-ascii' ? 'utf-8' : charset).decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

/** RFC 2047 encoded words (whitespace between two of them is dropped). */
function decodeWords(value) {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset, enc, text) => {
      const bytes = enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : unhex(text.replace(/_/g, ' '));
      return decodeCharset(bytes, charset.toLowerCase().split('*')[0]);
    });
}

/** `type/sub; a=1; b="x y"` → {value: 'type/sub', params: {a: '1', b: 'x y'}} (parameter names lower-cased). */
function params(header) {
  const [value, ...rest] = header.split(';');
  /** @type {Record<string, string>} */
  const out = {};
  for (const m of rest.join(';').matchAll(/([^=;\s]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g)) {
    out[m[1].toLowerCase()] = m[2].trim().replace(/^"(.*)"$/, '$1').replace(/\\(.)/g, '$1');
  }
  return { value: value.trim(), params: out };
}

/** The bare addresses in an address-list header (display names, groups and comments dropped). */
function addresses(header) {
  return header
    .replace(/"(?:[^"\\]|\\.)*"|\([^)]*\)/g, '') // quoted display names and comments may hold , ; :
    .replace(/[^,;:<>]*:/g, '') // group names
    .split(/[,;]/)
    .map((item) => (/<([^>]*)>/.exec(item)?.[1] ?? item).trim())
    .filter((addr) => addr.includes('@'));
}

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
