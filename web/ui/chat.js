// The chat panel: the room's messages (grouped by sender, with the local time, ours marked), a box to write in
// (Enter sends, Shift+Enter starts a new line, a counter near the limit), the server's refusals said inline,
// "Save chat" (a .txt download) and a switch for the meeting's sounds (the "Play sounds" setting of sounds.js, which
// plays the arrival sound). A side panel on wide screens, a full-width sheet on a phone (CSS), like the people panel.
//
// Messages are plain text from other people: they only ever become text nodes, except http(s) links, which become
// <a> elements whose href is set from a parsed URL (never from the raw text) after checking its protocol.
//
// Hooks: #chat-panel [data-testid=chat-panel]; [data-testid=chat-list] with one [data-testid=chat-message] per
// message (`data-seq`, `data-from`, `data-self`), inside: [data-testid=chat-sender] (first of a group),
// [data-testid=chat-time], [data-testid=chat-text]; [data-testid=chat-input], [data-testid=chat-send],
// [data-testid=chat-counter], [data-testid=chat-error] (`data-code`), [data-testid=chat-save],
// [data-testid=chat-sounds] (`aria-pressed` = sounds off), [data-testid=chat-close]; `dings` counts the arrival
// sounds played.

import { h, replaceChildren } from "./dom.js";
import { icon } from "./icons.js";
import { t } from "./i18n.js";
import { sounds } from "./sounds.js";
import { MAX_CHAT_CHARS } from "../lib/rules.gen.js";

/** @typedef {import('../lib/protocol').ChatMessage} ChatMessage */

/** Consecutive messages from one person within this time share one header. */
const GROUP_MS = 5 * 60_000;
/** The counter shows from this many characters on. */
const COUNTER_FROM = MAX_CHAT_CHARS - 200;
/** How long after our last send a `rate_limited` error is taken as an answer to it. */
const SEND_ANSWER_MS = 5000;
/** Candidate links: http:// or https:// up to whitespace or a character that cannot end a URL in text. */
const LINK_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
/** Punctuation that usually ends the sentence rather than the link. */
const TRAILING_RE = /[.,;:!?)\]}]+$/;

/**
 * @typedef {object} ChatHandlers
 * @property {(text: string) => boolean} onSend  sends; false if not connected
 * @property {() => void} onClose
 */

