// The room's collaborative notes: an Etherpad pad in a side panel, opened and closed from the toolbar, loaded the
// first time it opens and kept while closed (so it stays in sync and opens at once). The pad shows our name and
// colour and follows them when they change. A chairman can clear it, history included (after a confirmation);
// everyone is told, and their pads reload.
//
// The meeting never depends on it: if the notes server does not answer (when opening, or later: an open panel asks
// the server every 10 s), the panel says so, offers to try again, and comes back by itself when it answers again.
//
// Hooks: #notes-panel [data-testid=notes-panel] (`data-state` = idle | loading | ready | unavailable | error);
// [data-testid=notes-frame] (the iframe, `data-pad` = its address without options); [data-testid=notes-notice]
// (`data-code`) with [data-testid=notes-retry]; [data-testid=notes-clear] (chairmen), [data-testid=notes-open-tab],
// [data-testid=notes-close].

import { h } from "./dom.js";
import { icon } from "./icons.js";
import { t } from "./i18n.js";
import { confirmDialog } from "./dialogs.js";
import { notesState, openNotes, clearNotes, ApiError } from "../lib/api.js";

/** @typedef {import('../lib/protocol').ParticipantInfo} ParticipantInfo */
/** @typedef {import('../lib/protocol').ParticipantRef} ParticipantRef */
/** @typedef {import('../lib/protocol').NotesState} NotesState */
/** @typedef {import('../lib/protocol').Role} Role */

/** How often an open panel asks whether the notes server answers. */
const POLL_MS = 10_000;
/** A name or colour change reloads the pad once the changes stop for this long. */
const FOLLOW_MS = 1500;
/** A pad that has not loaded after this long is said to be unavailable. */
const LOAD_TIMEOUT_MS = 30_000;

/**
 * The pad's address with the editor's options: our name and colour, the page's language, no chat of its own (the
 * meeting has one).
 * @param {string} pad
 * @param {{name: string, colour: string, lang: string}} who
 */
