// The meeting itself: the grid of tiles, the toolbar, toasts, the "Reconnecting…" banner, the people panel (with
// the chairman's controls), the device and room settings dialogs, moderation notices and requests, and the screen
// shown after being removed. Talks to lib/ (Signalling, Mesh, LocalMedia, api) only through their APIs and events.
//
// Hooks: [data-testid=meeting] (data-state = signalling state, data-role = our role), [data-testid=grid] with the
// tiles (see tile.js), [data-testid=mic-toggle], [data-testid=cam-toggle] (data-state "on" | "off"),
// [data-testid=copy-invite], [data-testid=participant-count] (its text is the number of people including you),
// [data-testid=leave], [data-testid=settings], [data-testid=reconnecting-banner] (hidden unless reconnecting),
// [data-testid=room-locked] (lock icon by the room name), [data-testid=fatal-error] (data-code),
// [data-testid=kicked] (removed by a chairman, with [data-testid=kicked-ban] and [data-testid=kicked-home]),
// [data-testid=ended] (an administrator ended the meeting or deleted the room; see endscreens.js),
// request cards [data-testid=request-unmute] / [data-testid=request-video]; the people panel: see people.js;
// [data-testid=chat-toggle] (`aria-expanded`) with [data-testid=chat-unread] (hidden at 0); the chat: see chat.js;
// [data-testid=notes-toggle] (`aria-expanded`, hidden when the server has no notes); the notes: see notes.js.
//
// A join the server refuses before we are in (locked, password, name, banned, full, invalid name) is not shown
// here: `refused` resolves with the code and the page goes back to the pre-join screen.

import { h, copyText, isTyping, replaceChildren } from "./dom.js";
import { icon } from "./icons.js";
import { t } from "./i18n.js";
import { Tile } from "./tile.js";
import { Stage } from "./stage.js";
import { ActiveSpeaker, perceptualLevel } from "./speakers.js";
import { Toaster, settingsTexts } from "./toast.js";
import { openSettings } from "./settings.js";
import { savePrefs, markRejoin } from "./prefs.js";
import { PeoplePanel } from "./people.js";
import { ChatPanel } from "./chat.js";
import { Moderation } from "./moderation.js";
import { Menu } from "./menu.js";
import { sounds } from "./sounds.js";
import { HoldCard } from "./music.js";
import { Reactions } from "./reactions.js";
import { Invitations } from "./invitations.js";
import { SidePanels } from "./sidepanels.js";
import { NotesPanel } from "./notes.js";
import { toggleButton, roomUrl } from "./prejoin.js";
import { Signalling, defaultSignallingUrl } from "../lib/signalling.js";
import { Mesh } from "../lib/mesh.js";
import { LevelMeter, MediaError } from "../lib/media.js";
import { screenShareSupported } from "../lib/screen.js";
import { ScreenShares } from "./screenshares.js";
import { kickedCard, endedCard, fatalCard } from "./endscreens.js";
import { QualityProbe } from "../lib/quality.js";
import { MAX_DISPLAY_NAME_LEN } from "../lib/rules.gen.js";

/** @typedef {import('../lib/media.js').LocalMedia} LocalMedia */
/** @typedef {import('../lib/mesh.js').RemoteParticipant} RemoteParticipant */
/** @typedef {import('../lib/protocol').ParticipantInfo} ParticipantInfo */
/** @typedef {import('../lib/protocol').ParticipantRef} ParticipantRef */
/** @typedef {import('../lib/protocol').RoomSettingsView} RoomSettingsView */
/** @typedef {import('../lib/protocol').ModerationAction} ModerationAction */
/** @typedef {import('../lib/protocol').ModerationNotice} ModerationNotice */
/** @typedef {import('../lib/protocol').RequestKind} RequestKind */
/** @typedef {import('../lib/protocol').Role} Role */
/** @typedef {import('../lib/protocol').ChatMessage} ChatMessage */

/** Join refusals that send the user back to the pre-join screen (to give a password, a name, or wait). */
export const PREJOIN_REFUSALS = new Set(["locked", "password_required", "name_required", "banned", "room_full", "invalid_name"]);

