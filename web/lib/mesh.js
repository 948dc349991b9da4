// The set of peer connections for one room (full mesh: one RTCPeerConnection per other participant), driven by
// the signalling client and the local media. No DOM: the UI sees participants and their streams through events.
//
// Events (`CustomEvent`, `detail` as noted):
//   "self"      ParticipantInfo            our own participant changed (new id after a fresh join, media state…)
//   "reset"     null                       a fresh join (not a resume): every remote participant is gone
//   "join"      RemoteParticipant          someone is here (from the welcome list or participant_joined)
//   "update"    RemoteParticipant          name / audio / video / connected changed
//   "leave"     {participant, reason}      someone left (reason "left", "timed_out" or "reset")
//   "stream"    RemoteParticipant          a remote track arrived (participant.stream has it)
//   "screen"    RemoteParticipant          their screen share started, changed or stopped (participant.screen)
//   "connection" RemoteParticipant         the peer connection's state changed (participant.peer.connectionState)

import { Peer } from "./peer.js";

/** @typedef {import('./protocol').ParticipantInfo} ParticipantInfo */
/** @typedef {import('./protocol').Welcome} Welcome */
/** @typedef {import('./signalling.js').Signalling} Signalling */
/** @typedef {import('./media.js').LocalMedia} LocalMedia */
/** @typedef {import('./peer.js').MediaKind} MediaKind */

/**
 * @typedef {object} RemoteParticipant
 * @property {string} id
 * @property {ParticipantInfo} info What the server last said about them.
 * @property {Peer} peer The connection to them.
 * @property {MediaStream} stream What their camera and microphone send us (same object for the life of the peer).
 * @property {MediaStream} screen Their screen share (same object; no tracks when they share nothing).
 */

export class Mesh extends EventTarget {
  /** Remote participants by id, in arrival order. @type {Map<string, RemoteParticipant>} */
  participants = new Map();
  /** @type {ParticipantInfo | null} */
  self = null;

  #signalling;
  #media;
  #log;
  /** @type {Array<() => void>} */
  #unlisten = [];
  /** The screen share we send to everyone (null: none). @type {MediaStream | null} */
  #screen = null;

