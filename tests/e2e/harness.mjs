// Shared pieces of the browser suite: a real `vroom` server on a free port with its own SQLite file,
// and Debian's Chromium with a fake camera and microphone, driven by playwright-core.
import { after, before } from 'node:test';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const ARTIFACTS = path.join(ROOT, 'tests/e2e/artifacts');

/**
 * Starts `target/debug/vroom` (or $VROOM_BIN); resolves once it listens. `dataDir` and `listen` let a test
 * restart a server on the same database and address.
 */
export async function startServer(env = {}, { dataDir, listen = '127.0.0.1:0' } = {}) {
  const bin = process.env.VROOM_BIN ?? path.join(ROOT, 'target/debug/vroom');
  const dir = dataDir ?? mkdtempSync(path.join(tmpdir(), 'vroom-e2e-'));
  const child = spawn(bin, ['serve'], {
    cwd: dir,
    env: {
      ...process.env,
      VROOM_SERVER__LISTEN: listen,
      VROOM_DATABASE__URL: `sqlite://${dir}/vroom.db`,
      VROOM_DEBUG__FAULT_INJECTION: 'true',
      VROOM_LOG__LEVEL: process.env.VROOM_E2E_LOG ?? 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logs = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${logs}`)), 20_000);
    const onData = (chunk) => {
      logs += chunk;
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(logs);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${logs}`)));
  });
  child.stdout.on('data', (c) => (logs += c));
  return {
    url,
    dataDir: dir,
    logs: () => logs,
    /** Stops the server (SIGTERM); removes its database unless `keepData`. */
    async stop({ keepData = false } = {}) {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (!keepData) rmSync(dir, { recursive: true, force: true });
    },
  };
}

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
];

/** Headless Chromium with fake media. `extraArgs` replace nothing, they add. */
export async function launchBrowser(extraArgs = [], { fakeUi = true } = {}) {
  const args = FLAGS.filter((f) => fakeUi || f !== '--use-fake-ui-for-media-stream');
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [...args, ...extraArgs],
  });
}

export async function newPage(browser, { width = 1280, height = 800 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  return page;
}

export async function createRoom(server, name) {
  const res = await fetch(`${server.url}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(name ? { name } : {}),
  });
  if (res.status !== 201) throw new Error(`create room: ${res.status} ${await res.text()}`);
  return (await res.json()).name;
}

export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

/**
 * Waits until the page's module has attached its handlers (`<html data-ready>`, set by web/ui/dom.js markReady): it
 * first downloads the page's language, so a click right after `goto` could come before anything listens.
 */
export async function ready(page) {
  await page.locator('html[data-ready]').waitFor({ state: 'attached', timeout: 20_000 });
}

/** Polls `fn` until it returns a truthy value or `timeout` ms pass. */
export async function eventually(fn, { timeout = 10_000, interval = 100, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (last: ${last})`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

/**
 * Starts a server (with `env`) and a browser before a file's tests and stops both after them. `ready`
 * receives them (and may do more set-up).
 * @param {(server: any, browser: any) => void | Promise<void>} ready
 * @param {Record<string, string>} [env]
 */
export function useServerAndBrowser(ready, env = {}) {
  let server;
  let browser;
  before(async () => {
    server = await startServer(env);
    browser = await launchBrowser();
    await ready(server, browser);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
}
