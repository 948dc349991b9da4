// One tile of the meeting: a person (video, name in their colour, audio level, mic-off and raised-hand badges,
// avatar when the camera is off, connection quality, overlays for a dropped connection) or a person's screen share
// (`screen: true`: the share's video, letterboxed). Both can be pinned to the large view and shown full screen.
// State comes from what the server broadcasts (participant_updated), not track events.
//
// Hooks for tests: the tile has `data-testid="tile"`, `data-participant-id`, `data-self` ("true" | "false"),
// `data-audio` / `data-video` ("on" | "off"), `data-connected` ("true" | "false"), `data-peer` (the peer
// connection's state, remote tiles only) and `data-speaking` ("true" when speaking). Inside: one `<video>`, the
// name in `[data-testid="tile-name"]`, the mic-off badge `[data-testid="tile-muted"]` (hidden when the mic is on),
// `data-colour` (palette index), `data-active-speaker`, `data-pinned`, `data-quality` ("good" | "fair" | "poor",
// remote tiles once measured), the level meter `[data-testid="tile-level"]` (`data-level`, 0–1), and the buttons
// `[data-testid="tile-pin"]` and `[data-testid="tile-fullscreen"]`. A screen tile has `data-testid="screen-tile"`
// and `data-screen="true"` instead.
//
// The server's state is enforced on what we play: a remote participant whose microphone the server has off is
// silent here (its received audio track is disabled), one whose camera is off is not drawn (video track disabled),
// even if a modified client keeps sending. `data-playing-audio` / `data-playing-video` ("true" | "false") say
// what the tile lets through.

import { h } from "./dom.js";
import { icon } from "./icons.js";
import { t } from "./i18n.js";
import { PALETTE_SIZE } from "../lib/rules.gen.js";

/** @typedef {import('../lib/protocol').ParticipantInfo} ParticipantInfo */


/**
 * Up to two initials of a name ("Ada Lovelace" → "AL"), or "" (then a generic person shape is shown).
 * @param {string} name
 */
export function initials(name) {
  const words = name.trim().split(/\s+/u).filter(Boolean);
  if (words.length === 0) return "";
  const first = [...words[0]][0] ?? "";
  const last = words.length > 1 ? [...words[words.length - 1]][0] ?? "" : "";
  return (first + last).toLocaleUpperCase();
}

/**
 * Sets a participant's palette colour on an element (the CSS maps `data-colour` to `--pc`).
 * @param {HTMLElement} el
 * @param {number} colour
 */
export function paintColour(el, colour) {
  const value = String(Number.isInteger(colour) && colour >= 0 && colour < PALETTE_SIZE ? colour : 0);
  if (el.dataset.colour !== value) el.dataset.colour = value;
}

/**
 * Words for a connection's quality, for the badge's tooltip and accessible name.
 * @param {{quality: "good" | "fair" | "poor", rttMs: number | null, lossPercent: number | null}} q
 */
function qualityText(q) {
  const parts = [t(`quality-${q.quality}`)];
  if (q.rttMs !== null) parts.push(t("quality-rtt", { ms: Math.round(q.rttMs) }));
  if (q.lossPercent !== null) parts.push(t("quality-loss", { percent: q.lossPercent.toFixed(1) }));
  return parts.join(" · ");
}

export class Tile {
  /** @type {ParticipantInfo | null} */
  info = null;
  hasVideoTrack = false;
  /** @type {MediaStream | null} */
  stream = null;

