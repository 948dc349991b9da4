// One person's tile in the meeting grid: video, name, mic-off badge, avatar when the camera is off, and overlays
// for a dropped connection. State comes from what the server broadcasts (participant_updated), not track events.
//
// Hooks for tests: the tile has `data-testid="tile"`, `data-participant-id`, `data-self` ("true" | "false"),
// `data-audio` / `data-video` ("on" | "off"), `data-connected` ("true" | "false"), `data-peer` (the peer
// connection's state, remote tiles only) and `data-speaking` ("true" when speaking). Inside: one `<video>`, the
// name in `[data-testid="tile-name"]`, the mic-off badge `[data-testid="tile-muted"]` (hidden when the mic is on).
//
// The server's state is enforced on what we play: a remote participant whose microphone the server has off is
// silent here (its received audio track is disabled), one whose camera is off is not drawn (video track disabled),
// even if a modified client keeps sending. `data-playing-audio` / `data-playing-video` ("true" | "false") say
// what the tile lets through.

import { h } from "./dom.js";
import { icon } from "./icons.js";
import { t } from "./i18n.js";

/** @typedef {import('../lib/protocol').ParticipantInfo} ParticipantInfo */

const AVATAR_COLOURS = 8;

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
 * A stable colour index for an id.
 * @param {string} key
 */
function colourIndex(key) {
  let hash = 0;
  for (const ch of key) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return hash % AVATAR_COLOURS;
}

export class Tile {
  /** @type {ParticipantInfo | null} */
  info = null;
  hasVideoTrack = false;
  /** @type {MediaStream | null} */
  stream = null;

  /**
   * @param {{self: boolean, id?: string}} options
   */
  constructor({ self, id }) {
    this.self = self;
    this.video = h("video", { class: self ? "tile-video mirrored" : "tile-video", autoplay: true, playsinline: true });
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
    this.el = h(
      "div",
      {
        class: "tile",
        "data-testid": "tile",
        "data-self": String(self),
        "data-audio": "on",
        "data-video": "on",
        "data-connected": "true",
      },
      this.video,
      this.avatar,
      this.status,
      h("div", { class: "tile-footer" }, this.hand, this.muted, this.name),
    );
    if (id) this.el.dataset.participantId = id;
    this.video.addEventListener("loadedmetadata", () => this.#play());
  }

  /** @param {ParticipantInfo} info */
  setInfo(info) {
    this.info = info;
    const el = this.el;
    el.dataset.participantId = info.id;
    el.dataset.audio = info.audio ? "on" : "off";
    el.dataset.video = info.video ? "on" : "off";
    el.dataset.connected = String(info.connected);
    const display = this.self ? t("you") : info.name || t("guest");
    this.name.textContent = display;
    this.name.title = this.self && info.name ? info.name : display;
    this.initials.textContent = initials(info.name);
    this.avatar.classList.toggle("avatar-anonymous", !this.initials.textContent);
    for (let i = 0; i < AVATAR_COLOURS; i++) this.avatar.classList.toggle(`avatar-c${i}`, i === colourIndex(info.id));
    this.muted.hidden = info.audio;
    this.hand.hidden = !info.hand;
    el.dataset.hand = String(!!info.hand);
    el.dataset.role = info.role;
    this.el.setAttribute(
      "aria-label",
      [display, info.hand ? t("tile-hand-raised") : null, info.audio ? null : t("tile-mic-off"), info.video ? null : t("tile-cam-off")].filter(Boolean).join(", "),
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
    const showVideo = !!info && info.video && this.hasVideoTrack;
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
    if (this.self || !this.info) return;
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
    this.video.srcObject = null;
    this.el.remove();
  }
}
