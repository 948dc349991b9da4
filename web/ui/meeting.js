// The meeting itself: the grid of tiles, the toolbar, toasts, the "Reconnecting…" banner, the people panel and
// the device settings dialog. Talks to lib/ (Signalling, Mesh, LocalMedia) only through their APIs and events.
//
// Hooks: [data-testid=meeting], [data-testid=grid] with the tiles (see tile.js), [data-testid=mic-toggle],
// [data-testid=cam-toggle] (data-state "on" | "off"), [data-testid=copy-invite], [data-testid=participant-count]
// (its text is the number of people including you), [data-testid=leave], [data-testid=settings],
// [data-testid=reconnecting-banner] (hidden unless reconnecting), [data-testid=fatal-error] (data-code).

import { h, copyText, isTyping, replaceChildren } from "./dom.js";
import { icon } from "./icons.js";
import { t } from "./i18n.js";
import { Tile } from "./tile.js";
import { computeGrid } from "./grid.js";
import { Toaster } from "./toast.js";
import { DevicePickers } from "./devices.js";
import { toggleButton, roomUrl } from "./prejoin.js";
import { Signalling, defaultSignallingUrl } from "../lib/signalling.js";
import { Mesh } from "../lib/mesh.js";
import { LevelMeter, MediaError } from "../lib/media.js";

/** @typedef {import('../lib/media.js').LocalMedia} LocalMedia */
/** @typedef {import('../lib/mesh.js').RemoteParticipant} RemoteParticipant */
/** @typedef {import('../lib/protocol').ParticipantInfo} ParticipantInfo */

const GRID_GAP = 10;
/** A remote participant counts as speaking above this RTP audio level (0–1, linear). */
const REMOTE_SPEAKING_LEVEL = 0.04;
/** Our own meter level (0–1, dB-mapped) that counts as speaking. */
const SELF_SPEAKING_LEVEL = 0.5;
const SPEAKING_HOLD_MS = 700;

/** @param {unknown[]} args */
function debugLog(...args) {
  if (globalThis.localStorage?.getItem("vroom.debug") === "1") console.debug(...args);
}

export class Meeting {
  /** @type {Map<string, Tile>} */
  tiles = new Map();
  /** @type {Map<Tile, number>} when each tile last heard speech */
  #lastSpoke = new Map();
  #meter = new LevelMeter();
  /** @type {MediaStreamTrack | null} */
  #meterTrack = null;
  /** @type {ReturnType<typeof setInterval> | undefined} */
  #speakTimer;
  /** Participants announced by the last fresh welcome do not get a "joined" toast. */
  #quietJoins = false;
  #left = false;

