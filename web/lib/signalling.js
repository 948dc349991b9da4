// The signalling client: one WebSocket to the server, joined to one room, that reconnects by itself and takes its
// place back (`resume`) after a dropped connection. No DOM: a library another page could use.
//
// Events (all `CustomEvent`s, `detail` as noted):
//   "state"               {state, previous}      see SignallingState below
//   "welcome"             Welcome                after every successful join or resume (check `resumed`)
//   "participant_joined"  ParticipantInfo
//   "participant_updated" ParticipantInfo        also for oneself (the server echoes updates)
//   "participant_left"    {id, reason}
//   "signal"              {from, payload}
//   "ice_servers"         IceConfig              fresh ICE servers (also sent right after each welcome)
//   "server_error"        {code, message, fatal} an `error` message; fatal ones end the session (no retry)
//   "moderated"           {action, by, target?}  a chairman acted (muted someone, everyone, removed, promoted)
//   "request"             {kind, by}             a chairman asks us to unmute or turn the camera on
//   "kicked"              {by, ban_seconds}      a chairman removed us: the session then fails ("kicked")
//   "ended"               {reason}               an administrator ended the meeting ("ended") or deleted the room
//                                                 ("deleted"): the session then fails ("ended")
//   "room_settings"       {settings, by?, changed} the room's settings changed (`settings` is updated first)
//   "chat"                ChatMessage            a chat message (ours too, echoed); the welcome's `chat` has the history
//   "reaction"            {from, reaction}       someone's quick reaction (ours too, echoed); `from` is a ParticipantRef
//   "invitation_answered" {email, response, message} someone invited by mail answered (chairmen only)
//   "notes_cleared"       {by?}                  a chairman emptied the room's notes (`by` absent if not in the room)
//   "media_off"           {kinds}                after a resume: the server has these off ("audio", "video")
//                                                 while we had them on (a chairman acted while we were away)

import { PROTOCOL_VERSION } from "./rules.gen.js";

/** @typedef {import('./protocol').ClientMessage} ClientMessage */
/** @typedef {import('./protocol').ServerMessage} ServerMessage */
/** @typedef {import('./protocol').Welcome} Welcome */
/** @typedef {import('./protocol').IceConfig} IceConfig */
/** @typedef {import('./protocol').Limits} Limits */
/** @typedef {import('./protocol').ParticipantInfo} ParticipantInfo */
/** @typedef {import('./protocol').SignalPayload} SignalPayload */
/** @typedef {import('./protocol').ErrorCode} ErrorCode */
/** @typedef {import('./protocol').RoomSettingsView} RoomSettingsView */
/** @typedef {import('./protocol').ModerationAction} ModerationAction */
/** @typedef {import('./protocol').KickedMessage} KickedMessage */
/** @typedef {import('./protocol').EndReason} EndReason */
/**
 * Why a session ended for good: the server's error code, "replaced" (another connection took our place),
 * "kicked" (a chairman removed us; see `Signalling.kicked`) or "ended" (an administrator ended the meeting or
 * deleted the room; see `Signalling.ended`).
 * @typedef {ErrorCode | "replaced" | "kicked" | "ended"} FatalCode
 */

/**
 * - `idle`: not started.
 * - `connecting`: first connection, until the first welcome.
 * - `joined`: welcome received, the connection is live.
 * - `reconnecting`: the connection dropped; retrying with backoff.
 * - `closed`: the user left (or `close()` was called); nothing more happens.
 * - `failed`: the server refused the join for good (room not found, full, …); see `fatalError`.
 * @typedef {"idle" | "connecting" | "joined" | "reconnecting" | "closed" | "failed"} SignallingState
 */

/** Close codes after which retrying cannot help (docs/protocol.md): join refused. */
const FATAL_CLOSE_CODES = new Set([4400, 4403, 4404, 4409]);
/** Close code: a newer connection of this participant replaced this one. */
const CLOSE_REPLACED = 4000;
/** Close code: not allowed in (locked, password, name, banned) or removed by a chairman. Never retried. */
const CLOSE_FORBIDDEN = 4403;
/** Close code: an administrator ended the meeting or deleted the room (after `ended`). Never retried. */
const CLOSE_ENDED = 4410;
/** The close reason that tells a deleted room from an ended meeting when the `ended` message was missed. */
const CLOSE_REASON_DELETED = "room deleted";