/** How often the level meters and the active speaker are updated. */
const LEVEL_INTERVAL_MS = 100;
/** How often each connection's quality is measured. */
const QUALITY_INTERVAL_MS = 2000;

/** @param {unknown[]} args */
function debugLog(...args) {
  if (globalThis.localStorage?.getItem("vroom.debug") === "1") console.debug(...args);
}

export class Meeting {
  /** @type {Map<string, Tile>} */
  tiles = new Map();
  /** @type {ActiveSpeaker<Tile>} */
  #speakers = new ActiveSpeaker();
  /** @type {Map<string, QualityProbe>} */
  #probes = new Map();
  /** @type {ReturnType<typeof setInterval> | undefined} */
  #qualityTimer;
  #meter = new LevelMeter();
  /** @type {MediaStreamTrack | null} */
  #meterTrack = null;
  /** @type {ReturnType<typeof setInterval> | undefined} */
  #speakTimer;
  /** Participants announced by the last fresh welcome do not get a "joined" toast. */
  #quietJoins = false;
  #left = false;
  /** The room's settings as the server last told them. @type {RoomSettingsView | null} */
  settings = null;
  /** Every `error` the server sent after we joined (newest last), for tests and debugging. @type {{code: string, message: string}[]} */
  serverErrors = [];
  /** @type {(code: string) => void} */
  #refusedResolve = () => {};
  /** Resolves with the error code if the server refuses our join before we got in (never otherwise). @type {Promise<string>} */
  refused = new Promise((resolve) => (this.#refusedResolve = resolve));

  /**
   * @param {{parent: HTMLElement, room: string, name: string, media: LocalMedia, toaster: Toaster, colour?: number}} options
   */
  constructor({ parent, room, name, media, toaster, colour }) {
    this.room = room;
    this.media = media;
    this.toaster = toaster;

    this.signalling = new Signalling({
      url: defaultSignallingUrl(location),
      room,
      name,
      audio: media.sendingAudio,
      video: media.sendingVideo,
      colour,
      log: debugLog,
    });
    this.mesh = new Mesh({ signalling: this.signalling, media, log: debugLog });
    this.moderation = new Moderation(this);
    /** Invitations by e-mail (chairmen, when the server sends mail): the dialog, and the invitees' answers. */
    this.invitations = new Invitations({
      room,
      signalling: this.signalling,
      toaster,
      role: () => this.role,
      name: () => this.signalling.self?.name ?? "",
      onChange: () => this.renderPeople(),
    });
    /** Cues, the "Play sounds" setting and the music on hold (sounds.js). */
    this.sounds = sounds;

    // ---- DOM
    this.selfTile = new Tile({ self: true, onPin: (tile) => this.view.togglePin(tile) });
    this.selfTile.setInfo({
      id: "",
      name,
      audio: media.sendingAudio,
      video: media.sendingVideo,
      connected: true,
      role: "participant",
      hand: false,
      colour: colour ?? 0,
      screen: false,
    });
    this.selfTile.setStream(media.stream);
    this.view = new Stage(this.selfTile);
    this.stage = this.view.el;
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
    this.screenButton = toolButton("screen-toggle", t("screen-share-start"), "screen", () => this.shares.toggle(), "tool-overflow");
    this.screenButton.hidden = !screenShareSupported();
    this.shares = new ScreenShares({
      mesh: this.mesh,
      signalling: this.signalling,
      view: this.view,
      toaster,
      button: this.screenButton,
      self: () => this.selfTile.info,
    });
    this.handButton = toolButton("hand-toggle", t("hand-raise"), "hand", () => this.toggleHand(), "tool-overflow");
    this.handButton.setAttribute("aria-pressed", "false");
    this.reactions = this.#createReactions();
    const copyButton = toolButton("copy-invite", t("copy-link"), "link", () => this.#copyLink(), "tool-copy tool-overflow");
    const settingsButton = toolButton("settings", t("settings-open"), "settings", () => this.#openSettings(), "tool-overflow");
    // Narrow screens: the buttons marked tool-overflow hide (CSS) and this one offers them in a menu.
    this.moreMenu = new Menu({ testid: "more-menu", label: t("toolbar-more") });
    this.moreButton = toolButton("more-toggle", t("toolbar-more"), "more", () => this.#openMore(), "tool-more");
    this.moreButton.setAttribute("aria-haspopup", "menu");
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
        onclick: () => this.panels.toggle("people"),
      },
      icon("people"),
      this.countText,
    );
    this.people = new PeoplePanel({
      onAction: (action, info) => this.moderation.moderate(action, info),
      onMuteAll: () => this.moderation.muteAll(),
      onToggleLock: () => this.moderation.toggleLock(),
      onRoomSettings: () => this.moderation.openRoomSettings(),
      onClaim: () => this.moderation.claimChair(),
      onInvite: () => this.invitations.open(),
      onClose: () => this.panels.toggle("people", false),
    });
    this.peoplePanel = this.people.el;
    this.chat = new ChatPanel(room, {
      onSend: (text) => this.signalling.chat(text),
      onClose: () => this.panels.toggle("chat", false),
    });
    this.chat.onUnread = () => this.#renderUnread();
    this.chatBadge = h("span", { class: "unread-badge", "data-testid": "chat-unread", hidden: true });
    this.chatButton = h(
      "button",
      {
        type: "button",
        class: "pill-btn chat-toggle",
        "data-testid": "chat-toggle",
        "aria-expanded": "false",
        "aria-controls": "chat-panel",
        onclick: () => this.panels.toggle("chat"),
      },
      icon("chat"),
      this.chatBadge,
    );
    /** The collaborative notes (Etherpad), when the server has them. */
    this.notes = new NotesPanel({
      room,
      signalling: this.signalling,
      toaster,
      role: () => this.role,
      self: () => this.signalling.self,
      onAvailability: () => this.#renderNotesButton(),
      onClose: () => this.panels.toggle("notes", false),
    });
    this.notesButton = h(
      "button",
      {
        type: "button",
        // On a phone the "More" menu offers it instead (the toolbar has no room for a third pill there).
        class: "pill-btn notes-toggle tool-overflow",
        "data-testid": "notes-toggle",
        "aria-expanded": "false",
        "aria-controls": "notes-panel",
        "aria-label": t("notes-open"),
        title: t("notes-open"),
        hidden: true,
        onclick: () => this.panels.toggle("notes"),
      },
      icon("notes"),
    );
    this.lockBadge = h(
      "span",
      {
        class: "toolbar-lock",
        role: "img",
        "data-testid": "room-locked",
        "aria-label": t("meeting-locked"),
        title: t("meeting-locked"),
        hidden: true,
      },
      icon("lock"),
    );

    this.toolbar = h(
      "footer",
      { class: "toolbar", "aria-label": t("toolbar-label") },
      h(
        "div",
        { class: "toolbar-side toolbar-left" },
        this.lockBadge,
        h("span", { class: "toolbar-room", text: room, title: room }),
      ),
      h(
        "div",
        { class: "toolbar-center", role: "toolbar", "aria-label": t("toolbar-label") },
        this.mic.button,
        this.cam.button,
        this.screenButton,
        this.handButton,
        this.reactions.button,
        copyButton,
        settingsButton,
        this.moreButton,
        leaveButton,
      ),
      h("div", { class: "toolbar-side toolbar-right" }, this.notesButton, this.chatButton, this.countButton),
    );

    this.el = h(
      "div",
      { class: "meeting", "data-testid": "meeting" },
      this.banner,
      this.soundButton,
      h("div", { class: "meeting-body" }, this.stage, this.peoplePanel, this.chat.el, this.notes.el),
      this.toolbar,
      this.reactions.live,
    );
    /** People, chat and notes: one side panel open at a time. */
    this.panels = new SidePanels(this.el, () => this.layout());
    this.panels.add("people", {
      button: this.countButton,
      show: (open) => {
        this.peoplePanel.hidden = !open;
        if (!open) this.people.menu.close(false);
        this.renderPeople();
      },
      focus: () => {
        this.people.title.setAttribute("tabindex", "-1");
        this.people.title.focus();
      },
    });
    this.panels.add("chat", { button: this.chatButton, show: (open) => this.chat.setOpen(open), focus: () => this.chat.focus() });
    this.panels.add("notes", {
      button: this.notesButton,
      show: (open) => this.notes.setOpen(open),
      focus: () => this.notes.focus(),
      className: "notes-open",
    });
    parent.append(this.el);
    this.hold = new HoldCard({ sounds: this.sounds, signalling: this.signalling, mesh: this.mesh });
    this.stage.append(this.hold.el);

    this.el.addEventListener("autoplay-blocked", () => {
      this.soundButton.hidden = false;
    });
    this.el.addEventListener("pointerdown", () => {
      this.#meter.resume();
      this.sounds.unlock();
    });

    this.#onKey = (/** @type {KeyboardEvent} */ ev) => this.#key(ev);
    document.addEventListener("keydown", this.#onKey);
    this.#onPageHide = () => {
      // Closing the tab or navigating away: leave at once rather than letting others see "Reconnecting…".
      if (!this.#left) this.signalling.leave();
    };
    window.addEventListener("pagehide", this.#onPageHide);

    this.#wire();
    this.#renderControls();
    this.#renderUnread();
    this.layout();
  }

  /** @type {(ev: KeyboardEvent) => void} */
  #onKey;
  /** @type {() => void} */
  #onPageHide;

  /** Connects to the room. */
  start() {
    this.signalling.connect();
    this.#speakTimer = setInterval(() => this.#speaking(), LEVEL_INTERVAL_MS);
    this.#qualityTimer = setInterval(() => this.#measureQuality(), QUALITY_INTERVAL_MS);
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
      const { code, message, fatal } = /** @type {CustomEvent<{code: string, message: string, fatal: boolean}>} */ (ev)
        .detail;
      if (this.signalling.state === "joined") {
        this.serverErrors.push({ code, message });
        if (this.serverErrors.length > 50) this.serverErrors.shift();
      }
      const joined = this.signalling.state === "joined";
      // The chat's refusals are said in the chat panel (rate_limited there only if it answers a message just sent).
      if (joined && (code === "invalid_chat" || code === "name_required" || (code === "rate_limited" && this.chat.sentRecently))) {
        this.chat.showError(code);
        this.panels.toggle("chat", true);
      } else if (!fatal && code === "rate_limited") this.toaster.show(t("toast-rate-limited"), { kind: "error" });
      else if (joined && code === "invalid_name") {
        this.toaster.show(t("toast-invalid-name", { max: MAX_DISPLAY_NAME_LEN }), { kind: "error" });
      } else if (code === "not_allowed") this.toaster.show(this.moderation.notAllowedText(), { kind: "error" });
      else if (code === "participant_unavailable" || code === "unknown_participant") {
        if (this.signalling.state === "joined") this.toaster.show(t("toast-participant-gone"), { kind: "error" });
      }
    });
    s.addEventListener("welcome", (ev) => {
      const welcome = /** @type {CustomEvent<import('../lib/protocol').Welcome>} */ (ev).detail;
      this.chat.selfId = welcome.you.id;
      this.chat.welcome(welcome.chat ?? [], welcome.resumed);
      this.settings = this.signalling.settings;
      this.renderSettings();
    });
    s.addEventListener("chat", (ev) => {
      this.chat.add([/** @type {CustomEvent<ChatMessage>} */ (ev).detail], { live: true });
    });
    s.addEventListener("moderated", (ev) => {
      this.moderation.onModerated(
        /** @type {CustomEvent<{action: ModerationNotice, by: ParticipantRef, target?: ParticipantRef}>} */ (ev).detail,
      );
    });
    s.addEventListener("request", (ev) => {
      const { kind, by } = /** @type {CustomEvent<{kind: RequestKind, by: ParticipantRef}>} */ (ev).detail;
      this.moderation.onRequest(kind, by);
    });
    s.addEventListener("room_settings", (ev) => {
      const detail = /** @type {CustomEvent<{settings: RoomSettingsView, by?: ParticipantRef, changed: string[]}>} */ (ev)
        .detail;
      const previous = this.settings;
      this.settings = detail.settings;
      for (const text of settingsTexts(detail, previous, this.signalling.id, this.role === "chairman")) {
        this.toaster.show(text);
      }
      this.renderSettings();
    });
    // Back after a dropped connection: a chairman switched our microphone or camera off meanwhile (we missed the
    // notice). The server's state wins: stop sending, as if the user had clicked, and say why.
    s.addEventListener("media_off", (ev) => {
      const { kinds } = /** @type {CustomEvent<{kinds: ("audio" | "video")[]}>} */ (ev).detail;
      const audio = kinds.includes("audio");
      const video = kinds.includes("video");
      if (audio) {
        this.setMic(false);
        this.moderation.closeRequest("unmute");
      }
      if (video) {
        this.setCam(false);
        this.moderation.closeRequest("video");
      }
      if (audio || video) {
        this.toaster.show(t(audio && video ? "toast-away-both-off" : audio ? "toast-away-mic-off" : "toast-away-cam-off"));
      }
    });

    mesh.addEventListener("self", (ev) => {
      const info = /** @type {CustomEvent<ParticipantInfo>} */ (ev).detail;
      const before = this.selfTile.info?.role;
      // Our own media state is what we send (the server may lag behind a click); the rest is the server's.
      this.selfTile.setInfo({ ...info, audio: this.media.sendingAudio, video: this.media.sendingVideo });
      this.shares.selfChanged(info);
      this.notes.selfChanged();
      if (before !== info.role) this.#roleChanged();
      this.#renderHand();
      this.renderPeople();
    });
    // A fresh join: the mesh announces "reset", then everyone already here; those are not news.
    mesh.addEventListener("reset", () => {
      this.#quietJoins = true;
    });
    mesh.addEventListener("join", (ev) => {
      const remote = /** @type {CustomEvent<RemoteParticipant>} */ (ev).detail;
      const tile = new Tile({ self: false, id: remote.id, onPin: (x) => this.view.togglePin(x) });
      tile.setInfo(remote.info);
      tile.setStream(remote.stream);
      tile.setPeerState(remote.peer.connectionState);
      this.tiles.set(remote.id, tile);
      this.view.add(tile);
      this.shares.sync(remote);
      if (!this.#quietJoins) {
        this.toaster.show(t("toast-joined", { name: remote.info.name || t("guest") }));
        this.sounds.play("join");
      }
      this.#changed();
    });
    // The welcome's participants are all added synchronously; later joins are announced.
    s.addEventListener("welcome", () => queueMicrotask(() => (this.#quietJoins = false)));
    mesh.addEventListener("update", (ev) => {
      const remote = /** @type {CustomEvent<RemoteParticipant>} */ (ev).detail;
      const tile = this.tiles.get(remote.id);
      if (tile?.info && !tile.info.hand && remote.info.hand) {
        this.toaster.show(t("toast-hand-raised", { name: remote.info.name || t("guest") }));
        this.sounds.play("hand");
      }
      if (tile?.info && tile.info.name !== remote.info.name && tile.info.name && remote.info.name) {
        this.toaster.show(t("toast-renamed", { old: tile.info.name, name: remote.info.name }));
      }
      // Only a share that starts now is news (one already running when we came is just there).
      if (tile?.info && !tile.info.screen && remote.info.screen) {
        this.toaster.show(t("screen-share-remote-started", { name: remote.info.name || t("guest") }));
      }
      tile?.setInfo(remote.info);
      this.shares.sync(remote);
      this.renderPeople();
    });
    mesh.addEventListener("screen", (ev) => {
      this.shares.sync(/** @type {CustomEvent<RemoteParticipant>} */ (ev).detail);
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
        this.view.remove(tile);
        tile.destroy();
      }
      this.tiles.delete(participant.id);
      this.#probes.delete(participant.id);
      this.shares.remove(participant.id);
      const who = participant.info.name || t("guest");
      if (reason === "left") this.toaster.show(t("toast-left", { name: who }));
      else if (reason === "timed_out") this.toaster.show(t("toast-timed-out", { name: who }));
      // "kicked": the `moderated` notice that follows names who did it.
      if (reason !== "reset") this.sounds.play("leave");
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
    this.renderPeople();
    this.layout();
  }

  /** The narrow screen's menu of the buttons that do not fit. */
  #openMore() {
    if (this.moreMenu.isOpen) {
      this.moreMenu.close(true);
      return;
    }
    const hand = !!this.selfTile.info?.hand;
    /** @type {import('./menu.js').MenuItem[]} */
    const items = [];
    if (screenShareSupported()) {
      items.push({
        id: "screen",
        label: t(this.shares.sharing ? "screen-share-stop" : "screen-share-start"),
        icon: this.shares.sharing ? "screen-off" : "screen",
        run: () => this.shares.toggle(),
      });
    }
    items.push(
      { id: "hand", label: t(hand ? "hand-lower" : "hand-raise"), icon: "hand", run: () => this.toggleHand() },
      { id: "copy", label: t("copy-link"), icon: "link", run: () => this.#copyLink() },
      { id: "settings", label: t("settings-open"), icon: "settings", run: () => this.#openSettings() },
    );
    if (this.notes.available) {
      items.push({ id: "notes", label: t("notes-open"), icon: "notes", run: () => this.panels.toggle("notes") });
    }
    this.moreMenu.open(this.moreButton, items);
  }

  /** Sizes the tiles for the number of people and the space available. */
  layout() {
    this.view.layout();
  }

  async #measureQuality() {
    for (const [id, remote] of this.mesh.participants) {
      let probe = this.#probes.get(id);
      if (!probe) {
        probe = new QualityProbe();
        this.#probes.set(id, probe);
      }
      try {
        this.tiles.get(id)?.setQuality(await probe.measure(remote.peer.pc));
      } catch {
        this.tiles.get(id)?.setQuality(null);
      }
    }
  }

  /** Our role in the room, as the server last said. @returns {Role} */
  get role() {
    return this.signalling.self?.role ?? "participant";
  }

  toggleMic() {
    return this.setMic(!(this.media.micOn && this.media.audioTrack));
  }

  toggleCam() {
    return this.setCam(!(this.media.camOn && this.media.videoTrack));
  }

  /**
   * Turns the microphone on or off (muted: the track stays, disabled, and no RTP leaves) and tells the server.
   * The one path for the user's button, the M key and a chairman's mute.
   * @param {boolean} on
   */
  async setMic(on) {
    const media = this.media;
    try {
      await media.setMicOn(on);
    } catch (err) {
      this.#mediaError(err);
    }
    this.signalling.update({ audio: media.sendingAudio });
    this.#renderControls();
    this.renderPeople();
  }

  /**
   * Turns the camera on or off (off: the track is stopped, the light goes out) and tells the server.
   * @param {boolean} on
   */
  async setCam(on) {
    const media = this.media;
    try {
      await media.setCamOn(on);
    } catch (err) {
      this.#mediaError(err);
    }
    this.signalling.update({ video: media.sendingVideo });
    this.#renderControls();
    this.renderPeople();
  }

  /** Leaves for good and goes to the goodbye page. */
  /**
   * Leaves for good and goes to the goodbye page (or reloads this one: a language change).
   * @param {{reload?: boolean}} [options]
   */
  leave({ reload = false } = {}) {
    if (this.#left) return;
    this.#left = true;
    this.signalling.leave();
    this.#shutdown();
    if (reload) location.reload();
    else location.assign(`/goodbye/${encodeURIComponent(this.room)}`);
  }

  /** @param {{keepMedia?: boolean}} [options] */
  #shutdown({ keepMedia = false } = {}) {
    clearInterval(this.#speakTimer);
    clearInterval(this.#qualityTimer);
    this.shares.close();
    this.mesh.close();
    if (!keepMedia) this.media.stop();
    this.#meter.close();
    this.people.menu.close(false);
    this.moreMenu.close(false);
    this.moreMenu.el.remove();
    this.chat.destroy();
    this.notes.destroy();
    this.hold.destroy();
    this.reactions.destroy();
    this.moderation.closeAll();
    for (const dialog of document.querySelectorAll("dialog[open]")) /** @type {HTMLDialogElement} */ (dialog).close();
    document.removeEventListener("keydown", this.#onKey);
    window.removeEventListener("pagehide", this.#onPageHide);
  }

  /** The reactions button and popover, and the reactions floating over the tiles (reactions.js). */
  #createReactions() {
    return new Reactions({
      signalling: this.signalling,
      tileFor: (id) => (id === this.signalling.id ? this.selfTile : this.tiles.get(id)),
      onNotSent: () => this.toaster.show(t("toast-not-connected"), { kind: "error" }),
    });
  }

  /** Removes the meeting from the page and stops its connections; the camera and microphone keep running. */
  destroy() {
    this.#left = true;
    // A refused join has stopped by itself ("failed", kept for whoever looks); anything else is closed now.
    if (this.signalling.state !== "failed") this.signalling.close();
    this.#shutdown({ keepMedia: true });
    this.people.destroy();
    this.el.remove();
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
    this.renderPeople();
  }

  /** Raises or lowers our hand; the button follows the server's answer (participant_updated). */
  toggleHand() {
    if (!this.signalling.send({ type: "update", hand: !this.selfTile.info?.hand })) {
      this.toaster.show(t("toast-not-connected"), { kind: "error" });
    }
  }

  #renderHand() {
    const up = !!this.selfTile.info?.hand;
    const label = t(up ? "hand-lower" : "hand-raise");
    this.handButton.setAttribute("aria-pressed", String(up));
    this.handButton.setAttribute("aria-label", label);
    this.handButton.title = label;
  }

  /** Level meters on every tile, and the highlight on the one active speaker (when there are others). */
  #speaking() {
    const now = performance.now();
    /** @type {Map<Tile, number>} */
    const levels = new Map();
    for (const [id, tile] of this.tiles) {
      const remote = this.mesh.participants.get(id);
      levels.set(tile, remote && remote.info.audio ? perceptualLevel(remote.peer.audioLevel()) : 0);
    }
    // The meter maps −60…0 dBFS to 0…1; the same scale as the others' is −50…0.
    const own = this.media.sendingAudio ? Math.min(1, Math.max(0, (60 * this.#meter.level() - 10) / 50)) : 0;
    levels.set(this.selfTile, own);
    const active = this.#speakers.update(levels, now);
    for (const [tile, level] of levels) {
      tile.setLevel(level);
      tile.setSpeaking(this.#speakers.speaking(tile, now));
      tile.setActiveSpeaker(tile === active && this.tiles.size > 0);
    }
  }

  async #copyLink() {
    const url = roomUrl(this.room);
    const ok = await copyText(url);
    this.toaster.show(ok ? t("link-copied") : t("link-copy-failed", { url }), { kind: ok ? "success" : "error" });
  }

  /** @param {KeyboardEvent} ev */
  #key(ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || isTyping(ev) || ev.repeat) return;
    if (document.querySelector("dialog[open]:not(.request-card)") || this.people.menu.isOpen || this.moreMenu.isOpen) return;
    if (this.signalling.state === "failed") return;
    if (ev.key === "m" || ev.key === "M") {
      ev.preventDefault();
      this.toggleMic();
    } else if (ev.key === "v" || ev.key === "V") {
      ev.preventDefault();
      this.toggleCam();
    } else if (ev.key === "h" || ev.key === "H") {
      ev.preventDefault();
      this.toggleHand();
    } else if ((ev.key === "c" || ev.key === "C") && !this.toolbar.hidden) {
      ev.preventDefault();
      this.panels.toggle("chat");
    }
  }

  /** Opens the chat (tests). */
  openChat() {
    this.panels.toggle("chat", true);
  }

  /** Opens the notes (tests). */
  openNotes() {
    this.panels.toggle("notes", true);
  }

  /** The notes button shows when the server has notes (and hides with them, closing the panel). */
  #renderNotesButton() {
    const available = this.notes.available;
    this.notesButton.hidden = !available;
    if (!available) this.panels.toggle("notes", false, { focus: false });
  }

  #renderUnread() {
    const n = this.chat.unread;
    this.chatBadge.hidden = n === 0;
    this.chatBadge.textContent = n > 99 ? "99+" : String(n);
    const label = n > 0 ? t("chat-open-unread", { count: n }) : t("chat-open");
    this.chatButton.setAttribute("aria-label", label);
    this.chatButton.title = label;
  }

  /** Opens the people panel (for tests and the "request" flow). */
  openPeople() {
    this.panels.toggle("people", true);
  }

  renderPeople() {
    if (this.signalling.self) this.el.dataset.role = this.role;
    this.people.update({
      self: this.selfTile.info && this.signalling.self ? this.selfTile.info : null,
      others: [...this.mesh.participants.values()].map((r) => r.info),
      settings: this.settings,
      lockBusy: this.moderation.lockBusy,
      mail: this.invitations.mail,
    });
  }

  #roleChanged() {
    this.el.dataset.role = this.role;
    this.renderPeople();
  }

  renderSettings() {
    this.lockBadge.hidden = !this.settings?.locked;
    this.renderPeople();
  }

  #openSettings() {
    const info = this.signalling.self ?? this.selfTile.info;
    openSettings({
      media: this.media,
      name: info?.name ?? "",
      colour: info?.colour ?? 0,
      nameRequired: !!this.settings?.require_name,
      onMediaError: (err) => this.#mediaError(err),
      onName: (name) => {
        savePrefs({ name });
        if (this.signalling.update({ name })) this.toaster.show(t("settings-saved-name", { name: name || t("guest") }), { kind: "success" });
        else this.toaster.show(t("toast-not-connected"), { kind: "error" });
      },
      onLanguage: () => {
        // The page reloads in the new language and comes straight back in, as it was.
        markRejoin({ room: this.room, audio: this.media.sendingAudio, video: this.media.sendingVideo });
        this.leave({ reload: true });
      },
      onColour: (colour) => {
        savePrefs({ colour });
        this.signalling.update({ colour });
      },
    });
  }


  /**
   * The meeting is over for us for good (removed by a chairman, sent away by an administrator): stop everything,
   * camera and microphone included, and leave only the card that says why, its first way on focused.
   * @param {{card: HTMLElement, focus: HTMLElement}} end
   */
  #endWith({ card, focus }) {
    this.#shutdown();
    this.banner.hidden = true;
    this.soundButton.hidden = true;
    this.panels.closeAll();
    this.toolbar.hidden = true;
    replaceChildren(this.stage, card);
    focus.focus();
  }

  #enableSound() {
    for (const tile of this.tiles.values()) tile.video.play().catch(() => {});
    this.soundButton.hidden = true;
  }

  #fatal() {
    const error = this.signalling.fatalError;
    const code = error?.code ?? "internal";
    if (this.signalling.welcomes === 0 && PREJOIN_REFUSALS.has(code)) {
      // Not in yet: back to the pre-join screen, which says why and asks for what is missing.
      this.#refusedResolve(code);
      return;
    }
    if (code === "kicked") {
      this.#endWith(kickedCard(this.signalling.kicked, this.room));
      return;
    }
    if (code === "ended") {
      this.#endWith(endedCard(this.signalling.ended ?? "ended", this.room));
      return;
    }
    this.#shutdown();
    this.banner.hidden = true;
    replaceChildren(this.stage, fatalCard(code, error?.message, this.room));
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