  /**
   * @param {{parent: HTMLElement, room: string, name: string, media: LocalMedia, toaster: Toaster}} options
   */
  constructor({ parent, room, name, media, toaster }) {
    this.room = room;
    this.media = media;
    this.toaster = toaster;

    this.signalling = new Signalling({
      url: defaultSignallingUrl(location),
      room,
      name,
      audio: media.sendingAudio,
      video: media.sendingVideo,
      log: debugLog,
    });
    this.mesh = new Mesh({ signalling: this.signalling, media, log: debugLog });

    // ---- DOM
    this.selfTile = new Tile({ self: true });
    this.selfTile.setInfo({ id: "", name, audio: media.sendingAudio, video: media.sendingVideo, connected: true });
    this.selfTile.setStream(media.stream);
    this.grid = h("div", { class: "grid", "data-testid": "grid", role: "list", "aria-label": t("meeting-grid-label") });
    this.selfTile.el.setAttribute("role", "listitem");
    this.stage = h("div", { class: "stage" }, this.grid);
    this.banner = h(
      "div",
      { class: "banner", role: "status", "data-testid": "reconnecting-banner", hidden: true },
      h("span", { class: "spinner", "aria-hidden": "true" }),
      h("span", { text: t("banner-reconnecting") }),
    );
    this.soundButton = h(
      "button",
      {
        type: "button",
        class: "banner banner-action",
        "data-testid": "enable-sound",
        hidden: true,
        onclick: () => this.#enableSound(),
      },
      icon("volume"),
      t("banner-enable-sound"),
    );

    this.mic = toggleButton({
      testid: "mic-toggle",
      onIcon: "mic",
      offIcon: "mic-off",
      onLabel: t("mic-turn-off") + " (M)",
      offLabel: t("mic-turn-on") + " (M)",
      onClick: () => this.toggleMic(),
      extraClass: "tool",
    });
    this.cam = toggleButton({
      testid: "cam-toggle",
      onIcon: "cam",
      offIcon: "cam-off",
      onLabel: t("cam-turn-off") + " (V)",
      offLabel: t("cam-turn-on") + " (V)",
      onClick: () => this.toggleCam(),
      extraClass: "tool",
    });
    const copyButton = toolButton("copy-invite", t("copy-link"), "link", () => this.#copyLink());
    const settingsButton = toolButton("settings", t("settings-open"), "settings", () => this.#openSettings());
    const leaveButton = toolButton("leave", t("leave"), "leave", () => this.leave(), "tool-leave");
    this.countText = h("span", { class: "count-number", text: "1" });
    this.countButton = h(
      "button",
      {
        type: "button",
        class: "pill-btn",
        "data-testid": "participant-count",
        "aria-expanded": "false",
        "aria-controls": "people-panel",
        onclick: () => this.#togglePeople(),
      },
      icon("people"),
      this.countText,
    );
    this.peopleList = h("ul", { class: "people-list", "data-testid": "people-list" });
    this.peoplePanel = h(
      "aside",
      { id: "people-panel", class: "side-panel", hidden: true, "aria-label": t("people-title") },
      h(
        "div",
        { class: "side-panel-head" },
        h("h2", { text: t("people-title") }),
        h(
          "button",
          {
            type: "button",
            class: "icon-btn",
            "aria-label": t("close"),
            onclick: () => this.#togglePeople(false),
          },
          icon("close"),
        ),
      ),
      this.peopleList,
    );

    this.toolbar = h(
      "footer",
      { class: "toolbar", "aria-label": t("toolbar-label") },
      h("div", { class: "toolbar-side toolbar-left" }, h("span", { class: "toolbar-room", text: room, title: room })),
      h(
        "div",
        { class: "toolbar-center", role: "toolbar", "aria-label": t("toolbar-label") },
        this.mic.button,
        this.cam.button,
        copyButton,
        settingsButton,
        leaveButton,
      ),
      h("div", { class: "toolbar-side toolbar-right" }, this.countButton),
    );

    this.el = h(
      "div",
      { class: "meeting", "data-testid": "meeting" },
      this.banner,
      this.soundButton,
      h("div", { class: "meeting-body" }, this.stage, this.peoplePanel),
      this.toolbar,
    );
    parent.append(this.el);
    this.grid.append(this.selfTile.el);

    this.el.addEventListener("autoplay-blocked", () => {
      this.soundButton.hidden = false;
    });
    this.el.addEventListener("pointerdown", () => this.#meter.resume());

    new ResizeObserver(() => this.layout()).observe(this.stage);
    this.#onKey = (/** @type {KeyboardEvent} */ ev) => this.#key(ev);
    document.addEventListener("keydown", this.#onKey);
    this.#onPageHide = () => {
      // Closing the tab or navigating away: leave at once rather than letting others see "Reconnecting…".
      if (!this.#left) this.signalling.leave();
    };
    window.addEventListener("pagehide", this.#onPageHide);

    this.#wire();
    this.#renderControls();
    this.layout();
  }

  /** @type {(ev: KeyboardEvent) => void} */
  #onKey;
  /** @type {() => void} */
  #onPageHide;

  /** Connects to the room. */
  start() {
    this.signalling.connect();
    this.#speakTimer = setInterval(() => this.#speaking(), 200);
  }

  #wire() {
    const s = this.signalling;
    const mesh = this.mesh;
    s.addEventListener("state", (ev) => {
      const { state, previous } = /** @type {CustomEvent<{state: string, previous: string}>} */ (ev).detail;
      this.banner.hidden = state !== "reconnecting";
      this.el.dataset.state = state;
      if (state === "joined" && previous === "reconnecting") this.toaster.show(t("toast-reconnected"), { kind: "success" });
      if (state === "failed") this.#fatal();
    });
    s.addEventListener("server_error", (ev) => {
      const { code, fatal } = /** @type {CustomEvent<{code: string, fatal: boolean}>} */ (ev).detail;
      if (!fatal && code === "rate_limited") this.toaster.show(t("toast-rate-limited"), { kind: "error" });
    });

    mesh.addEventListener("self", (ev) => {
      const info = /** @type {CustomEvent<ParticipantInfo>} */ (ev).detail;
      this.selfTile.setInfo(info);
      this.#renderPeople();
    });
    // A fresh join: the mesh announces "reset", then everyone already here; those are not news.
    mesh.addEventListener("reset", () => {
      this.#quietJoins = true;
    });
    mesh.addEventListener("join", (ev) => {
      const remote = /** @type {CustomEvent<RemoteParticipant>} */ (ev).detail;
      const tile = new Tile({ self: false, id: remote.id });
      tile.el.setAttribute("role", "listitem");
      tile.setInfo(remote.info);
      tile.setStream(remote.stream);
      tile.setPeerState(remote.peer.connectionState);
      this.tiles.set(remote.id, tile);
      this.grid.insertBefore(tile.el, this.selfTile.el);
      if (!this.#quietJoins) this.toaster.show(t("toast-joined", { name: remote.info.name || t("guest") }));
      this.#changed();
    });
    // The welcome's participants are all added synchronously; later joins are announced.
    s.addEventListener("welcome", () => queueMicrotask(() => (this.#quietJoins = false)));
    mesh.addEventListener("update", (ev) => {
      const remote = /** @type {CustomEvent<RemoteParticipant>} */ (ev).detail;
      this.tiles.get(remote.id)?.setInfo(remote.info);
      this.#renderPeople();
    });
    mesh.addEventListener("stream", (ev) => {
      const remote = /** @type {CustomEvent<RemoteParticipant>} */ (ev).detail;
      this.tiles.get(remote.id)?.setStream(remote.stream);
    });
    mesh.addEventListener("connection", (ev) => {
      const remote = /** @type {CustomEvent<RemoteParticipant>} */ (ev).detail;
      this.tiles.get(remote.id)?.setPeerState(remote.peer.connectionState);
    });
    mesh.addEventListener("leave", (ev) => {
      const { participant, reason } = /** @type {CustomEvent<{participant: RemoteParticipant, reason: string}>} */ (
        ev
      ).detail;
      const tile = this.tiles.get(participant.id);
      if (tile) {
        this.#lastSpoke.delete(tile);
        tile.destroy();
      }
      this.tiles.delete(participant.id);
      const who = participant.info.name || t("guest");
      if (reason === "left") this.toaster.show(t("toast-left", { name: who }));
      else if (reason === "timed_out") this.toaster.show(t("toast-timed-out", { name: who }));
      this.#changed();
    });

    this.media.addEventListener("change", () => {
      this.selfTile.setStream(this.media.stream);
      this.#renderControls();
    });
    this.media.addEventListener("ended", (ev) => {
      const { kind } = /** @type {CustomEvent<{kind: string}>} */ (ev).detail;
      this.toaster.show(t(kind === "audio" ? "toast-mic-lost" : "toast-cam-lost"), { kind: "error" });
      this.signalling.update({ audio: this.media.sendingAudio, video: this.media.sendingVideo });
    });
  }

  #changed() {
    this.countText.textContent = String(this.tiles.size + 1);
    this.countButton.setAttribute("aria-label", t("people-count", { count: this.tiles.size + 1 }));
    this.countButton.title = t("people-count", { count: this.tiles.size + 1 });
    this.#renderPeople();
    this.layout();
  }

  /** Sizes the tiles for the number of people and the space available. */
  layout() {
    const remotes = this.tiles.size;
    const rect = this.stage.getBoundingClientRect();
    const width = rect.width - 2 * GRID_GAP;
    const height = rect.height - 2 * GRID_GAP;
    const pip = remotes === 1 && width > 0;
    this.el.classList.toggle("layout-pip", pip);
    const count = pip ? 1 : remotes + 1;
    const landscape = width >= height;
    // Tiles take the shape of the space (videos are cropped, object-fit: cover), within sensible bounds: one
    // person fills the stage; several get 4:3 to 16:9 tiles on a wide screen, 3:4 to 16:9 on a tall one.
    const g = computeGrid(count, width, height, {
      minAspect: count === 1 ? 9 / 16 : landscape ? 4 / 3 : 3 / 4,
      maxAspect: count === 1 ? 21 / 9 : 16 / 9,
      gap: GRID_GAP,
    });
    this.grid.dataset.count = String(remotes + 1);
    this.grid.style.setProperty("--cols", String(g.cols));
    this.grid.style.setProperty("--tile-w", `${g.tileWidth}px`);
    this.grid.style.setProperty("--tile-h", `${g.tileHeight}px`);
    this.grid.style.setProperty("--grid-w", `${g.cols * g.tileWidth + (g.cols - 1) * GRID_GAP}px`);
  }

  async toggleMic() {
    const media = this.media;
    try {
      await media.setMicOn(!(media.micOn && media.audioTrack));
    } catch (err) {
      this.#mediaError(err);
    }
    this.signalling.update({ audio: media.sendingAudio });
    this.#renderControls();
  }

  async toggleCam() {
    const media = this.media;
    try {
      await media.setCamOn(!(media.camOn && media.videoTrack));
    } catch (err) {
      this.#mediaError(err);
    }
    this.signalling.update({ video: media.sendingVideo });
    this.#renderControls();
  }

  /** Leaves for good and goes to the goodbye page. */
  leave() {
    if (this.#left) return;
    this.#left = true;
    this.signalling.leave();
    this.#shutdown();
    location.assign(`/goodbye/${encodeURIComponent(this.room)}`);
  }

  #shutdown() {
    clearInterval(this.#speakTimer);
    this.mesh.close();
    this.media.stop();
    this.#meter.close();
    document.removeEventListener("keydown", this.#onKey);
    window.removeEventListener("pagehide", this.#onPageHide);
  }

  /** @param {unknown} err */
  #mediaError(err) {
    const status = err instanceof MediaError ? err.status : "error";
    const kind = err instanceof MediaError ? err.kind : "video";
    const known = status === "denied" || status === "notfound" || status === "busy";
    this.toaster.show(t(`media-error-${kind}-${known ? status : "error"}`), { kind: "error" });
  }

  #renderControls() {
    const media = this.media;
    this.mic.set(media.sendingAudio);
    this.cam.set(media.sendingVideo);
    const track = media.audioTrack;
    if (this.#meterTrack !== track) {
      this.#meterTrack = track;
      this.#meter.setTrack(track);
    }
    if (this.selfTile.info) {
      this.selfTile.setInfo({ ...this.selfTile.info, audio: media.sendingAudio, video: media.sendingVideo });
    }
  }

  #speaking() {
    const now = performance.now();
    /**
     * @param {Tile} tile
     * @param {boolean} loud
     */
    const mark = (tile, loud) => {
      if (loud) this.#lastSpoke.set(tile, now);
      tile.setSpeaking(now - (this.#lastSpoke.get(tile) ?? -Infinity) < SPEAKING_HOLD_MS);
    };
    for (const [id, tile] of this.tiles) {
      const remote = this.mesh.participants.get(id);
      mark(tile, !!remote && remote.info.audio && remote.peer.audioLevel() > REMOTE_SPEAKING_LEVEL);
    }
    mark(this.selfTile, this.media.sendingAudio && this.#meter.level() > SELF_SPEAKING_LEVEL);
  }

  async #copyLink() {
    const url = roomUrl(this.room);
    const ok = await copyText(url);
    this.toaster.show(ok ? t("link-copied") : t("link-copy-failed", { url }), { kind: ok ? "success" : "error" });
  }

  /** @param {KeyboardEvent} ev */
  #key(ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || isTyping(ev) || ev.repeat) return;
    if (document.querySelector("dialog[open]")) return;
    if (ev.key === "m" || ev.key === "M") {
      ev.preventDefault();
      this.toggleMic();
    } else if (ev.key === "v" || ev.key === "V") {
      ev.preventDefault();
      this.toggleCam();
    }
  }

  /** @param {boolean} [open] */
  #togglePeople(open) {
    const show = open ?? !!this.peoplePanel.hidden;
    this.peoplePanel.hidden = !show;
    this.countButton.setAttribute("aria-expanded", String(show));
    this.el.classList.toggle("panel-open", show);
    this.#renderPeople();
    this.layout();
    if (!show) this.countButton.focus();
  }

  #renderPeople() {
    if (this.peoplePanel.hidden) return;
    /** @type {ParticipantInfo[]} */
    const everyone = [];
    if (this.selfTile.info) everyone.push(this.selfTile.info);
    for (const remote of this.mesh.participants.values()) everyone.push(remote.info);
    replaceChildren(
      this.peopleList,
      everyone.map((info, i) => {
        const self = i === 0;
        const label = self ? t("people-you", { name: info.name || t("guest") }) : info.name || t("guest");
        return h(
          "li",
          { class: "person", "data-participant-id": info.id },
          h("span", { class: "person-name", text: label }),
          info.connected ? null : h("span", { class: "person-status", text: t("tile-reconnecting") }),
          h(
            "span",
            { class: "person-icons" },
            h(
              "span",
              { role: "img", "aria-label": info.audio ? t("tile-mic-on") : t("tile-mic-off") },
              icon(info.audio ? "mic" : "mic-off", info.audio ? "" : "icon-off"),
            ),
            h(
              "span",
              { role: "img", "aria-label": info.video ? t("tile-cam-on") : t("tile-cam-off") },
              icon(info.video ? "cam" : "cam-off", info.video ? "" : "icon-off"),
            ),
          ),
        );
      }),
    );
  }

  #openSettings() {
    const pickers = new DevicePickers(this.media, {
      idPrefix: "settings",
      onError: (err) => this.#mediaError(err),
    });
    const dialog = h(
      "dialog",
      { class: "dialog", "aria-labelledby": "settings-title", "data-testid": "settings-dialog" },
      h(
        "form",
        { method: "dialog", class: "dialog-body" },
        h("h2", { id: "settings-title", text: t("settings-title") }),
        pickers.el,
        h(
          "div",
          { class: "dialog-actions" },
          h("button", { type: "submit", class: "btn btn-primary", text: t("done") }),
        ),
      ),
    );
    dialog.addEventListener("close", () => {
      pickers.destroy();
      dialog.remove();
    });
    document.body.append(dialog);
    pickers.refresh();
    dialog.showModal();
  }

  #enableSound() {
    for (const tile of this.tiles.values()) tile.video.play().catch(() => {});
    this.soundButton.hidden = true;
  }

  #fatal() {
    const error = this.signalling.fatalError;
    const code = error?.code ?? "internal";
    const known = ["room_not_found", "room_full", "invalid_name", "invalid_room_name", "unsupported_protocol", "replaced"];
    const key = known.includes(code) ? code.replace(/_/g, "-") : "generic";
    this.#shutdown();
    this.banner.hidden = true;
    replaceChildren(
      this.stage,
      h(
        "section",
        { class: "card fatal", role: "alert", "data-testid": "fatal-error", "data-code": code },
        icon("alert", "fatal-icon"),
        h("h1", { text: t(`fatal-${key}-title`) }),
        h("p", { text: t(`fatal-${key}-body`) }),
        // The server's own words (English) only where we have none of ours.
        key === "generic" && error?.message ? h("p", { class: "fatal-detail", text: error.message }) : null,
        h(
          "div",
          { class: "card-actions" },
          h("a", { class: "btn btn-primary", href: `/${encodeURIComponent(this.room)}`, text: t("fatal-retry") }),
          h("a", { class: "btn btn-ghost", href: "/", text: t("go-home") }),
        ),
      ),
    );
    this.toolbar.hidden = true;
  }
}

/**
 * A round toolbar button with an icon, whose label is both its accessible name and its tooltip.
 * @param {string} testid
 * @param {string} label
 * @param {Parameters<typeof icon>[0]} iconName
 * @param {() => void} onclick
 * @param {string} [extraClass]
 */
function toolButton(testid, label, iconName, onclick, extraClass = "") {
  return h(
    "button",
    {
      type: "button",
      class: `round-btn tool ${extraClass}`.trim(),
      "data-testid": testid,
      "aria-label": label,
      title: label,
      onclick,
    },
    icon(iconName),
  );
}