/** Join errors after which retrying cannot help: the server closes the socket and we stop. */
const FATAL_JOIN_ERRORS = new Set([
  "room_not_found",
  "room_full",
  "invalid_room_name",
  "invalid_name",
  "unsupported_protocol",
  "locked",
  "password_required",
  "name_required",
  "banned",
]);

const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 8000;
/** Without a welcome this long after opening, the attempt is given up and retried. */
const JOIN_TIMEOUT_MS = 10000;
/** Used until the server's `limits` arrive. */
const DEFAULT_PING_INTERVAL_MS = 10000;
/** The connection is considered dead after this many ping intervals without any message from the server. */
const DEAD_AFTER_INTERVALS = 2.5;

/**
 * @typedef {object} SignallingOptions
 * @property {string} url WebSocket URL, e.g. from `defaultSignallingUrl()`.
 * @property {string} room Room name.
 * @property {string} [name] Display name.
 * @property {boolean} [audio] Microphone on when joining.
 * @property {boolean} [video] Camera on when joining.
 * @property {number} [colour] The palette colour the person chose (the room picks one when absent).
 * @property {(msg: string, ...rest: unknown[]) => void} [log] Debug log.
 */

/**
 * The same-origin signalling URL for a page at `location`.
 * @param {{protocol: string, host: string}} location
 */
