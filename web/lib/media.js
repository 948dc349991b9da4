// Local media: the camera and microphone, device lists and a microphone level meter. No DOM.
//
// `LocalMedia` keeps one stable `MediaStream` whose tracks change as devices are switched or the camera is turned
// on and off. What is *sent* is `outgoingTrack(kind)`: the microphone track only while the mic is on (a muted mic
// keeps its track, disabled, so nothing leaves), the camera track only while the camera is on (off = stopped, the
// light goes out). Every change fires "change" {kind}; a device that disappears fires "ended" {kind}.

/** @typedef {"audio" | "video"} MediaKind */

/**
 * Why a kind of media is not available:
 * - `ok`: we have a track;
 * - `off`: not asked for (the user turned it off);
 * - `notfound`: no such device;
 * - `denied`: the browser or the user refused the permission;
 * - `busy`: the device is in use by another program or failed to start;
 * - `insecure`: the page is not a secure context (no `navigator.mediaDevices`);
 * - `error`: anything else.
 * @typedef {"ok" | "off" | "notfound" | "denied" | "busy" | "insecure" | "error"} MediaStatus
 */

/** @typedef {{audio: MediaStatus, video: MediaStatus}} MediaResult */

const AUDIO_CONSTRAINTS = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };
const VIDEO_CONSTRAINTS = { width: { ideal: 960 }, height: { ideal: 540 }, frameRate: { ideal: 24, max: 30 } };

/**
 * Maps a getUserMedia error to a status.
 * @param {unknown} err
 * @returns {MediaStatus}
 */
export function statusOfError(err) {
  const name = err instanceof Error || (typeof err === "object" && err !== null && "name" in err) ? /** @type {{name: string}} */ (err).name : "";
  switch (name) {
    case "NotAllowedError":
    case "SecurityError":
    case "PermissionDeniedError":
      return "denied";
    case "NotFoundError":
    case "DevicesNotFoundError":
    case "OverconstrainedError":
      return "notfound";
    case "NotReadableError":
    case "TrackStartError":
    case "AbortError":
      return "busy";
    default:
      return "error";
  }
}

/** Whether this page can use the camera and microphone at all. */
export function mediaSupported() {
  return typeof navigator !== "undefined" && !!navigator.mediaDevices?.getUserMedia;
}

/**
 * The devices of each kind. Before a permission is granted, browsers list them without labels (and sometimes
 * without ids): good enough to know whether a camera or microphone exists.
 * @returns {Promise<{audioinput: MediaDeviceInfo[], videoinput: MediaDeviceInfo[], audiooutput: MediaDeviceInfo[]}>}
 */
export async function listDevices() {
  /** @type {{audioinput: MediaDeviceInfo[], videoinput: MediaDeviceInfo[], audiooutput: MediaDeviceInfo[]}} */
  const out = { audioinput: [], videoinput: [], audiooutput: [] };
  if (!mediaSupported()) return out;
  try {
    for (const d of await navigator.mediaDevices.enumerateDevices()) out[d.kind]?.push(d);
  } catch {
    // No list: callers then just try getUserMedia.
  }
  return out;
}

/**
 * @param {MediaKind} kind
 * @param {string} deviceId
 * @returns {MediaTrackConstraints}
 */
function constraintsFor(kind, deviceId) {
  const base = kind === "audio" ? AUDIO_CONSTRAINTS : VIDEO_CONSTRAINTS;
  return deviceId ? { ...base, deviceId: { exact: deviceId } } : { ...base };
}

export class LocalMedia extends EventTarget {
  /** The stream holding our current tracks (stable object, tracks swapped). */
  stream = new MediaStream();
  /** @type {MediaStreamTrack | null} */
  audioTrack = null;
  /** @type {MediaStreamTrack | null} */
  videoTrack = null;
  /** The user wants the microphone on (unmuted). */
  micOn = true;
  /** The user wants the camera on. */
  camOn = true;
  /** Chosen devices ("" = the browser's default). */
  audioDeviceId = "";
  videoDeviceId = "";
  /** @type {MediaResult} */
  status = { audio: "off", video: "off" };

  /**
   * @param {{audioDeviceId?: string, videoDeviceId?: string, micOn?: boolean, camOn?: boolean}} [prefs]
   */
  constructor(prefs = {}) {
    super();
    this.audioDeviceId = prefs.audioDeviceId ?? "";
    this.videoDeviceId = prefs.videoDeviceId ?? "";
    this.micOn = prefs.micOn ?? true;
    this.camOn = prefs.camOn ?? true;
  }

  /**
   * What we send for a kind right now (null: nothing).
   * @param {MediaKind} kind
   */
  outgoingTrack(kind) {
    if (kind === "audio") return this.micOn && this.audioTrack ? this.audioTrack : null;
    return this.camOn && this.videoTrack ? this.videoTrack : null;
  }

