// Unit tests of the browser client's signalling library (web/lib/signalling.js), run in Node with a fake
// WebSocket and mocked clocks: what is hard to provoke in a real browser within a test's time
// (TURN credentials expiring hours later, a server that stays silent, close codes).
import { beforeEach, afterEach, mock, test } from 'node:test';
import assert from 'node:assert/strict';

class FakeSocket extends EventTarget {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;
  /** @type {FakeSocket[]} */
  static all = [];
  readyState = FakeSocket.CONNECTING;
  bufferedAmount = 0;
  /** @type {any[]} */
  sent = [];
  answerPings = true;

  constructor(url) {
    super();
    this.url = url;
    FakeSocket.all.push(this);
  }
  open() {
    this.readyState = FakeSocket.OPEN;
    this.dispatchEvent(new Event('open'));
  }
  send(text) {
    const msg = JSON.parse(text);
    this.sent.push(msg);
    if (msg.type === 'ping' && this.answerPings) this.receive({ type: 'pong', t: msg.t });
  }
  receive(msg) {
    const ev = new Event('message');
    ev.data = JSON.stringify(msg);
    this.dispatchEvent(ev);
  }
  close(code = 1000, reason = '') {
    if (this.readyState === FakeSocket.CLOSED) return;
    this.readyState = FakeSocket.CLOSED;
    const ev = new Event('close');
    ev.code = code;
    ev.reason = reason;
    this.dispatchEvent(ev);
  }
  types() {
    return this.sent.map((m) => m.type);
  }
}

globalThis.WebSocket = FakeSocket;
const { Signalling } = await import('../../web/lib/signalling.js');

const NOW = 1_800_000_000_000;

function welcome(overrides = {}) {
  return {
    type: 'welcome',
    protocol: 1,
    room: 'r',
    you: { id: 'me', name: 'Ada', audio: true, video: true, connected: true },
    resume_token: 'secret',
    resumed: false,
    participants: [],
    ice: { iceServers: [] },
    limits: { max_message_bytes: 65536, ping_interval_ms: 10_000, reconnect_grace_ms: 30_000 },
    ...overrides,
  };
}

/** Advances the mocked clock in steps, letting each step's events run. */
function advance(ms, step = 1000) {
  for (let done = 0; done < ms; done += step) mock.timers.tick(Math.min(step, ms - done));
}

beforeEach(() => {
  FakeSocket.all = [];
  mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'], now: NOW });
});

afterEach(() => mock.timers.reset());

function joined() {
  const s = new Signalling({ url: 'ws://vroom.test/ws', room: 'r', name: 'Ada' });
  s.connect();
  const ws = FakeSocket.all.at(-1);
  ws.open();
  assert.equal(ws.sent[0].type, 'join');
  assert.equal(ws.sent[0].protocol, 1);
  return { s, ws };
}

test('TURN credentials are refreshed before they expire, and again after each refresh', () => {
  const { s, ws } = joined();
  const expiry = NOW / 1000 + 3600;
  ws.receive(welcome({ ice: { iceServers: [{ urls: ['turn:t'], username: 'u1', credential: 'c1' }], expires_at: expiry } }));
  assert.equal(s.state, 'joined');
  advance(0.8 * 3600 * 1000 - 5000);
  assert.ok(!ws.types().includes('ice_refresh'), 'not yet');
  advance(10_000);
  assert.equal(ws.types().filter((t) => t === 'ice_refresh').length, 1, 'refreshed at 80 % of the lifetime');

  let applied = null;
  s.addEventListener('ice_servers', (ev) => (applied = ev.detail ?? ev));
  const fresh = { iceServers: [{ urls: ['turn:t'], username: 'u2', credential: 'c2' }], expires_at: Date.now() / 1000 + 3600 };
  ws.receive({ type: 'ice_servers', ...fresh });
  assert.ok(applied, 'fresh servers are announced to the mesh');
  assert.equal(s.ice.iceServers[0].username, 'u2');
  advance(0.8 * 3600 * 1000 + 60_000);
  assert.equal(ws.types().filter((t) => t === 'ice_refresh').length, 2, 'and again before the new expiry');
  assert.equal(s.state, 'joined', 'pings kept the connection alive all along');
});

test('a silent server is given up on and the client resumes its place on a new socket', () => {
  const { s, ws } = joined();
  ws.receive(welcome());
  ws.answerPings = false;
  // Dead after 2.5 ping intervals of silence: 25 s, checked every second or so.
  advance(24_000);
  assert.equal(s.state, 'joined');
  let waited = 0;
  while (FakeSocket.all.length === 1 && waited < 10_000) {
    advance(100, 100);
    waited += 100;
  }
  assert.equal(s.state, 'reconnecting');
  assert.equal(FakeSocket.all.length, 2, 'a new socket');
  const next = FakeSocket.all[1];
  next.open();
  assert.deepEqual(next.sent[0].resume, { participant: 'me', token: 'secret' });
  next.receive(welcome({ resumed: true }));
  assert.equal(s.state, 'joined');
  assert.equal(s.welcomes, 2);
  assert.equal(ws.readyState, FakeSocket.CLOSED, 'the abandoned socket is closed once the new one is in');
});

test('a join refusal is final, a lost connection is not', () => {
  const lost = joined();
  lost.ws.receive(welcome());
  lost.ws.close(1006);
  assert.equal(lost.s.state, 'reconnecting');
  lost.s.close();

  const refused = joined();
  refused.ws.receive({ type: 'error', code: 'room_full', message: 'the room is full (2 people)' });
  refused.ws.close(4409, 'join refused');
  assert.equal(refused.s.state, 'failed');
  assert.equal(refused.s.fatalError.code, 'room_full');
  const sockets = FakeSocket.all.length;
  advance(60_000);
  assert.equal(FakeSocket.all.length, sockets, 'no retry after a refusal');
});

