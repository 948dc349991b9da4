// Screen shares in the meeting: ours (the toolbar button, the browser's picker, its own "Stop sharing" bar) and
// the others' (a tile for each while the server says they share and their video arrives). The tracks travel on
// the mesh's connections (lib/mesh.js setScreen); the stage places the tiles (stage.js).

import { t } from "./i18n.js";
import { icon } from "./icons.js";
import { Tile } from "./tile.js";
import { captureScreen } from "../lib/screen.js";

/** @typedef {import('../lib/mesh.js').Mesh} Mesh */
/** @typedef {import('../lib/mesh.js').RemoteParticipant} RemoteParticipant */
/** @typedef {import('../lib/signalling.js').Signalling} Signalling */
/** @typedef {import('../lib/protocol').ParticipantInfo} ParticipantInfo */
/** @typedef {import('./stage.js').Stage} Stage */
/** @typedef {import('./toast.js').Toaster} Toaster */

export class ScreenShares {
  /** The others' share tiles, by participant id. @type {Map<string, Tile>} */
  tiles = new Map();
  /** Ours and its tile (null when not sharing). @type {{stream: MediaStream, tile: Tile} | null} */
  #own = null;
  /** True from the click until the share ends (the browser's picker may be open meanwhile). */
  #sharing = false;
  #stopped = false;
  #o;

  /**
   * @param {{mesh: Mesh, signalling: Signalling, view: Stage, toaster: Toaster, button: HTMLButtonElement,
   *   self: () => ParticipantInfo | null}} options `self`: our info now (names our own share's tile).
   */
  constructor(options) {
    this.#o = options;
    this.#render();
  }

  /** Whether we share (or are choosing what to share). */
  get sharing() {
    return this.#sharing;
  }

  /** Starts sharing a screen, window or tab (the browser asks which), or stops. */
  async toggle() {
    const o = this.#o;
    if (this.#sharing) {
      this.stop();
      return;
    }
    if (o.signalling.state !== "joined") {
      o.toaster.show(t("toast-not-connected"), { kind: "error" });
      return;
    }
    this.#sharing = true;
    this.#render();
    let stream;
    try {
      stream = await captureScreen();
    } catch (err) {
      this.#sharing = false;
      this.#render();
      // Cancelling the browser's picker is not an error worth a word.
      const name = err instanceof Error ? err.name : "";
      if (name !== "NotAllowedError" && name !== "AbortError") o.toaster.show(t("screen-share-failed"), { kind: "error" });
      else if (err instanceof Error && /system|permission/i.test(err.message)) o.toaster.show(t("screen-share-denied"), { kind: "error" });
      return;
    }
    if (!this.#sharing || this.#stopped) {
      for (const track of stream.getTracks()) track.stop();
      return;
    }
    // The browser's own "Stop sharing" bar ends the video track.
    stream.getVideoTracks()[0]?.addEventListener("ended", () => {
      if (this.#own?.stream === stream) this.stop();
    });
    const tile = new Tile({ self: true, screen: true, onPin: (x) => o.view.togglePin(x) });
    const self = o.self();
    if (self) tile.setInfo(self);
    tile.setStream(stream);
    this.#own = { stream, tile };
    o.view.add(tile);
    o.mesh.setScreen(stream);
    o.signalling.update({ screen: true });
    this.#render();
    o.toaster.show(t(stream.getAudioTracks().length > 0 ? "screen-share-started-audio" : "screen-share-started"), { kind: "success" });
  }

  /** Stops our share (our button, the browser's bar, or leaving). */
  stop() {
    const o = this.#o;
    const own = this.#own;
    this.#sharing = false;
    this.#own = null;
    if (own) {
      for (const track of own.stream.getTracks()) track.stop();
      o.view.remove(own.tile);
      own.tile.destroy();
      o.mesh.setScreen(null);
      o.signalling.update({ screen: false });
    }
    this.#render();
  }

  /** Our name or colour changed: our share's tile follows. @param {ParticipantInfo} info */
  selfChanged(info) {
    this.#own?.tile.setInfo(info);
  }

  /**
   * Shows someone's share while the server says they share and their video arrives; removes it otherwise.
   * @param {RemoteParticipant} remote
   */
  sync(remote) {
    const o = this.#o;
    const live = remote.screen.getVideoTracks().some((track) => track.readyState === "live");
    const existing = this.tiles.get(remote.id);
    if (!remote.info.screen || !live) {
      this.remove(remote.id);
      return;
    }
    if (existing) {
      existing.setInfo(remote.info);
      existing.setStream(remote.screen);
      return;
    }
    const tile = new Tile({ self: false, id: remote.id, screen: true, onPin: (x) => o.view.togglePin(x) });
    tile.setInfo(remote.info);
    tile.setStream(remote.screen);
    this.tiles.set(remote.id, tile);
    o.view.add(tile);
  }

  /** Someone left: their share goes. @param {string} id */
  remove(id) {
    const tile = this.tiles.get(id);
    if (!tile) return;
    this.tiles.delete(id);
    this.#o.view.remove(tile);
    tile.destroy();
  }

  /** The meeting ends: our share stops and no later capture starts one. */
  close() {
    this.#stopped = true;
    this.stop();
  }

  #render() {
    const button = this.#o.button;
    const label = t(this.#sharing ? "screen-share-stop" : "screen-share-start");
    button.setAttribute("aria-pressed", String(this.#sharing));
    button.setAttribute("aria-label", label);
    button.title = label;
    button.replaceChildren(icon(this.#sharing ? "screen-off" : "screen"));
    button.classList.toggle("tool-active", this.#sharing);
  }
}