  /**
   * @param {{signalling: Signalling, media: LocalMedia, log?: (msg: string, ...rest: unknown[]) => void}} options
   */
  constructor({ signalling, media, log }) {
    super();
    this.#signalling = signalling;
    this.#media = media;
    this.#log = log ?? (() => {});

    this.#on(signalling, "welcome", (/** @type {Welcome} */ w) => this.#onWelcome(w));
    this.#on(signalling, "participant_joined", (/** @type {ParticipantInfo} */ p) => this.#add(p, false));
    this.#on(signalling, "participant_updated", (/** @type {ParticipantInfo} */ p) => this.#onUpdated(p));
    this.#on(signalling, "participant_left", (/** @type {{id: string, reason: string}} */ d) =>
      this.#remove(d.id, d.reason),
    );
    this.#on(signalling, "signal", (/** @type {{from: string, payload: import('./protocol').SignalPayload}} */ d) => {
      const remote = this.participants.get(d.from);
      if (remote) remote.peer.handleSignal(d.payload);
      else this.#log(`mesh: signal from unknown ${d.from}`);
    });
    this.#on(signalling, "ice_servers", (/** @type {import('./protocol').IceConfig} */ ice) => {
      for (const remote of this.participants.values()) remote.peer.setIceServers(ice.iceServers);
    });
    this.#on(signalling, "state", (/** @type {{state: string}} */ d) => {
      if (d.state === "closed" || d.state === "failed") this.#removeAll("reset");
    });
    this.#on(media, "change", (/** @type {{kind: MediaKind}} */ d) => {
      const track = media.outgoingTrack(d.kind);
      for (const remote of this.participants.values()) {
        remote.peer.replaceTrack(d.kind, track).catch((e) => this.#log("mesh: replaceTrack", e));
      }
    });
  }

  /** Every peer connection, for tests and debugging. */
  get peerConnections() {
    return [...this.participants.values()].map((p) => p.peer.pc);
  }

  /**
   * Sends a screen share to everyone, present and future (null stops it). Each connection adds it once its first
   * exchange is over.
   * @param {MediaStream | null} stream
   */
  setScreen(stream) {
    this.#screen = stream;
    for (const remote of this.participants.values()) remote.peer.updateScreen();
  }

  /** Stops listening and closes every connection. */
  close() {
    for (const off of this.#unlisten) off();
    this.#unlisten = [];
    this.#removeAll("reset");
  }

  /** @param {Welcome} welcome */
  #onWelcome(welcome) {
    const resumed = welcome.resumed && this.self !== null && this.self.id === welcome.you.id;
    this.self = welcome.you;
    this.#emit("self", welcome.you);
    if (!resumed) {
      // A new place (first join, or the old one expired): we are the newcomer to everyone listed.
      this.#removeAll("reset");
      this.#emit("reset", null);
      for (const p of welcome.participants) this.#add(p, true);
      return;
    }
    // Same place: keep the connections of those still here, drop the others, meet the new ones.
    const listed = new Set(welcome.participants.map((p) => p.id));
    for (const id of [...this.participants.keys()]) if (!listed.has(id)) this.#remove(id, "left");
    for (const p of welcome.participants) {
      const remote = this.participants.get(p.id);
      if (!remote) {
        // They joined while we were away: they got us in their welcome, so they are the newcomer and offer.
        this.#add(p, false);
        continue;
      }
      this.#setInfo(remote, p);
      const peer = remote.peer;
      const state = peer.connectionState;
      // An offer we made while the socket was down never left: send it again, then restart ICE if needed.
      peer.resendPendingOffer();
      if (state === "failed" || state === "disconnected") peer.restartIce();
    }
  }

  /**
   * @param {ParticipantInfo} info
   * @param {boolean} initiator We are the newcomer: we add the transceivers and offer.
   */
  #add(info, initiator) {
    if (!this.self || info.id === this.self.id) return;
    const existing = this.participants.get(info.id);
    if (existing) {
      this.#setInfo(existing, info);
      return;
    }
    const media = this.#media;
    const signalling = this.#signalling;
    const id = info.id;
    const peer = new Peer({
      id,
      polite: this.self.id < id,
      initiator,
      iceServers: signalling.ice.iceServers,
      localStream: media.stream,
      localTrack: (kind) => media.outgoingTrack(kind),
      screen: () => this.#screen,
      send: (payload) => signalling.signal(id, payload),
      log: this.#log,
    });
    /** @type {RemoteParticipant} */
    const remote = { id, info, peer, stream: peer.remoteStream, screen: peer.remoteScreen };
    this.participants.set(id, remote);
    peer.addEventListener("track", () => this.#emit("stream", remote));
    peer.addEventListener("screen", () => this.#emit("screen", remote));
    peer.addEventListener("connectionstatechange", () => this.#emit("connection", remote));
    this.#emit("join", remote);
  }

  /** @param {ParticipantInfo} info */
  #onUpdated(info) {
    if (this.self && info.id === this.self.id) {
      this.self = info;
      this.#emit("self", info);
      return;
    }
    const remote = this.participants.get(info.id);
    if (remote) this.#setInfo(remote, info);
  }

  /**
   * @param {RemoteParticipant} remote
   * @param {ParticipantInfo} info
   */
  #setInfo(remote, info) {
    const cameBack = !remote.info.connected && info.connected;
    remote.info = info;
    this.#emit("update", remote);
    if (cameBack) {
      // Whatever we sent while they were away was lost.
      remote.peer.resendPendingOffer();
    }
  }

  /**
   * @param {string} id
   * @param {string} reason
   */
  #remove(id, reason) {
    const remote = this.participants.get(id);
    if (!remote) return;
    this.participants.delete(id);
    remote.peer.close();
    this.#emit("leave", { participant: remote, reason });
  }

  /** @param {string} reason */
  #removeAll(reason) {
    for (const id of [...this.participants.keys()]) this.#remove(id, reason);
  }

  /**
   * @param {EventTarget} target
   * @param {string} type
   * @param {(detail: any) => void} handler
   */
  #on(target, type, handler) {
    /** @param {Event} ev */
    const listener = (ev) => handler(/** @type {CustomEvent} */ (ev).detail);
    target.addEventListener(type, listener);
    this.#unlisten.push(() => target.removeEventListener(type, listener));
  }

  /**
   * @param {string} type
   * @param {unknown} detail
   */
  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