  /** The mic is on and we have a track for it. */
  get sendingAudio() {
    return this.outgoingTrack("audio") !== null;
  }

  /** The camera is on and we have a track for it. */
  get sendingVideo() {
    return this.outgoingTrack("video") !== null;
  }

  /**
   * Opens the microphone and (if `camOn`) the camera, asking once for both so the browser shows one prompt, then
   * kind by kind to tell which one failed. Never throws: the result says what we got.
   * @returns {Promise<MediaResult>}
   */
  async start() {
    if (!mediaSupported()) {
      this.status = { audio: "insecure", video: "insecure" };
      return this.status;
    }
    const devices = await listDevices();
    const wantAudio = devices.audioinput.length > 0;
    const wantVideo = devices.videoinput.length > 0 && this.camOn;
    /** @type {MediaResult} */
    const result = {
      audio: wantAudio ? "error" : "notfound",
      video: !this.camOn ? "off" : wantVideo ? "error" : "notfound",
    };
    // enumerateDevices may list nothing before the permission on some browsers: then try anyway.
    const tryAudio = wantAudio || devices.audioinput.length + devices.videoinput.length === 0;
    const tryVideo = this.camOn && (wantVideo || devices.audioinput.length + devices.videoinput.length === 0);
    if (!tryAudio && !tryVideo) {
      this.status = result;
      this.#emitChange("audio");
      this.#emitChange("video");
      return result;
    }
    let both = null;
    if (tryAudio && tryVideo) {
      try {
        both = await navigator.mediaDevices.getUserMedia({
          audio: constraintsFor("audio", this.audioDeviceId),
          video: constraintsFor("video", this.videoDeviceId),
        });
      } catch (err) {
        if (statusOfError(err) === "denied") {
          // One refusal covers both in most browsers; asking again kind by kind tells us if one is allowed.
          result.audio = "denied";
          result.video = "denied";
        }
      }
    }
    if (both) {
      this.#setTrack("audio", both.getAudioTracks()[0] ?? null);
      this.#setTrack("video", both.getVideoTracks()[0] ?? null);
      result.audio = this.audioTrack ? "ok" : "notfound";
      result.video = this.videoTrack ? "ok" : "notfound";
    } else {
      for (const kind of /** @type {MediaKind[]} */ (["audio", "video"])) {
        if (kind === "audio" ? !tryAudio : !tryVideo) continue;
        result[kind] = await this.#openKind(kind);
      }
    }
    this.status = result;
    return result;
  }

  /**
   * Opens one kind, falling back to the default device if the remembered one is gone.
   * @param {MediaKind} kind
   * @returns {Promise<MediaStatus>}
   */
  async #openKind(kind) {
    const deviceId = kind === "audio" ? this.audioDeviceId : this.videoDeviceId;
    for (const id of deviceId ? [deviceId, ""] : [""]) {
      try {
        const stream = await navigator.mediaDevices.getUserMedia({ [kind]: constraintsFor(kind, id) });
        const track = (kind === "audio" ? stream.getAudioTracks() : stream.getVideoTracks())[0] ?? null;
        this.#setTrack(kind, track);
        return track ? "ok" : "notfound";
      } catch (err) {
        const status = statusOfError(err);
        if (status === "denied" || id === "") return status;
        // The remembered device may be unplugged: try the default one.
      }
    }
    return "error";
  }

  /**
   * Mutes or unmutes the microphone. Unmuting opens the microphone if we have none; throws on failure.
   * @param {boolean} on
   */
  async setMicOn(on) {
    if (on && !this.audioTrack) {
      const status = await this.#openKind("audio");
      this.status = { ...this.status, audio: status };
      if (status !== "ok") throw new MediaError("audio", status);
    }
    this.micOn = on;
    if (this.audioTrack) this.audioTrack.enabled = on;
    this.#emitChange("audio");
  }

  /**
   * Turns the camera on (opening a new track; throws on failure) or off (stopping the track: the light goes out).
   * @param {boolean} on
   */
  async setCamOn(on) {
    if (on) {
      if (!this.videoTrack) {
        const status = await this.#openKind("video");
        this.status = { ...this.status, video: status };
        if (status !== "ok") throw new MediaError("video", status);
      }
      this.camOn = true;
    } else {
      this.camOn = false;
      this.#setTrack("video", null);
      this.status = { ...this.status, video: "off" };
    }
    this.#emitChange("video");
  }

  /**
   * Switches to another device of a kind; throws (and keeps the old device) on failure.
   * @param {MediaKind} kind
   * @param {string} deviceId
   */
  async setDevice(kind, deviceId) {
    if (kind === "audio") this.audioDeviceId = deviceId;
    else this.videoDeviceId = deviceId;
    const current = kind === "audio" ? this.audioTrack : this.videoTrack;
    if (kind === "video" && !this.camOn) return; // used next time the camera is turned on
    if (current && current.getSettings().deviceId === deviceId) return;
    // Some cameras cannot be opened twice: release the old one first.
    if (kind === "video" && current) this.#setTrack("video", null);
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ [kind]: constraintsFor(kind, deviceId) });
    } catch (err) {
      if (kind === "video") await this.#openKind("video").catch(() => "error");
      this.#emitChange(kind);
      throw new MediaError(kind, statusOfError(err));
    }
    const track = (kind === "audio" ? stream.getAudioTracks() : stream.getVideoTracks())[0] ?? null;
    this.#setTrack(kind, track);
    this.status = { ...this.status, [kind]: track ? "ok" : "notfound" };
    this.#emitChange(kind);
  }

  /** Stops every track (leaving the page or the room). */
  stop() {
    this.#setTrack("audio", null);
    this.#setTrack("video", null);
  }

  /**
   * @param {MediaKind} kind
   * @param {MediaStreamTrack | null} track
   */
  #setTrack(kind, track) {
    const old = kind === "audio" ? this.audioTrack : this.videoTrack;
    if (old === track) return;
    if (old) {
      old.stop();
      this.stream.removeTrack(old);
    }
    if (kind === "audio") this.audioTrack = track;
    else this.videoTrack = track;
    if (track) {
      if (kind === "audio") track.enabled = this.micOn;
      this.stream.addTrack(track);
      track.addEventListener("ended", () => {
        // The device went away (unplugged, taken by another program, permission revoked).
        if ((kind === "audio" ? this.audioTrack : this.videoTrack) !== track) return;
        this.#setTrack(kind, null);
        this.status = { ...this.status, [kind]: "notfound" };
        this.#emitChange(kind);
        this.dispatchEvent(new CustomEvent("ended", { detail: { kind } }));
      });
      if (kind === "audio") this.audioDeviceId = track.getSettings().deviceId ?? this.audioDeviceId;
      else this.videoDeviceId = track.getSettings().deviceId ?? this.videoDeviceId;
    }
    this.#emitChange(kind);
  }

  /** @param {MediaKind} kind */
  #emitChange(kind) {
    this.dispatchEvent(new CustomEvent("change", { detail: { kind } }));
  }
}

