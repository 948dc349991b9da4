// One RTCPeerConnection to one other participant, negotiated with the W3C "perfect negotiation" pattern:
// https://w3c.github.io/webrtc-pc/#perfect-negotiation-example
//
// - The polite side is the one with the lower participant id (string comparison); it yields on offer glare by
//   letting `setRemoteDescription(offer)` roll its own offer back implicitly. The impolite side ignores the
//   colliding offer (and the errors of the candidates that came with it).
// - Only the newcomer adds the camera and microphone transceivers (audio, then video), so that each pair has
//   exactly one audio and one video m-line for them, the first of each kind. The other side adopts those (sendrecv,
//   our stream, our tracks) before answering the first offer.
// - Media state changes never renegotiate: `replaceTrack(track | null)` on the senders.
// - A screen share is extra, one-way transceivers (video, and audio when the shared tab has some), added by the
//   sharer once the first exchange is over, associated with the share's own stream. Stopping sets them inactive;
//   the next share reuses them, so m-lines do not pile up. Both sides may share at once.
//
// Events: "track" {track, stream}, "screen" {stream} (a remote share started, changed or stopped: see
// `remoteScreen`), "connectionstatechange" {state}, "closed".

/** @typedef {import('./protocol').SignalPayload} SignalPayload */
/** @typedef {import('./protocol').IceServer} IceServer */
/** @typedef {"audio" | "video"} MediaKind */

/** How long a connection may stay `disconnected` before the impolite side restarts ICE. */
const DISCONNECTED_RESTART_MS = 3000;

/**
 * @typedef {object} PeerOptions
 * @property {string} id The other participant's id.
 * @property {boolean} polite Whether we yield on glare (our id is the lower one).
 * @property {boolean} initiator Whether we are the newcomer, who adds the transceivers.
 * @property {IceServer[]} iceServers
 * @property {MediaStream} localStream The stream our senders are associated with.
 * @property {(kind: MediaKind) => MediaStreamTrack | null} localTrack What we send now for a kind (null: nothing).
 * @property {() => MediaStream | null} [screen] The screen share we send now (null: none).
 * @property {(payload: SignalPayload) => void} send Sends a signal to the other participant.
 * @property {(msg: string, ...rest: unknown[]) => void} [log]
 */

export class Peer extends EventTarget {
  /** What the other participant's camera and microphone send us, in one stream (audio and video tracks). */
  remoteStream = new MediaStream();
  /** The other participant's screen share (a video track, and audio from a shared tab), empty when none. */
  remoteScreen = new MediaStream();
  closed = false;

  #makingOffer = false;
  #ignoreOffer = false;
  #isSettingRemoteAnswerPending = false;
  /** Serialises incoming signals. @type {Promise<void>} */
  #queue = Promise.resolve();
  /** Transceivers whose sender we have set up. @type {WeakSet<RTCRtpTransceiver>} */
  #adopted = new WeakSet();
  /** The transceivers we added for our screen share, by kind. @type {Map<MediaKind, RTCRtpTransceiver>} */
  #screenSenders = new Map();
  /** The first offer/answer exchange is over: a share may be added. */
  #established = false;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #disconnectedTimer;
  #lastResent = { sdp: "", at: 0 };
  #options;
  #log;