  /**
   * @param {{self: boolean, id?: string, screen?: boolean, onPin?: (tile: Tile) => void}} options
   */
  constructor({ self, id, screen = false, onPin }) {
    this.self = self;
    this.screen = screen;
    this.video = h("video", {
      class: self && !screen ? "tile-video mirrored" : "tile-video",
      autoplay: true,
      playsinline: true,
    });
    this.video.autoplay = true;
    this.video.playsInline = true;
    // Our own tile must not play our own microphone back; remote tiles carry the remote audio.
    this.video.muted = self;
    this.initials = h("span", { class: "avatar-initials" });
    this.avatar = h("div", { class: "tile-avatar", "aria-hidden": "true" }, this.initials);
    this.name = h("span", { class: "tile-name", "data-testid": "tile-name" });
    this.muted = h(
      "span",
      { class: "tile-badge tile-muted", "data-testid": "tile-muted", role: "img", "aria-label": t("tile-mic-off") },
      icon("mic-off"),
    );
    this.hand = h(
      "span",
      { class: "tile-badge tile-hand", "data-testid": "tile-hand", role: "img", "aria-label": t("tile-hand-raised"), hidden: true },
      icon("hand"),
    );
    this.status = h("div", { class: "tile-status", "data-testid": "tile-status", "aria-live": "polite" });
    this.level = h(
      "span",
      { class: "tile-level", "data-testid": "tile-level", "aria-hidden": "true", "data-level": "0" },
      h("span"),
      h("span"),
      h("span"),
    );
    this.quality = h(
      "span",
      { class: "tile-badge tile-quality", "data-testid": "tile-quality", role: "img", hidden: true },
      icon("signal"),
    );
    this.pinButton = h(
      "button",
      {
        type: "button",
        class: "tile-action",
        "data-testid": "tile-pin",
        "aria-pressed": "false",
        onclick: () => onPin?.(this),
      },
      icon("pin"),
    );
    this.fullscreenButton = h(
      "button",
      { type: "button", class: "tile-action", "data-testid": "tile-fullscreen", onclick: () => this.toggleFullscreen() },
      icon("fullscreen"),
    );
    const canFullscreen = typeof this.video.requestFullscreen === "function" && document.fullscreenEnabled;
    this.fullscreenButton.hidden = !canFullscreen;
    this.el = h(
      "div",
      {
        class: screen ? "tile tile-screen" : "tile",
        "data-testid": screen ? "screen-tile" : "tile",
        "data-self": String(self),
        "data-screen": String(screen),
        "data-audio": "on",
        "data-video": "on",
        "data-connected": "true",
      },
      this.video,
      screen ? null : this.avatar,
      this.status,
      h("div", { class: "tile-top" }, screen || self ? null : this.quality, h("div", { class: "tile-actions" }, this.pinButton, this.fullscreenButton)),
      h("div", { class: "tile-footer" }, screen ? icon("screen", "tile-screen-icon") : this.hand, screen ? null : this.muted, screen ? null : this.level, this.name),
    );
    if (id) this.el.dataset.participantId = id;
    this.video.addEventListener("loadedmetadata", () => this.#play());
    this.el.addEventListener("dblclick", (ev) => {
      if (!(ev.target instanceof Element && ev.target.closest("button"))) this.toggleFullscreen();
    });
    this.#onFullscreen = () => this.#renderFullscreen();
    document.addEventListener("fullscreenchange", this.#onFullscreen);
    this.setPinned(false);
    this.#renderFullscreen();
  }

  /** @type {() => void} */
  #onFullscreen;

  /** Shows this tile alone on the whole screen, or comes back. */
  toggleFullscreen() {
    if (document.fullscreenElement === this.el) {
      document.exitFullscreen().catch(() => {});
    } else {
      this.el.requestFullscreen?.().catch(() => {});
    }
  }

  #renderFullscreen() {
    const on = document.fullscreenElement === this.el;
    this.el.dataset.fullscreen = String(on);
    const label = t(on ? "tile-fullscreen-exit" : "tile-fullscreen", { name: this.#label() });
    this.fullscreenButton.setAttribute("aria-label", label);
    this.fullscreenButton.title = label;
    this.fullscreenButton.replaceChildren(icon(on ? "fullscreen-exit" : "fullscreen"));
  }

  /**
   * Whether this tile is in the large view.
   * @param {boolean} pinned
   */
  setPinned(pinned) {
    this.el.dataset.pinned = String(pinned);
    this.pinButton.setAttribute("aria-pressed", String(pinned));
    const label = t(pinned ? "tile-unpin" : "tile-pin", { name: this.#label() });
    this.pinButton.setAttribute("aria-label", label);
    this.pinButton.title = label;
  }

  /** What the buttons call this tile ("Ana", "Ana's screen", "You"). */
  #label() {
    const name = this.info?.name || t("guest");
    if (this.screen) return this.self ? t("tile-your-screen") : t("tile-screen-of", { name });
    return this.self ? t("you") : name;
  }

  /**
   * The audio level (0–1) to draw on the meter.
   * @param {number} level
   */
  setLevel(level) {
    const bucket = Math.round(Math.min(1, Math.max(0, level)) * 10) / 10;
    if (this.level.dataset.level !== String(bucket)) {
      this.level.dataset.level = String(bucket);
      this.level.style.setProperty("--level", String(bucket));
    }
  }

  /**
   * The loudest recent speaker of the room (one tile at a time).
   * @param {boolean} active
   */
  setActiveSpeaker(active) {
    if ((this.el.dataset.activeSpeaker === "true") !== active) this.el.dataset.activeSpeaker = String(active);
  }

  /**
   * The quality of the connection to this participant, or null when unknown.
   * @param {{quality: "good" | "fair" | "poor", rttMs: number | null, lossPercent: number | null} | null} q
   */
  setQuality(q) {
    this.quality.hidden = q === null;
    if (q === null) {
      delete this.el.dataset.quality;
      return;
    }
    this.el.dataset.quality = q.quality;
    const text = qualityText(q);
    this.quality.setAttribute("aria-label", text);
    this.quality.title = text;
  }

  /** @param {ParticipantInfo} info */
  setInfo(info) {
    this.info = info;
    const el = this.el;
    el.dataset.participantId = info.id;
    el.dataset.audio = info.audio ? "on" : "off";
    el.dataset.video = info.video ? "on" : "off";
    el.dataset.connected = String(info.connected);
    const display = this.#label();
    this.name.textContent = display;
    this.name.title = this.self && info.name && !this.screen ? info.name : display;
    this.initials.textContent = initials(info.name);
    this.avatar.classList.toggle("avatar-anonymous", !this.initials.textContent);
    paintColour(el, info.colour);
    this.setPinned(el.dataset.pinned === "true");
    this.#renderFullscreen();
    this.muted.hidden = info.audio;
    this.hand.hidden = !info.hand;
    el.dataset.hand = String(!!info.hand);
    el.dataset.role = info.role;
    this.el.setAttribute(
      "aria-label",
      this.screen
        ? display
        : [display, info.hand ? t("tile-hand-raised") : null, info.audio ? null : t("tile-mic-off"), info.video ? null : t("tile-cam-off")]
            .filter(Boolean)
            .join(", "),
    );
    this.#enforce();
    this.#refresh();
  }

  /**
   * @param {MediaStream | null} stream
   */
  setStream(stream) {
    // A media element showing a stream with no track never finishes loading, which holds the page's load
    // event (and the browser's busy indicator) forever: attach the stream only once it has a track.
    this.stream = stream;
    this.#enforce();
    const attach = stream && stream.getTracks().length > 0 ? stream : null;
    if (this.video.srcObject !== attach) this.video.srcObject = attach;
    this.hasVideoTrack = !!stream && stream.getVideoTracks().some((tr) => tr.readyState === "live");
    this.#refresh();
    if (attach) this.#play();
  }

  /**
   * The state of the peer connection to this participant (remote tiles): shows "Connecting…" until connected.
   * @param {RTCPeerConnectionState} state
   */
  setPeerState(state) {
    this.el.dataset.peer = state;
    this.#refresh();
  }

  /** @param {boolean} speaking */
  setSpeaking(speaking) {
    if ((this.el.dataset.speaking === "true") !== speaking) this.el.dataset.speaking = String(speaking);
  }

  #refresh() {
    const info = this.info;
    const showVideo = !!info && (this.screen || info.video) && this.hasVideoTrack;
    this.el.classList.toggle("tile-no-video", !showVideo);
    let status = "";
    if (info && !info.connected) status = t("tile-reconnecting");
    else if (!this.self && this.el.dataset.peer && !["connected", "disconnected"].includes(this.el.dataset.peer)) {
      status = this.el.dataset.peer === "failed" ? t("tile-connection-failed") : t("tile-connecting");
    } else if (!this.self && this.el.dataset.peer === "disconnected") status = t("tile-connection-unstable");
    if (this.status.textContent !== status) this.status.textContent = status;
    this.status.hidden = status === "";
    this.el.classList.toggle("tile-dim", !!info && !info.connected);
  }

  /** Plays only what the server says this participant sends (remote tiles). */
  #enforce() {
    if (this.self || !this.info || this.screen) return;
    const { audio, video } = this.info;
    for (const track of this.stream?.getAudioTracks() ?? []) if (track.enabled !== audio) track.enabled = audio;
    for (const track of this.stream?.getVideoTracks() ?? []) if (track.enabled !== video) track.enabled = video;
    this.el.dataset.playingAudio = String(audio);
    this.el.dataset.playingVideo = String(video);
  }

  #play() {
    const p = this.video.play();
    if (p) {
      p.catch((err) => {
        if (err && err.name === "NotAllowedError") this.el.dispatchEvent(new CustomEvent("autoplay-blocked", { bubbles: true }));
      });
    }
  }

  destroy() {
    document.removeEventListener("fullscreenchange", this.#onFullscreen);
    if (document.fullscreenElement === this.el) document.exitFullscreen().catch(() => {});
    this.video.srcObject = null;
    this.el.remove();
  }
}
