// A real Etherpad-Lite for the browser tests (tests/support/etherpad/start-etherpad.sh: installed once under
// target/etherpad from npm, started on a free port with a random key), its HTTP API, and a relay in front of it
// that can go down and come back: an Etherpad that stops answering during a meeting.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { ROOT } from './harness.mjs';

const run = promisify(execFile);
export const REQUIRE_ENV = 'VROOM_TEST_REQUIRE_ETHERPAD';

/** A port nobody listens on right now. */
async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts an Etherpad. Resolves with {url, key, api, text, stop}, or with {skipped: reason} where it cannot be
 * installed (no npm registry, no Node.js) and $VROOM_TEST_REQUIRE_ETHERPAD is not set; set, that is an error.
 */
export async function startEtherpad() {
  const port = await freePort();
  const key = randomBytes(24).toString('hex');
  const data = mkdtempSync(path.join(tmpdir(), 'vroom-etherpad-'));
  let stdout;
  try {
    ({ stdout } = await run(
      'bash',
      [path.join(ROOT, 'tests/support/etherpad/start-etherpad.sh'), path.join(ROOT, 'target/etherpad'), String(port), key, data],
      { timeout: 300_000, maxBuffer: 16 << 20 },
    ));
  } catch (err) {
    rmSync(data, { recursive: true, force: true });
    const why = `${err.code === 3 ? 'Etherpad could not be installed' : 'Etherpad did not start'}: ${String(err.stderr ?? err).trim().split('\n').slice(-5).join(' | ')}`;
    const required = (process.env[REQUIRE_ENV] ?? '') !== '' && process.env[REQUIRE_ENV] !== '0';
    if (required || err.code !== 3) throw new Error(why);
    return { skipped: why };
  }
  const line = stdout.split('\n').find((l) => l.startsWith('ETHERPAD_READY '));
  if (!line) throw new Error(`no ETHERPAD_READY line in ${stdout}`);
  const [, url, pidWord] = line.split(' ');
  const pid = Number(pidWord.replace('pid=', ''));

  /** Calls Etherpad's HTTP API; resolves with its whole reply. */
  async function api(method, params = {}) {
    const res = await fetch(`${url}/api/1.2.15/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ apikey: key, ...params }),
    });
    return res.json();
  }

  return {
    url,
    key,
    api,
    /** A pad's text, or null when Etherpad says there is no such pad. */
    async text(padID) {
      const reply = await api('getText', { padID });
      return reply.code === 0 ? reply.data.text : null;
    },
    async stop() {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await new Promise((r) => setTimeout(r, 1500));
      rmSync(data, { recursive: true, force: true });
    },
  };
}

/**
 * A TCP relay to `target` (an http://host:port URL) on a port of its own: `down()` refuses new connections and cuts
 * the open ones (socket.io's WebSocket included), `up()` relays again on the same port.
 */
export async function startRelay(target) {
  const { hostname, port: targetPort } = new URL(target);
  const port = await freePort();
  /** @type {Set<net.Socket>} */
  const sockets = new Set();
  /** @type {net.Server | null} */
  let server = null;
  const relay = {
    url: `http://127.0.0.1:${port}`,
    async up() {
      if (server) return;
      server = net.createServer((inbound) => {
        const outbound = net.connect(Number(targetPort), hostname);
        for (const s of [inbound, outbound]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => {
            inbound.destroy();
            outbound.destroy();
          });
        }
        inbound.pipe(outbound);
        outbound.pipe(inbound);
      });
      await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
    async down() {
      if (!server) return;
      const closing = new Promise((resolve) => server.close(resolve));
      for (const s of sockets) s.destroy();
      server = null;
      await closing;
    },
  };
  await relay.up();
  return relay;
}