  /** @param {PeerOptions} options */
  constructor(options) {
    super();
    this.id = options.id;
    this.polite = options.polite;
    this.#options = options;
    this.#log = options.log ?? (() => {});
    this.pc = new RTCPeerConnection({ iceServers: /** @type {RTCIceServer[]} */ (options.iceServers) });
    const pc = this.pc;

    pc.addEventListener("negotiationneeded", () => this.#negotiate());
    pc.addEventListener("icecandidate", ({ candidate }) => {
      // A null candidate (end of gathering) is not sent: the other side does not need it.
      if (candidate && !this.closed) {
        const c = candidate.toJSON();
        /** @type {import('./protocol').IceCandidate} */
        const out = { candidate: c.candidate ?? "" };
        if (c.sdpMid != null) out.sdpMid = c.sdpMid;
        if (c.sdpMLineIndex != null) out.sdpMLineIndex = c.sdpMLineIndex;
        if (c.usernameFragment != null) out.usernameFragment = c.usernameFragment;
        options.send({ kind: "candidate", candidate: out });
      }
    });
    pc.addEventListener("track", ({ track, transceiver }) => {
      const screen = !this.#isCamera(transceiver);
      const stream = screen ? this.remoteScreen : this.remoteStream;
      for (const old of stream.getTracks()) {
        if (old.kind === track.kind && old !== track) stream.removeTrack(old);
      }
      if (!stream.getTracks().includes(track)) stream.addTrack(track);
      if (screen) this.#emit("screen", { stream });
      else this.#emit("track", { track, stream });
    });
    pc.addEventListener("signalingstatechange", () => this.#onSignalingState());
    pc.addEventListener("connectionstatechange", () => this.#onConnectionState());

    if (options.initiator) {
      for (const kind of /** @type {MediaKind[]} */ (["audio", "video"])) {
        const transceiver = pc.addTransceiver(kind, { direction: "sendrecv", streams: [options.localStream] });
        this.#adopted.add(transceiver);
        transceiver.sender.replaceTrack(options.localTrack(kind)).catch((e) => this.#log("replaceTrack", e));
      }
    }
  }

  /** The connection's state, for the UI. */
  get connectionState() {
    return this.pc.connectionState;
  }

  /**
   * Applies a signal from the other participant. Signals are handled one at a time, in order.
   * @param {SignalPayload} payload
   */
  handleSignal(payload) {
    this.#queue = this.#queue.then(() => this.#handle(payload)).catch((err) => this.#log(`peer ${this.id}:`, err));
    return this.#queue;
  }

  /**
   * Sets what we send for a kind on every sender of that kind (null: send nothing). Never renegotiates.
   * @param {MediaKind} kind
   * @param {MediaStreamTrack | null} track
   */
  async replaceTrack(kind, track) {
    const jobs = [];
    for (const transceiver of this.pc.getTransceivers()) {
      if (!this.#adopted.has(transceiver) || transceiverKind(transceiver) !== kind) continue;
      if (transceiver.sender.track !== track) jobs.push(transceiver.sender.replaceTrack(track));
    }
    await Promise.all(jobs);
  }

  /**
   * Sends our screen share (the mesh's current one, from `options.screen`) or stops sending it. Waits for the first
   * exchange to be over: before that, the other side would take a share's m-line for the camera's.
   */
  updateScreen() {
    if (this.closed || !this.#established) return;
    const stream = this.#options.screen?.() ?? null;
    for (const kind of /** @type {MediaKind[]} */ (["video", "audio"])) {
      const track = stream?.getTracks().find((tr) => tr.kind === kind && tr.readyState === "live") ?? null;
      const existing = this.#screenSenders.get(kind);
      if (track && stream) {
        if (existing) {
          existing.sender.replaceTrack(track).catch((e) => this.#log("screen replaceTrack", e));
          existing.sender.setStreams(stream);
          if (existing.direction !== "sendonly") existing.direction = "sendonly";
        } else {
          const transceiver = this.pc.addTransceiver(track, { direction: "sendonly", streams: [stream] });
          this.#screenSenders.set(kind, transceiver);
          if (kind === "video") preferSharpness(transceiver.sender, this.#log);
        }
      } else if (existing && existing.direction !== "inactive") {
        existing.sender.replaceTrack(null).catch((e) => this.#log("screen replaceTrack", e));
        existing.direction = "inactive";
      }
    }
  }

  /** Asks for an ICE restart (a new offer follows through negotiationneeded). */
  restartIce() {
    if (this.closed) return;
    this.#log(`peer ${this.id}: ICE restart`);
    this.pc.restartIce();
  }

  /**
   * Re-sends our pending offer: used when the other side comes back after its connection dropped, since it may
   * never have received it.
   */
  resendPendingOffer() {
    const desc = this.pc.localDescription;
    if (!this.closed && this.pc.signalingState === "have-local-offer" && desc && desc.type === "offer") {
      // The same offer twice in a row would be answered twice; once per second is plenty.
      const now = Date.now();
      if (this.#lastResent.sdp === desc.sdp && now - this.#lastResent.at < 1000) return;
      this.#lastResent = { sdp: desc.sdp, at: now };
      this.#log(`peer ${this.id}: re-sending offer`);
      this.#options.send({ kind: "description", description: { type: "offer", sdp: desc.sdp } });
    }
  }

  /** @param {IceServer[]} iceServers */
  setIceServers(iceServers) {
    if (this.closed) return;
    try {
      this.pc.setConfiguration({ ...this.pc.getConfiguration(), iceServers: /** @type {RTCIceServer[]} */ (iceServers) });
    } catch (err) {
      this.#log(`peer ${this.id}: setConfiguration`, err);
    }
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.#disconnectedTimer);
    this.pc.close();
    for (const track of [...this.remoteStream.getTracks(), ...this.remoteScreen.getTracks()]) track.stop();
    this.#emit("closed", null);
  }

  async #negotiate() {
    if (this.closed) return;
    try {
      this.#makingOffer = true;
      await this.pc.setLocalDescription();
      const desc = this.pc.localDescription;
      if (desc && (desc.type === "offer" || desc.type === "answer")) {
        this.#options.send({ kind: "description", description: { type: desc.type, sdp: desc.sdp } });
      }
    } catch (err) {
      this.#log(`peer ${this.id}: negotiation failed`, err);
    } finally {
      this.#makingOffer = false;
    }
  }

  /** @param {SignalPayload} payload */
  async #handle(payload) {
    if (this.closed) return;
    const pc = this.pc;
    if (payload.kind === "description") {
      const description = payload.description;
      // An answer may arrive while we are in the middle of applying another answer: that is not a collision.
      const readyForOffer =
        !this.#makingOffer && (pc.signalingState === "stable" || this.#isSettingRemoteAnswerPending);
      const offerCollision = description.type === "offer" && !readyForOffer;
      this.#ignoreOffer = !this.polite && offerCollision;
      if (this.#ignoreOffer) {
        this.#log(`peer ${this.id}: ignoring colliding offer`);
        return;
      }
      this.#isSettingRemoteAnswerPending = description.type === "answer";
      try {
        await pc.setRemoteDescription(description); // rolls our own offer back if needed
      } finally {
        this.#isSettingRemoteAnswerPending = false;
      }
      if (description.type === "offer") {
        await this.#adoptTransceivers();
        await pc.setLocalDescription();
        const answer = pc.localDescription;
        if (answer && !this.closed) {
          this.#options.send({ kind: "description", description: { type: "answer", sdp: answer.sdp } });
        }
      }
    } else if (payload.kind === "candidate") {
      try {
        await pc.addIceCandidate(payload.candidate);
      } catch (err) {
        if (!this.#ignoreOffer) throw err;
      }
    }
  }

  /**
   * Takes the camera and microphone transceivers the other side offered: send our tracks on them, associated with
   * our stream. Later ones (the other side's screen share) stay receive-only.
   */
  async #adoptTransceivers() {
    const jobs = [];
    for (const transceiver of this.pc.getTransceivers()) {
      if (this.#adopted.has(transceiver) || transceiver.currentDirection === "stopped") continue;
      const kind = transceiverKind(transceiver);
      if (kind !== "audio" && kind !== "video") continue;
      if (!this.#isCamera(transceiver)) continue;
      this.#adopted.add(transceiver);
      transceiver.direction = "sendrecv";
      transceiver.sender.setStreams(this.#options.localStream);
      jobs.push(transceiver.sender.replaceTrack(this.#options.localTrack(kind)));
    }
    await Promise.all(jobs);
  }

  /**
   * Whether a transceiver carries the camera or microphone: the first of its kind (the newcomer adds those
   * first, and a share only ever comes after the first exchange).
   * @param {RTCRtpTransceiver} transceiver
   */
  #isCamera(transceiver) {
    const kind = transceiverKind(transceiver);
    return this.pc.getTransceivers().find((tr) => transceiverKind(tr) === kind) === transceiver;
  }

  #onSignalingState() {
    if (this.closed || this.pc.signalingState !== "stable") return;
    if (!this.#established && this.pc.currentLocalDescription && this.pc.currentRemoteDescription) {
      this.#established = true;
      this.updateScreen();
    }
    // A share the other side stopped (its m-line no longer sends to us): its tracks leave `remoteScreen`.
    let changed = false;
    const ours = new Set(this.#screenSenders.values());
    for (const transceiver of this.pc.getTransceivers()) {
      if (this.#isCamera(transceiver) || ours.has(transceiver)) continue;
      const receiving = transceiver.currentDirection === "recvonly" || transceiver.currentDirection === "sendrecv";
      const track = transceiver.receiver.track;
      const has = this.remoteScreen.getTracks().includes(track);
      if (!receiving && has) {
        this.remoteScreen.removeTrack(track);
        changed = true;
      } else if (receiving && !has) {
        for (const old of this.remoteScreen.getTracks()) if (old.kind === track.kind) this.remoteScreen.removeTrack(old);
        this.remoteScreen.addTrack(track);
        changed = true;
      }
    }
    if (changed) this.#emit("screen", { stream: this.remoteScreen });
  }

  #onConnectionState() {
    const state = this.pc.connectionState;
    this.#log(`peer ${this.id}: ${state}`);
    clearTimeout(this.#disconnectedTimer);
    if (state === "failed" && !this.polite) {
      this.restartIce();
    } else if (state === "disconnected") {
      this.#disconnectedTimer = setTimeout(() => {
        if (this.pc.connectionState === "disconnected" && !this.polite) this.restartIce();
      }, DISCONNECTED_RESTART_MS);
    }
    this.#emit("connectionstatechange", { state });
  }

  /**
   * The audio level (0–1) of the other participant's latest audio packets, or 0.
   */
  audioLevel() {
    for (const receiver of this.pc.getReceivers()) {
      if (receiver.track.kind !== "audio") continue;
      const sources = receiver.getSynchronizationSources();
      let level = 0;
      const now = performance.now();
      for (const s of sources) {
        // Entries older than a second are stale (the sender went quiet or muted). Browsers have disagreed on the
        // time base of `timestamp` (performance time or Unix time), so accept either.
        const age = Math.min(Math.abs(now - s.timestamp), Math.abs(performance.timeOrigin + now - s.timestamp));
        if (typeof s.audioLevel === "number" && age < 1000) level = Math.max(level, s.audioLevel);
      }
      return level;
    }
    return 0;
  }

  /**
   * @param {string} type
   * @param {unknown} detail
   */
  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

/**
 * Asks the browser to keep a share's resolution and lower its frame rate under congestion (text stays legible).
 * @param {RTCRtpSender} sender
 * @param {(msg: string, ...rest: unknown[]) => void} log
 */
function preferSharpness(sender, log) {
  try {
    const params = sender.getParameters();
    if (!params.encodings || params.encodings.length === 0) return;
    /** @type {RTCRtpSendParameters & {degradationPreference?: string}} */ (params).degradationPreference = "maintain-resolution";
    sender.setParameters(params).catch((e) => log("screen setParameters", e));
  } catch (err) {
    log("screen getParameters", err);
  }
}

/**
 * The media kind of a transceiver (its receiver always has a track, even when nothing is received).
 * @param {RTCRtpTransceiver} transceiver
 * @returns {string}
 */
function transceiverKind(transceiver) {
  return transceiver.receiver.track.kind;
}