export function defaultSignallingUrl(location) {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/ws`;
}

export class Signalling extends EventTarget {
  /** @type {SignallingState} */
  state = "idle";
  /** Our own participant as the server last described it (null before the first welcome). @type {ParticipantInfo | null} */
  self = null;
  /** @type {IceConfig} */
  ice = { iceServers: [] };
  /** @type {Limits | null} */
  limits = null;
  /**
   * Set when the state is `failed`: the server's error code, "replaced" when another connection took our place,
   * "kicked" when a chairman removed us.
   * @type {{code: FatalCode, message: string} | null}
   */
  fatalError = null;
  /** The room's settings, from the welcome and every `room_settings` (null before the first welcome). @type {RoomSettingsView | null} */
  settings = null;
  /** Set when a chairman removed us: who, and how long the room refuses us. @type {{by: import('./protocol').ParticipantRef, ban_seconds: number} | null} */
  kicked = null;
  /** Set when an administrator sent everyone away: the meeting was ended, or the room deleted. @type {EndReason | null} */
  ended = null;
  /** How many welcomes this client got (1 after the first join). */
  welcomes = 0;
  /** Round-trip time of the last ping, in milliseconds. @type {number | null} */
  rttMs = null;

  /** @type {WebSocket | null} */
  #ws = null;
  /**
   * Sockets given up as dead but not closed: a close frame would make the server drop our place at once, so they
   * are left for the server to replace (close 4000) when we resume, and closed after the next welcome.
   * @type {WebSocket[]}
   */
  #abandoned = [];
  /** The last `error` before the socket closed (to explain a refused join). @type {{code: ErrorCode, message: string} | null} */
  #lastError = null;
  /** @type {{participant: string, token: string} | null} */
  #resume = null;
  #attempt = 0;
  #joinedOnThisSocket = false;
  #lastMessageAt = 0;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #retryTimer;
  /** @type {ReturnType<typeof setInterval> | undefined} */
  #pingTimer;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #joinTimer;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #iceTimer;
  /** @type {{name: string, audio: boolean, video: boolean, screen: boolean, colour?: number}} */
  #me;
  #url;
  #log;
  #onOnline = () => {
    if (this.state === "reconnecting") this.#retryNow();
  };

  /** @param {SignallingOptions} options */
  constructor(options) {
    super();
    this.#url = options.url;
    this.room = options.room;
    this.#me = { name: options.name ?? "", audio: options.audio ?? true, video: options.video ?? true, screen: false };
    if (options.colour !== undefined) this.#me.colour = options.colour;
    this.#log = options.log ?? (() => {});
  }

  /** Our participant id, once joined. */
  get id() {
    return this.self?.id ?? null;
  }

  /** Opens the connection and joins. Call once. */
  connect() {
    if (this.state !== "idle") return;
    this.#setState("connecting");
    globalThis.addEventListener?.("online", this.#onOnline);
    this.#open();
  }

  /**
   * Sends a message if the connection is joined (or it is the join itself); returns whether it was sent.
   * Messages are never queued: after a reconnection, the peers renegotiate.
   * @param {ClientMessage} msg
   */
  send(msg) {
    const ws = this.#ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    if (msg.type !== "join" && !this.#joinedOnThisSocket) return false;
    ws.send(JSON.stringify(msg));
    return true;
  }

  /**
   * @param {string} to
   * @param {SignalPayload} payload
   */
  signal(to, payload) {
    return this.send({ type: "signal", to, payload });
  }

  /**
   * Changes our name, colour, media or screen-share state; remembered so that a fresh join after a reconnection
   * carries it.
   * @param {{name?: string, audio?: boolean, video?: boolean, colour?: number, screen?: boolean}} change
   */
  update(change) {
    Object.assign(this.#me, change);
    return this.send({ type: "update", ...change });
  }

  /**
   * A chairman's action on another participant (the server refuses it, `not_allowed`, from anyone else).
   * @param {ModerationAction} action
   * @param {string} target
   */
  moderate(action, target) {
    return this.send({ type: "moderate", action, target });
  }

  /**
   * Sends a chat message (plain text, 1 to MAX_CHAT_CHARS characters); the server relays it to everyone, us included.
   * @param {string} text
   */
  chat(text) {
    return this.send({ type: "chat", text });
  }

  /**
   * Sends a quick reaction; the server relays it to everyone, us included (it counts against the chat's rate).
   * @param {import('./protocol').Reaction} reaction
   */
  react(reaction) {
    return this.send({ type: "react", reaction });
  }

  /** A chairman mutes everyone else. */
  muteAll() {
    return this.send({ type: "mute_all" });
  }

  /** Leaves the room for good: the server removes us at once. */
  leave() {
    if (this.state === "closed") return;
    this.send({ type: "leave" });
    this.close();
  }

  /** Stops everything and closes the socket cleanly, which the server takes as leaving. */
  close() {
    this.#setState("closed");
    this.#shutdown();
  }

  #shutdown() {
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#joinTimer);
    clearTimeout(this.#iceTimer);
    clearInterval(this.#pingTimer);
    globalThis.removeEventListener?.("online", this.#onOnline);
    this.#closeAbandoned();
    const ws = this.#ws;
    this.#ws = null;
    if (ws && ws.readyState !== WebSocket.CLOSED) {
      // Let a just-sent `leave` go out before closing.
      if (ws.bufferedAmount > 0) setTimeout(() => ws.close(1000), 200);
      else ws.close(1000);
    }
  }

  #open() {
    clearTimeout(this.#retryTimer);
    this.#joinedOnThisSocket = false;
    this.#lastError = null;
    let ws;
    try {
      ws = new WebSocket(this.#url);
    } catch (err) {
      this.#log("signalling: cannot open", err);
      this.#scheduleRetry();
      return;
    }
    this.#ws = ws;
    this.#joinTimer = setTimeout(() => {
      if (this.#ws === ws && !this.#joinedOnThisSocket) {
        this.#log("signalling: no welcome in time");
        this.#drop(ws, true);
      }
    }, JOIN_TIMEOUT_MS);
    ws.addEventListener("open", () => {
      if (this.#ws !== ws) return;
      this.#lastMessageAt = Date.now();
      /** @type {Extract<import('./protocol').ClientMessage, { type: "join" }>} */
      const join = {
        type: "join",
        protocol: PROTOCOL_VERSION,
        room: this.room,
        name: this.#me.name,
        audio: this.#me.audio,
        video: this.#me.video,
        screen: this.#me.screen,
      };
      if (this.#me.colour !== undefined) join.colour = this.#me.colour;
      if (this.#resume) join.resume = this.#resume;
      this.send(join);
    });
    ws.addEventListener("message", (ev) => {
      if (this.#ws !== ws) return;
      this.#lastMessageAt = Date.now();
      /** @type {ServerMessage} */
      let msg;
      try {
        msg = JSON.parse(typeof ev.data === "string" ? ev.data : "");
      } catch {
        this.#log("signalling: not JSON", ev.data);
        return;
      }
      this.#handle(msg, ws);
    });
    ws.addEventListener("close", (ev) => {
      if (this.#ws !== ws) return;
      this.#log(`signalling: closed (${ev.code} ${ev.reason})`);
      if (ev.code === CLOSE_ENDED) {
        // The `ended` message did not come first (it would have stopped us already): the close says as much.
        this.#end(ev.reason === CLOSE_REASON_DELETED ? "deleted" : "ended");
      } else if (ev.code === CLOSE_REPLACED) {
        this.#fail({ code: "replaced", message: ev.reason });
      } else if (ev.code === CLOSE_FORBIDDEN && this.#joinedOnThisSocket) {
        // Removed without (or before) the `kicked` message: still no way back in by retrying.
        this.#fail({ code: "kicked", message: ev.reason });
      } else if (FATAL_CLOSE_CODES.has(ev.code) && !this.#joinedOnThisSocket) {
        this.#fail(this.#lastError ?? { code: "internal", message: ev.reason });
      } else {
        this.#drop(ws, false);
      }
    });
    // "error" is always followed by "close".
  }

  /**
   * The socket `ws` is gone (or must be given up): reconnect unless we are finished.
   * @param {WebSocket} ws
   * @param {boolean} abandon The socket may still be open: leave it open (see `#abandoned`).
   */
  #drop(ws, abandon) {
    if (this.#ws !== ws) return;
    this.#ws = null;
    clearInterval(this.#pingTimer);
    clearTimeout(this.#joinTimer);
    if (abandon && ws.readyState !== WebSocket.CLOSED) this.#abandoned.push(ws);
    if (this.state === "closed" || this.state === "failed") return;
    this.#setState(this.welcomes > 0 ? "reconnecting" : "connecting");
    this.#scheduleRetry();
  }

  #scheduleRetry() {
    clearTimeout(this.#retryTimer);
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** this.#attempt);
    const delay = base * (0.75 + Math.random() * 0.5);
    this.#attempt += 1;
    this.#log(`signalling: retry in ${Math.round(delay)} ms`);
    this.#retryTimer = setTimeout(() => this.#open(), delay);
  }

  #retryNow() {
    if (this.#ws) return;
    clearTimeout(this.#retryTimer);
    this.#open();
  }

  /**
   * @param {ServerMessage} msg
   * @param {WebSocket} ws
   */
  #handle(msg, ws) {
    switch (msg.type) {
      case "welcome":
        this.#onWelcome(msg);
        break;
      case "pong":
        if (typeof msg.t === "number") this.rttMs = Date.now() - msg.t;
        break;
      case "participant_joined":
        this.#emit("participant_joined", msg.participant);
        break;
      case "participant_updated":
        if (msg.participant.id === this.id) this.self = msg.participant;
        this.#emit("participant_updated", msg.participant);
        break;
      case "participant_left":
        this.#emit("participant_left", { id: msg.id, reason: msg.reason });
        break;
      case "signal":
        this.#emit("signal", { from: msg.from, payload: msg.payload });
        break;
      case "ice_servers":
        this.#applyIce({ iceServers: msg.iceServers, expires_at: msg.expires_at });
        break;
      case "error":
        this.#onError(msg, ws);
        break;
      case "moderated":
        this.#emit("moderated", { action: msg.action, by: msg.by, target: msg.target });
        break;
      case "request":
        this.#emit("request", { kind: msg.kind, by: msg.by });
        break;
      case "room_settings":
        this.settings = msg.settings;
        this.#emit("room_settings", { settings: msg.settings, by: msg.by, changed: msg.changed });
        break;
      case "chat": {
        // The whole ChatMessage, whatever fields it grows (copying them one by one once lost `colour`).
        const { type: _type, ...message } = msg;
        this.#emit("chat", message);
        break;
      }
      case "reaction":
        this.#emit("reaction", { from: msg.from, reaction: msg.reaction });
        break;
      case "invitation_answered":
        this.#emit("invitation_answered", { email: msg.email, response: msg.response, message: msg.message ?? null });
        break;
      case "notes_cleared":
        this.#emit("notes_cleared", { by: msg.by ?? null });
        break;
      case "kicked":
        this.kicked = { by: msg.by, ban_seconds: msg.ban_seconds };
        this.#emit("kicked", this.kicked);
        // The server closes the socket (4403) right after; we do not wait, and never come back by ourselves.
        this.#fail({ code: "kicked", message: "" });
        break;
      case "ended":
        // The server closes every socket (4410) right after; we stop now and never come back by ourselves.
        this.#end(msg.reason);
        break;
      default:
        this.#log("signalling: unknown message", msg);
    }
  }

  /** @param {Welcome} welcome */
  #onWelcome(welcome) {
    clearTimeout(this.#joinTimer);
    this.#closeAbandoned();
    this.#joinedOnThisSocket = true;
    this.#attempt = 0;
    this.welcomes += 1;
    this.self = welcome.you;
    this.room = welcome.room;
    this.limits = welcome.limits;
    this.ice = welcome.ice;
    this.settings = welcome.settings;
    this.#resume = { participant: welcome.you.id, token: welcome.resume_token };
    this.#startPings();
    this.#setState("joined");
    this.#emit("welcome", welcome);
    // The join carried our state; if it changed while we were away (and the place was kept), say so. A microphone
    // or camera the server has off while we had it on was switched off by a chairman meanwhile: that wins (only
    // the user's own click turns anything on), and the page is told to stop sending ("media_off").
    if (welcome.resumed) {
      /** @type {{name?: string, audio?: boolean, video?: boolean}} */
      const change = {};
      /** @type {("audio" | "video")[]} */
      const off = [];
      if (welcome.you.name !== this.#me.name) change.name = this.#me.name;
      for (const kind of /** @type {const} */ (["audio", "video"])) {
        if (welcome.you[kind] && !this.#me[kind]) change[kind] = false;
        else if (!welcome.you[kind] && this.#me[kind]) {
          this.#me[kind] = false;
          off.push(kind);
        }
      }
      if (Object.keys(change).length > 0) this.send({ type: "update", ...change });
      if (off.length > 0) queueMicrotask(() => this.#emit("media_off", { kinds: off }));
    } else if (this.#me.screen) {
      // A fresh place starts with no share: the page offers it again on the new connections.
      this.send({ type: "update", screen: true });
    }
    this.#applyIce(welcome.ice);
  }

  /**
   * @param {import('./protocol').ErrorMessage} msg
   * @param {WebSocket} ws
   */
  #onError(msg, ws) {
    const beforeWelcome = !this.#joinedOnThisSocket;
    const fatal = beforeWelcome && FATAL_JOIN_ERRORS.has(msg.code);
    this.#log(`signalling: error ${msg.code}: ${msg.message}`);
    if (beforeWelcome) this.#lastError = { code: msg.code, message: msg.message };
    if (beforeWelcome && msg.code === "resume_failed") {
      // Our place is gone: join afresh (the welcome will say resumed: false).
      this.#resume = null;
      this.#attempt = 0;
    }
    this.#emit("server_error", { code: msg.code, message: msg.message, fatal });
    if (fatal) {
      this.#fail({ code: msg.code, message: msg.message });
    } else if (beforeWelcome && msg.code !== "rate_limited") {
      // Any other refusal of the join: the server closes the socket; reconnect (backoff).
      this.#drop(ws, false);
      ws.close();
    }
  }

  #startPings() {
    clearInterval(this.#pingTimer);
    const interval = Math.max(250, this.limits?.ping_interval_ms || DEFAULT_PING_INTERVAL_MS);
    let lastPingAt = Date.now();
    this.#pingTimer = setInterval(() => {
      const ws = this.#ws;
      if (!ws) return;
      const now = Date.now();
      if (now - this.#lastMessageAt > interval * DEAD_AFTER_INTERVALS) {
        this.#log("signalling: server silent, reconnecting");
        this.#drop(ws, true);
        return;
      }
      if (now - lastPingAt >= interval) {
        lastPingAt = now;
        this.send({ type: "ping", t: now });
      }
    }, Math.min(interval, 1000));
  }

  /**
   * Stops for good after a refusal.
   * @param {{code: FatalCode, message: string}} error
   */
  #fail(error) {
    this.fatalError = error;
    this.#setState("failed");
    this.#shutdown();
  }

  /**
   * An administrator sent everyone away: say why, and stop for good.
   * @param {EndReason} reason
   */
  #end(reason) {
    this.ended = reason;
    this.#emit("ended", { reason });
    this.#fail({ code: "ended", message: reason });
  }

  #closeAbandoned() {
    for (const old of this.#abandoned.splice(0)) {
      try {
        old.close();
      } catch {
        // already closed
      }
    }
  }

  /** @param {IceConfig} ice */
  #applyIce(ice) {
    this.ice = ice;
    this.#emit("ice_servers", ice);
    clearTimeout(this.#iceTimer);
    if (typeof ice.expires_at === "number") {
      const remaining = ice.expires_at * 1000 - Date.now();
      // At 80 % of the remaining lifetime; never more often than every 30 s (a skewed clock must not spin).
      const delay = Math.min(Math.max(remaining * 0.8, 30000), 2 ** 31 - 1);
      this.#iceTimer = setTimeout(() => this.send({ type: "ice_refresh" }), delay);
    }
  }

  /** @param {SignallingState} state */
  #setState(state) {
    const previous = this.state;
    if (previous === state) return;
    this.state = state;
    this.#emit("state", { state, previous });
  }

  /**
   * @param {string} type
   * @param {unknown} detail
   */
  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