/** Number of characters as the server counts them (Unicode scalar values). @param {string} text */
export function charCount(text) {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

/** @param {number} n */
function pad(n) {
  return String(n).padStart(2, "0");
}

/** Local HH:MM. @param {number} ms */
export function clock(ms) {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Local YYYY-MM-DD. @param {number} ms */
function day(ms) {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * The text of a message as nodes: text nodes, and <a> elements for http(s) links that parse as URLs.
 * @param {string} text
 * @returns {Node[]}
 */
export function linkify(text) {
  /** @type {Node[]} */
  const out = [];
  let last = 0;
  for (const match of text.matchAll(LINK_RE)) {
    const start = match.index ?? 0;
    const candidate = match[0].replace(TRAILING_RE, "");
    /** @type {URL | null} */
    let url = null;
    try {
      url = new URL(candidate);
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || !url.hostname) continue;
    if (start > last) out.push(document.createTextNode(text.slice(last, start)));
    const a = document.createElement("a");
    a.href = url.href;
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    a.textContent = candidate;
    out.push(a);
    last = start + candidate.length;
  }
  if (last < text.length) out.push(document.createTextNode(text.slice(last)));
  return out;
}

/**
 * The chat as a plain-text file: one "[YYYY-MM-DD HH:MM] Name: text" line per message (further lines of a
 * message indented).
 * @param {ChatMessage[]} messages
 */
export function chatTranscript(messages) {
  return messages
    .map((m) => `[${day(m.at)} ${clock(m.at)}] ${m.from.name || t("guest")}: ${m.text.replace(/\r?\n/g, "\n    ")}`)
    .join("\n")
    .concat(messages.length ? "\n" : "");
}

export class ChatPanel {
  /** Every message so far, in order of `seq`. @type {ChatMessage[]} */
  messages = [];
  /** Messages that arrived while the panel was closed. */
  unread = 0;
  /** Our participant id (our messages are marked). @type {string | null} */
  selfId = null;
  /** The messages shown, by `seq` (of the room's current life). @type {Map<number, ChatMessage>} */
  #bySeq = new Map();
  #handlers;
  #room;
  /** @type {{text: string, at: number} | null} */
  #lastSend = null;
  /** Messages sent and not answered yet (echoed or refused), and when the last one went. */
  #awaiting = 0;
  #lastSendAt = -Infinity;
  /** @type {(() => void) | null} */
  onUnread = null;

  /**
   * @param {string} room
   * @param {ChatHandlers} handlers
   */
  constructor(room, handlers) {
    this.#room = room;
    this.#handlers = handlers;
    this.title = h("h2", { id: "chat-title", text: t("chat-title") });
    this.list = h("ol", {
      class: "chat-list",
      "data-testid": "chat-list",
      "aria-label": t("chat-list-label"),
      "aria-live": "polite",
      "aria-relevant": "additions",
    });
    this.empty = h("p", { class: "chat-empty", "data-testid": "chat-empty", text: t("chat-empty") });
    this.error = h("p", { class: "chat-error", role: "alert", "data-testid": "chat-error", hidden: true });
    this.input = h("textarea", {
      class: "chat-input",
      id: "chat-input",
      rows: 1,
      "data-testid": "chat-input",
      "aria-label": t("chat-input-label"),
      placeholder: t("chat-input-placeholder"),
      "aria-describedby": "chat-counter",
      autocomplete: "off",
    });
    this.counter = h("span", { class: "chat-counter", id: "chat-counter", "data-testid": "chat-counter", hidden: true });
    this.sendButton = h(
      "button",
      {
        type: "submit",
        class: "chat-send",
        "data-testid": "chat-send",
        "aria-label": t("chat-send"),
        title: t("chat-send"),
        disabled: true,
      },
      icon("send"),
    );
    this.saveButton = h(
      "button",
      {
        type: "button",
        class: "icon-btn",
        "data-testid": "chat-save",
        "aria-label": t("chat-save"),
        title: t("chat-save"),
        disabled: true,
        onclick: () => this.save(),
      },
      icon("download"),
    );
    this.soundButton = h("button", {
      type: "button",
      class: "icon-btn",
      "data-testid": "chat-sounds",
      onclick: () => this.setSoundsOff(!sounds.off),
    });
    const form = h(
      "form",
      { class: "chat-compose", "data-testid": "chat-form" },
      h("div", { class: "chat-compose-row" }, this.input, this.sendButton),
      this.counter,
    );
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      this.#send();
    });
    this.input.addEventListener("input", () => {
      this.#renderCompose();
      if (!this.error.hidden && this.error.dataset.code !== "name_required") this.clearError();
    });
    this.input.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
        ev.preventDefault();
        this.#send();
      }
    });

    this.el = h(
      "aside",
      { id: "chat-panel", class: "side-panel chat-panel", "data-testid": "chat-panel", hidden: true, "aria-labelledby": "chat-title" },
      h(
        "div",
        { class: "side-panel-head" },
        this.title,
        h(
          "div",
          { class: "side-panel-actions" },
          this.soundButton,
          this.saveButton,
          h(
            "button",
            {
              type: "button",
              class: "icon-btn",
              "data-testid": "chat-close",
              "aria-label": t("chat-close"),
              title: t("chat-close"),
              onclick: () => handlers.onClose(),
            },
            icon("close"),
          ),
        ),
      ),
      h("div", { class: "chat-scroll" }, this.empty, this.list),
      this.error,
      form,
    );
    this.el.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape") {
        ev.preventDefault();
        handlers.onClose();
      }
    });
    this.scroller = /** @type {HTMLElement} */ (this.list.parentElement);
    this.#renderSound();
    this.#onSoundsChange = () => this.#renderSound();
    sounds.addEventListener("change", this.#onSoundsChange);
  }

  /** @type {() => void} */
  #onSoundsChange;

  get open() {
    return !this.el.hidden;
  }

  /** Shows or hides the panel; opening it marks everything read. @param {boolean} open */
  setOpen(open) {
    this.el.hidden = !open;
    if (open) {
      this.unread = 0;
      this.onUnread?.();
      this.#scrollToEnd();
    }
  }

  /**
   * The history from a welcome. A resume repeats what we have (skipped); a fresh join to a room that started over
   * (the server restarted: its `seq`s begin again) keeps what we showed and adds the new room's messages after it.
   * @param {ChatMessage[]} history
   * @param {boolean} resumed
   */
  welcome(history, resumed) {
    const last = this.messages.at(-1);
    const restarted =
      !resumed &&
      !!last &&
      (history.length === 0 ||
        history[history.length - 1].seq < last.seq ||
        history.some((m) => {
          const known = this.#bySeq.get(m.seq);
          return !!known && (known.at !== m.at || known.from.id !== m.from.id);
        }));
    if (restarted) this.#bySeq.clear();
    this.add(history, { live: false });
  }

  /**
   * Adds messages, skipping those already shown (a resume's welcome repeats the history). `live` ones (not from
   * a welcome) count as unread while the panel is closed and play the sound.
   * @param {ChatMessage[]} messages
   * @param {{live: boolean}} options
   */
  add(messages, { live }) {
    const fresh = messages.filter((m) => !this.#bySeq.has(m.seq)).sort((a, b) => a.seq - b.seq);
    if (fresh.length === 0) return;
    const atEnd = this.scroller.scrollHeight - this.scroller.scrollTop - this.scroller.clientHeight < 40;
    // Normally after everything shown; one that is older than the last of this room's life is put in its place.
    const currentCount = this.#bySeq.size;
    const inOrder = fresh[0].seq > Math.max(-Infinity, ...this.#bySeq.keys());
    for (const m of fresh) this.#bySeq.set(m.seq, m);
    if (inOrder) {
      this.messages.push(...fresh);
      const start = this.messages.length - fresh.length;
      for (let i = start; i < this.messages.length; i++) this.list.append(this.#item(this.messages[i], this.messages[i - 1]));
    } else {
      const earlier = this.messages.slice(0, this.messages.length - currentCount);
      this.messages = [...earlier, ...[...this.#bySeq.values()].sort((a, b) => a.seq - b.seq)];
      replaceChildren(this.list, this.messages.map((m, i) => this.#item(m, this.messages[i - 1])));
    }
    this.empty.hidden = true;
    this.saveButton.disabled = false;
    const ours = fresh.some((m) => m.from.id === this.selfId);
    this.#awaiting = Math.max(0, this.#awaiting - fresh.filter((m) => m.from.id === this.selfId).length);
    if (ours && this.#lastSend && fresh.some((m) => m.from.id === this.selfId && m.text === this.#lastSend?.text)) {
      this.#lastSend = null;
      if (this.error.dataset.code !== "name_required") this.clearError();
    }
    if (atEnd || ours) this.#scrollToEnd();
    if (!live) return;
    const others = fresh.filter((m) => m.from.id !== this.selfId).length;
    if (others === 0) return;
    if (!this.open) {
      this.unread += others;
      this.onUnread?.();
    }
    if (!this.open || document.hidden) this.#ding();
  }

  /**
   * One message; the first of a group (another sender, or a pause) carries the name and the time.
   * @param {ChatMessage} m
   * @param {ChatMessage | undefined} previous
   */
  #item(m, previous) {
    const self = m.from.id === this.selfId;
    const grouped = !!previous && previous.from.id === m.from.id && m.at - previous.at < GROUP_MS;
    const name = self ? t("chat-you") : m.from.name || t("guest");
    const time = h("time", {
      class: "chat-time",
      "data-testid": "chat-time",
      datetime: new Date(m.at).toISOString(),
      title: `${day(m.at)} ${clock(m.at)}`,
      text: clock(m.at),
    });
    return h(
      "li",
      {
        class: `chat-msg${self ? " chat-self" : ""}${grouped ? " chat-cont" : ""}`,
        "data-testid": "chat-message",
        "data-seq": String(m.seq),
        "data-from": m.from.id,
        "data-self": String(self),
        "data-colour": String(m.colour ?? 0),
      },
      grouped
        ? null
        : h("div", { class: "chat-head" }, h("span", { class: "chat-sender", "data-testid": "chat-sender", text: name }), time),
      h("div", { class: "chat-bubble" }, h("span", { class: "chat-text", "data-testid": "chat-text" }, linkify(m.text))),
    );
  }

  #scrollToEnd() {
    this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  #renderCompose() {
    const count = charCount(this.input.value);
    const over = count - MAX_CHAT_CHARS;
    this.sendButton.disabled = this.input.value.trim() === "" || over > 0;
    this.counter.hidden = count < COUNTER_FROM;
    this.counter.classList.toggle("chat-counter-over", over > 0);
    this.counter.textContent =
      over > 0
        ? `${t("chat-counter", { count, max: MAX_CHAT_CHARS })} · ${t("chat-too-long", { count: over })}`
        : t("chat-counter", { count, max: MAX_CHAT_CHARS });
    // Grows with its text, up to a few lines (then scrolls).
    this.input.style.setProperty("--rows", String(Math.min(6, Math.max(1, this.input.value.split("\n").length))));
  }

  #send() {
    const text = this.input.value.trim();
    if (text === "" || charCount(text) > MAX_CHAT_CHARS) return;
    if (!this.#handlers.onSend(text)) {
      this.showError("not_connected");
      return;
    }
    this.#lastSend = { text, at: performance.now() };
    this.#awaiting += 1;
    this.#lastSendAt = this.#lastSend.at;
    this.input.value = "";
    this.#renderCompose();
  }

  /** Whether an error that is not specific to chat (rate_limited) answers a message we just sent. */
  get sentRecently() {
    // Counted, not only the last one: with several sent quickly, a refusal may come after the next send.
    return this.#awaiting > 0 && performance.now() - this.#lastSendAt < SEND_ANSWER_MS;
  }

  /**
   * Says why the server refused our message; the text comes back into the box (unless something new is there).
   * @param {"invalid_chat" | "rate_limited" | "name_required" | "not_connected"} code
   */
  showError(code) {
    const key = {
      invalid_chat: "chat-error-invalid",
      rate_limited: "chat-error-rate-limited",
      name_required: "chat-error-name-required",
      not_connected: "chat-error-not-connected",
    }[code];
    this.error.textContent = t(key);
    this.error.dataset.code = code;
    this.error.hidden = false;
    if (code !== "not_connected") this.#awaiting = Math.max(0, this.#awaiting - 1);
    if (this.#lastSend && code !== "not_connected") {
      if (this.input.value === "") this.input.value = this.#lastSend.text;
      this.#lastSend = null;
      this.#renderCompose();
    }
  }

  clearError() {
    this.error.hidden = true;
    this.error.textContent = "";
    delete this.error.dataset.code;
  }

  focus() {
    this.input.focus();
  }

  /** Downloads the chat as a .txt file. */
  save() {
    if (this.messages.length === 0) return;
    const blob = new Blob([chatTranscript(this.messages)], { type: "text/plain;charset=utf-8" });
    const url = URL.createObjectURL(blob);
    const a = h("a", { href: url, download: t("chat-save-file", { room: this.#room, date: day(Date.now()) }), hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  /** Turns the meeting's sounds off or on (remembered; the settings dialog's switch follows). @param {boolean} off */
  setSoundsOff(off) {
    sounds.setOff(off);
    if (!off) sounds.unlock();
  }

  get soundsOff() {
    return sounds.off;
  }

  #renderSound() {
    const off = sounds.off;
    const label = off ? t("sounds-turn-on") : t("sounds-turn-off");
    this.soundButton.setAttribute("aria-pressed", String(off));
    this.soundButton.setAttribute("aria-label", label);
    this.soundButton.title = label;
    replaceChildren(this.soundButton, icon(off ? "bell-off" : "bell"));
  }

  /** The arrival sound (sounds.js; not when the sounds are off, nor twice within a moment). */
  #ding() {
    if (sounds.play("chat")) this.dings += 1;
  }

  /** How many arrival sounds were played (tests). */
  dings = 0;

  destroy() {
    sounds.removeEventListener("change", this.#onSoundsChange);
  }
}