export function padSource(pad, { name, colour, lang }) {
  const params = new URLSearchParams({
    userName: name,
    showChat: "false",
    showLineNumbers: "false",
    lang,
  });
  if (/^#[0-9a-f]{6}$/i.test(colour)) params.set("userColor", colour);
  return `${pad}?${params}`;
}

/**
 * A palette colour (`data-colour` index) as #rrggbb, read from the stylesheet so that there is one palette.
 * @param {number} colour
 */
export function paletteHex(colour) {
  const probe = h("span", { hidden: true });
  probe.dataset.colour = String(colour);
  document.body.append(probe);
  const value = getComputedStyle(probe).getPropertyValue("--pc").trim();
  probe.remove();
  return /^#[0-9a-f]{6}$/i.test(value) ? value.toLowerCase() : "#4f63d2";
}

/**
 * What the meeting gives the panel.
 * @typedef {object} NotesHost
 * @property {string} room
 * @property {EventTarget} signalling  for `welcome` and `notes_cleared`
 * @property {import('./toast.js').Toaster} toaster
 * @property {() => Role} role
 * @property {() => ParticipantInfo | null} self  our participant as the server last said (null before the welcome)
 * @property {() => void} onAvailability  the toolbar button shows or hides
 * @property {() => void} onClose
 */

export class NotesPanel {
  /** What the server said of the notes: "off" until known. @type {NotesState} */
  state = "off";
  open = false;
  /** Notes cleared notices received (tests). @type {(ParticipantRef | null)[]} */
  cleared = [];
  #host;
  /** The address the pad was loaded from (with its options), for whom, and under which name and colour. */
  #loaded = { src: "", participant: "", name: "", colour: -1 };
  /** @type {ReturnType<typeof setInterval> | undefined} */
  #poll;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #follow;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #loadTimer;
  #loading = false;
  #destroyed = false;

  /** @param {NotesHost} host */
  constructor(host) {
    this.#host = host;
    this.title = h("h2", { id: "notes-title", text: t("notes-title") });
    this.frame = h("iframe", {
      class: "notes-frame",
      title: t("notes-frame-title"),
      "data-testid": "notes-frame",
      hidden: true,
    });
    this.frame.addEventListener("load", () => this.#frameLoaded());
    this.noticeText = h("p", { class: "notes-notice-text" });
    this.noticeDetail = h("p", { class: "notes-notice-detail" });
    this.retryButton = h(
      "button",
      { type: "button", class: "btn btn-secondary", "data-testid": "notes-retry", onclick: () => this.#load() },
      icon("refresh"),
      t("notes-retry"),
    );
    this.spinner = h("span", { class: "spinner", "aria-hidden": "true" });
    this.notice = h(
      "div",
      { class: "notes-notice", role: "status", "data-testid": "notes-notice" },
      this.spinner,
      this.noticeText,
      this.noticeDetail,
      this.retryButton,
    );
    this.clearButton = h(
      "button",
      {
        type: "button",
        class: "icon-btn",
        "data-testid": "notes-clear",
        "aria-label": t("notes-clear"),
        title: t("notes-clear"),
        hidden: true,
        onclick: () => this.clear(),
      },
      icon("eraser"),
    );
    this.tabButton = h(
      "button",
      {
        type: "button",
        class: "icon-btn",
        "data-testid": "notes-open-tab",
        "aria-label": t("notes-open-tab"),
        title: t("notes-open-tab"),
        disabled: true,
        onclick: () => this.#openTab(),
      },
      icon("external"),
    );
    this.el = h(
      "aside",
      {
        id: "notes-panel",
        class: "side-panel notes-panel",
        "data-testid": "notes-panel",
        "data-state": "idle",
        hidden: true,
        "aria-labelledby": "notes-title",
      },
      h(
        "div",
        { class: "side-panel-head" },
        this.title,
        h(
          "div",
          { class: "side-panel-actions" },
          this.clearButton,
          this.tabButton,
          h(
            "button",
            {
              type: "button",
              class: "icon-btn",
              "data-testid": "notes-close",
              "aria-label": t("notes-close"),
              title: t("notes-close"),
              onclick: () => host.onClose(),
            },
            icon("close"),
          ),
        ),
      ),
      h("div", { class: "notes-body" }, this.frame, this.notice),
    );
    this.#show("idle");

    host.signalling.addEventListener("welcome", () => this.#welcome());
    host.signalling.addEventListener("notes_cleared", (ev) => {
      const { by } = /** @type {CustomEvent<{by: ParticipantRef | null}>} */ (ev).detail;
      this.#clearedBy(by);
    });
  }

  /** The toolbar offers the notes when the server has them. */
  get available() {
    return this.state !== "off";
  }

  /** After every welcome: learn whether the server has notes; reload a pad we had under another participant id. */
  async #welcome() {
    await this.#refreshState();
    const self = this.#host.self();
    if (this.#loaded.src && self && self.id !== this.#loaded.participant) this.#load();
  }

  async #refreshState() {
    try {
      const state = await notesState();
      const before = this.state;
      this.state = state;
      if (before !== state) this.#host.onAvailability();
      return state;
    } catch {
      return null;
    }
  }

  /**
   * Opens or closes the panel (the meeting keeps one side panel at a time). The first opening loads the pad.
   * @param {boolean} open
   */
  setOpen(open) {
    this.open = open;
    this.el.hidden = !open;
    clearInterval(this.#poll);
    this.#poll = undefined;
    if (!open) return;
    this.#renderRole();
    if (!this.#loaded.src && !this.#loading) this.#load();
    this.#poll = setInterval(() => this.#check(), POLL_MS);
  }

  focus() {
    this.title.setAttribute("tabindex", "-1");
    this.title.focus();
  }

  /** Our role or name or colour changed: the clear button, and the pad's name and colour follow. */
  selfChanged() {
    this.#renderRole();
    const self = this.#host.self();
    if (!this.#loaded.src || !self) return;
    // Most updates are a microphone or a hand: only a new name or colour reloads the pad.
    if (self.name === this.#loaded.name && self.colour === this.#loaded.colour) return;
    clearTimeout(this.#follow);
    this.#follow = setTimeout(() => this.#load(), FOLLOW_MS);
  }

  #renderRole() {
    this.clearButton.hidden = this.#host.role() !== "chairman";
  }

  /** The pad's address with our current name and colour. @param {string} pad */
  #sourceFor(pad) {
    const self = this.#host.self();
    return padSource(pad, {
      name: self?.name || t("guest"),
      colour: paletteHex(self?.colour ?? 0),
      lang: document.documentElement.lang || "en",
    });
  }

  /** Asks the server for the pad (and the cookie that opens it), then loads it. */
  async #load() {
    const self = this.#host.self();
    if (!self || this.#loading || this.#destroyed) return;
    this.#loading = true;
    clearTimeout(this.#follow);
    if (!this.#loaded.src) this.#show("loading");
    try {
      const access = await openNotes(this.#host.room, self.id);
      if (this.#destroyed) return;
      // The address carries the name and colour of now (they may have changed while we asked).
      const now = this.#host.self() ?? self;
      const src = this.#sourceFor(access.pad);
      this.#loaded = { src, participant: self.id, name: now.name, colour: now.colour };
      this.frame.dataset.pad = access.pad;
      this.tabButton.disabled = false;
      clearTimeout(this.#loadTimer);
      this.#loadTimer = setTimeout(() => this.#show("unavailable"), LOAD_TIMEOUT_MS);
      if (this.el.dataset.state !== "ready") this.#show("loading");
      this.frame.src = src;
    } catch (err) {
      if (this.#destroyed) return;
      const code = err instanceof ApiError ? err.code : "network";
      if (code === "notes_unavailable" || code === "network") this.#show("unavailable");
      else if (code === "notes_disabled") {
        this.state = "off";
        this.#host.onAvailability();
        this.#show("error", t("notes-error-disabled"), code);
      } else if (code === "not_in_room") this.#show("error", t("notes-error-not-in-room"), code);
      else if (code === "rate_limited") this.#show("error", t("notes-error-busy"), code);
      else this.#show("error", err instanceof ApiError && err.message ? err.message : t("notes-error-other"), code);
    } finally {
      this.#loading = false;
    }
  }

  #frameLoaded() {
    if (!this.frame.getAttribute("src")) return;
    clearTimeout(this.#loadTimer);
    this.#show("ready");
  }

  /** An open panel: does the notes server still answer? If it came back, reload the pad. */
  async #check() {
    const before = this.el.dataset.state;
    const state = await this.#refreshState();
    if (state === null || this.#destroyed) return;
    if (state === "unavailable" && before !== "unavailable") this.#show("unavailable");
    else if (state === "ready" && before === "unavailable") this.#load();
  }

  /**
   * @param {"idle" | "loading" | "ready" | "unavailable" | "error"} state
   * @param {string} [text]
   * @param {string} [code]
   */
  #show(state, text, code) {
    this.el.dataset.state = state;
    const ready = state === "ready";
    // The pad stays underneath a notice about the server: it keeps what is typed until it reconnects.
    this.frame.hidden = !this.#loaded.src || state === "error" || state === "idle";
    this.notice.hidden = ready || state === "idle";
    this.notice.dataset.code = code ?? state;
    this.notice.classList.toggle("notes-notice-over", state === "unavailable" && !this.frame.hidden);
    this.spinner.hidden = state !== "loading";
    this.retryButton.hidden = state !== "unavailable" && state !== "error";
    this.noticeDetail.hidden = state !== "unavailable";
    if (state === "loading") this.noticeText.textContent = t("notes-loading");
    else if (state === "unavailable") {
      this.noticeText.textContent = t("notes-unavailable");
      this.noticeDetail.textContent = t("notes-unavailable-detail");
    } else if (state === "error") this.noticeText.textContent = text ?? t("notes-error-other");
  }

  /** The pad in a tab of its own (more room to write); the cookie already opens it. */
  #openTab() {
    const pad = this.frame.dataset.pad;
    if (pad) window.open(this.#sourceFor(pad), "_blank", "noopener");
  }

  /** A chairman empties the notes, after a confirmation. */
  async clear() {
    const ok = await confirmDialog({
      title: t("notes-clear-title"),
      text: t("notes-clear-text"),
      confirmLabel: t("notes-clear-confirm"),
      danger: true,
    });
    if (!ok) return;
    try {
      await clearNotes(this.#host.room);
    } catch (err) {
      const code = err instanceof ApiError ? err.code : "network";
      const text =
        code === "notes_unavailable" || code === "network"
          ? t("notes-unavailable")
          : code === "not_allowed"
            ? t("notes-clear-not-allowed")
            : err instanceof ApiError && err.message
              ? err.message
              : t("notes-error-other");
      this.#host.toaster.show(text, { kind: "error" });
    }
  }

  /** @param {ParticipantRef | null} by */
  #clearedBy(by) {
    this.cleared.push(by);
    // The pad was made again (its history gone): an editor open on the old one must reload.
    if (this.#loaded.src) {
      this.#show("loading");
      this.frame.src = this.#loaded.src;
    }
    const self = this.#host.self();
    if (by && self && by.id === self.id) this.#host.toaster.show(t("notes-cleared-self"), { kind: "success" });
    else if (by) this.#host.toaster.show(t("notes-cleared-by", { name: by.name || t("guest") }));
    else this.#host.toaster.show(t("notes-cleared"));
  }

  destroy() {
    this.#destroyed = true;
    clearInterval(this.#poll);
    clearTimeout(this.#follow);
    clearTimeout(this.#loadTimer);
    this.frame.removeAttribute("src");
    this.el.remove();
  }
}