/** A failure to open a device. */
export class MediaError extends Error {
  /**
   * @param {MediaKind} kind
   * @param {MediaStatus} status
   */
  constructor(kind, status) {
    super(`${kind}: ${status}`);
    this.name = "MediaError";
    this.kind = kind;
    this.status = status;
  }
}

/**
 * A microphone level meter: WebAudio AnalyserNode on a track. `level()` returns 0–1 (perceptual, smoothed).
 */
export class LevelMeter {
  /** @type {AudioContext | null} */
  #ctx = null;
  /** @type {AnalyserNode | null} */
  #analyser = null;
  /** @type {MediaStreamAudioSourceNode | null} */
  #source = null;
  /** @type {Float32Array<ArrayBuffer> | null} */
  #buffer = null;
  #smoothed = 0;

  /** @param {MediaStreamTrack | null} track */
  setTrack(track) {
    this.#source?.disconnect();
    this.#source = null;
    if (!track) return;
    if (!this.#ctx) {
      const Ctx = globalThis.AudioContext;
      if (!Ctx) return;
      this.#ctx = new Ctx();
      this.#analyser = this.#ctx.createAnalyser();
      this.#analyser.fftSize = 1024;
      this.#buffer = new Float32Array(this.#analyser.fftSize);
    }
    this.resume();
    this.#source = this.#ctx.createMediaStreamSource(new MediaStream([track]));
    if (this.#analyser) this.#source.connect(this.#analyser);
  }

  /** Browsers start an AudioContext suspended until the page gets a user gesture: call this on one. */
  resume() {
    if (this.#ctx && this.#ctx.state === "suspended") this.#ctx.resume().catch(() => {});
  }

  /** The current level, 0–1. */
  level() {
    if (!this.#analyser || !this.#buffer || !this.#source) {
      this.#smoothed = 0;
      return 0;
    }
    this.#analyser.getFloatTimeDomainData(this.#buffer);
    let sum = 0;
    for (const v of this.#buffer) sum += v * v;
    const rms = Math.sqrt(sum / this.#buffer.length);
    // −60 dBFS … 0 dBFS mapped to 0 … 1.
    const db = 20 * Math.log10(Math.max(rms, 1e-6));
    const level = Math.min(1, Math.max(0, (db + 60) / 60));
    // Fast attack, slow release.
    this.#smoothed = level > this.#smoothed ? level : this.#smoothed * 0.85 + level * 0.15;
    return this.#smoothed;
  }

  close() {
    this.#source?.disconnect();
    this.#source = null;
    this.#ctx?.close().catch(() => {});
    this.#ctx = null;
    this.#analyser = null;
  }
}