test('leave tells the server and closes cleanly', () => {
  const { s, ws } = joined();
  ws.receive(welcome());
  s.leave();
  assert.equal(ws.sent.at(-1).type, 'leave');
  advance(1000);
  assert.equal(ws.readyState, FakeSocket.CLOSED);
  assert.equal(s.state, 'closed');
});

test('refusals of access (locked, password, name, banned) are final', () => {
  for (const code of ['locked', 'password_required', 'name_required', 'banned']) {
    const { s, ws } = joined();
    ws.receive({ type: 'error', code, message: code });
    ws.close(4403, 'join refused');
    assert.equal(s.state, 'failed', code);
    assert.equal(s.fatalError.code, code);
    const sockets = FakeSocket.all.length;
    advance(30_000);
    assert.equal(FakeSocket.all.length, sockets, `no retry after ${code}`);
  }
});

test('a kick ends the session for good: no resume, whatever the close code', () => {
  const { s, ws } = joined();
  ws.receive(welcome());
  /** @type {any} */
  let told = null;
  s.addEventListener('kicked', (ev) => (told = ev.detail));
  ws.receive({ type: 'kicked', by: { id: 'chair', name: 'Ana' }, ban_seconds: 600 });
  assert.deepEqual(told, { by: { id: 'chair', name: 'Ana' }, ban_seconds: 600 });
  assert.equal(s.state, 'failed');
  assert.equal(s.fatalError.code, 'kicked');
  assert.deepEqual(s.kicked, told);
  ws.close(4403, 'kicked');
  const sockets = FakeSocket.all.length;
  advance(60_000);
  assert.equal(FakeSocket.all.length, sockets, 'no reconnection after a kick');

  // A 4403 close of a joined socket without the message is taken the same way.
  const other = joined();
  other.ws.receive(welcome());
  other.ws.close(4403, '');
  assert.equal(other.s.state, 'failed');
  assert.equal(other.s.fatalError.code, 'kicked');
});

test('an administrator ending the meeting or deleting the room ends the session for good, with the reason', () => {
  for (const reason of ['ended', 'deleted']) {
    const { s, ws } = joined();
    ws.receive(welcome());
    /** @type {any} */
    let told = null;
    s.addEventListener('ended', (ev) => (told = ev.detail));
    ws.receive({ type: 'ended', reason });
    assert.deepEqual(told, { reason });
    assert.equal(s.state, 'failed', reason);
    assert.equal(s.fatalError.code, 'ended');
    assert.equal(s.ended, reason);
    ws.close(4410, reason === 'deleted' ? 'room deleted' : 'meeting ended');
    const sockets = FakeSocket.all.length;
    advance(60_000);
    assert.equal(FakeSocket.all.length, sockets, `no reconnection, not even a resume, after ${reason}`);
    assert.equal(s.state, 'failed');
  }

  // A 4410 close without the message first still stops us, its reason telling a deletion apart.
  for (const [closeReason, reason] of [['room deleted', 'deleted'], ['meeting ended', 'ended']]) {
    const { s, ws } = joined();
    ws.receive(welcome());
    ws.close(4410, closeReason);
    assert.equal(s.state, 'failed');
    assert.equal(s.fatalError.code, 'ended');
    assert.equal(s.ended, reason);
    const sockets = FakeSocket.all.length;
    advance(60_000);
    assert.equal(FakeSocket.all.length, sockets, 'no reconnection after close 4410');
  }
});

test('moderation messages are passed on, and settings follow the server', () => {
  const { s, ws } = joined();
  const settings = { locked: false, require_name: false, join_password: false, owner_password: false, max_members: 0, member_limit: 25, common_name: false };
  ws.receive(welcome({ settings }));
  assert.deepEqual(s.settings, settings);
  const seen = [];
  for (const type of ['moderated', 'request', 'room_settings']) s.addEventListener(type, (ev) => seen.push([type, ev.detail]));
  ws.receive({ type: 'moderated', action: 'muted', by: { id: 'c', name: 'Ana' }, target: { id: 'me', name: 'Ada' } });
  ws.receive({ type: 'request', kind: 'unmute', by: { id: 'c', name: 'Ana' } });
  ws.receive({ type: 'room_settings', settings: { ...settings, locked: true }, by: { id: 'c', name: 'Ana' }, changed: ['locked'] });
  assert.deepEqual(seen.map(([type]) => type), ['moderated', 'request', 'room_settings']);
  assert.equal(s.settings.locked, true);
  assert.ok(s.moderate('mute', 'bob'));
  assert.ok(s.muteAll());
  assert.deepEqual(ws.sent.slice(-2), [{ type: 'moderate', action: 'mute', target: 'bob' }, { type: 'mute_all' }]);
});

test('after a resume, a microphone the server has off stays off (a chairman muted us meanwhile)', async () => {
  const { s, ws } = joined();
  ws.receive(welcome());
  ws.close(1006);
  advance(10_000);
  const next = FakeSocket.all.at(-1);
  next.open();
  /** @type {any} */
  let off = null;
  s.addEventListener('media_off', (ev) => (off = ev.detail));
  next.receive(welcome({ resumed: true, you: { id: 'me', name: 'Ada', audio: false, video: true, connected: true, role: 'participant' } }));
  await Promise.resolve();
  assert.deepEqual(off, { kinds: ['audio'] });
  assert.ok(!next.sent.some((m) => m.type === 'update' && m.audio === true), 'never turns the microphone back on');
});
