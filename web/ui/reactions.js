// Quick reactions: a toolbar button "Send a reaction" opens a small popover of the six the protocol has; a pick is
// sent as `react`. Every reaction received (ours too: the server echoes it) floats up from its sender's tile for about
// 3 s (only fades with prefers-reduced-motion) and is said to screen readers ("Ana: Applause", polite).
//
// The floating emoji is an element of our own appended to the tile's root (`tile.el`) and removed at the end of its
// animation; the tile itself is left as it is.
//
// Hooks: [data-testid=reaction-toggle] (`aria-expanded`), [data-testid=reaction-menu] (role=menu) with one
// button[role=menuitem] per reaction (`data-reaction` = thumbs_up, clap, laugh, heart, surprised, celebrate);
// on a tile: [data-testid=reaction-float] (`data-reaction`); [data-testid=reaction-log] (the live region);
// `received` lists the reactions received ({from, reaction}, oldest first, the last 50).

import { h, replaceChildren } from "./dom.js";
import { t } from "./i18n.js";

/** @typedef {import('../lib/protocol').Reaction} Reaction */
/** @typedef {import('../lib/protocol').ParticipantRef} ParticipantRef */
/** @typedef {import('../lib/signalling.js').Signalling} Signalling */
/** @typedef {{el: HTMLElement}} TileLike */

/** The protocol's reactions, in the order shown, with their emoji. @type {readonly [Reaction, string][]} */
export const REACTIONS = [
  ["thumbs_up", "👍"],
  ["clap", "👏"],
  ["laugh", "😂"],
  ["heart", "❤️"],
  ["surprised", "😮"],
  ["celebrate", "🎉"],
];
const EMOJI = new Map(REACTIONS);

/** How long one floats (matches the CSS animation). */
const FLOAT_MS = 3000;
/** At most this many float over one tile at once (the oldest goes). */
const MAX_PER_TILE = 6;
const MARGIN = 8;

export class Reactions {
  /** The reactions received, oldest first (tests). @type {{from: string, reaction: Reaction}[]} */
  received = [];

  /**
   * @param {{signalling: Signalling, tileFor: (id: string) => TileLike | undefined, onNotSent: () => void}} options
   *   `tileFor` finds the tile of a participant (ours included); `onNotSent` is called when we are not connected.
   */
  constructor({ signalling, tileFor, onNotSent }) {
    this.signalling = signalling;
    this.tileFor = tileFor;
    this.onNotSent = onNotSent;
    const label = t("reaction-send");
    this.button = h(
      "button",
      {
        type: "button",
        class: "round-btn tool reaction-toggle",
        "data-testid": "reaction-toggle",
        "aria-label": label,
        title: label,
        "aria-haspopup": "menu",
        "aria-expanded": "false",
        "aria-controls": "reaction-menu",
        // A keyboard "click" (Enter, Space) has detail 0: the first reaction gets the focus.
        onclick: (/** @type {Event} */ ev) => (this.isOpen ? this.close(true) : this.open(/** @type {MouseEvent} */ (ev).detail === 0)),
      },
      smileIcon(),
    );
    this.button.addEventListener("keydown", (ev) => {
      if (ev.key === "ArrowUp" || ev.key === "ArrowDown") {
        ev.preventDefault();
        this.open(true);
      }
    });
    this.items = REACTIONS.map(([id, emoji]) =>
      h(
        "button",
        {
          type: "button",
          role: "menuitem",
          tabindex: "-1",
          class: "reaction-item",
          "data-reaction": id,
          "aria-label": t(`reaction-${id.replace("_", "-")}`),
          title: t(`reaction-${id.replace("_", "-")}`),
          onclick: () => this.send(id),
        },
        h("span", { class: "reaction-emoji", "aria-hidden": "true", text: emoji }),
      ),
    );
    this.menu = h(
      "div",
      {
        id: "reaction-menu",
        class: "reaction-menu",
        role: "menu",
        tabindex: "-1",
        "aria-label": t("reaction-menu"),
        "aria-orientation": "horizontal",
        "data-testid": "reaction-menu",
        hidden: true,
      },
      this.items,
    );
    this.menu.addEventListener("keydown", (ev) => this.#key(ev));
    // What is said to screen readers (one element per reaction, so that the same one twice is said twice).
    this.live = h("div", { class: "visually-hidden", "aria-live": "polite", "data-testid": "reaction-log" });
    document.body.append(this.menu);

    this.#onOutside = (/** @type {PointerEvent} */ ev) => {
      const target = /** @type {Node} */ (ev.target);
      if (!this.menu.contains(target) && !this.button.contains(target)) this.close(false);
    };
    this.#onResize = () => this.close(false);
    this.#onReaction = (/** @type {Event} */ ev) =>
      this.show(/** @type {CustomEvent<{from: ParticipantRef, reaction: Reaction}>} */ (ev).detail);
    signalling.addEventListener("reaction", this.#onReaction);
  }

  /** @type {(ev: PointerEvent) => void} */
  #onOutside;
  /** @type {() => void} */
  #onResize;
  /** @type {(ev: Event) => void} */
  #onReaction;

  get isOpen() {
    return !this.menu.hidden;
  }

  /** @param {boolean} focusFirst keyboard: the first reaction gets the focus (else the popover itself) */
  open(focusFirst) {
    if (this.isOpen) return;
    this.menu.hidden = false;
    this.button.setAttribute("aria-expanded", "true");
    this.#place();
    document.addEventListener("pointerdown", this.#onOutside, true);
    window.addEventListener("resize", this.#onResize);
    if (focusFirst) this.items[0].focus();
    else this.menu.focus();
  }

  /** @param {boolean} restoreFocus */
  close(restoreFocus) {
    if (!this.isOpen) return;
    this.menu.hidden = true;
    this.button.setAttribute("aria-expanded", "false");
    document.removeEventListener("pointerdown", this.#onOutside, true);
    window.removeEventListener("resize", this.#onResize);
    if (restoreFocus && this.button.isConnected) this.button.focus();
  }

  /** @param {Reaction} reaction */
  send(reaction) {
    this.close(true);
    if (!this.signalling.react(reaction)) this.onNotSent();
  }

  /**
   * A reaction arrived: it floats up from its sender's tile and is said.
   * @param {{from: ParticipantRef, reaction: Reaction}} r
   */
  show({ from, reaction }) {
    const emoji = EMOJI.get(reaction);
    if (!emoji) return;
    this.received.push({ from: from.id, reaction });
    if (this.received.length > 50) this.received.shift();

    const tile = this.tileFor(from.id);
    if (tile) {
      const floats = tile.el.querySelectorAll(":scope > .reaction-float");
      if (floats.length >= MAX_PER_TILE) floats[0].remove();
      const el = h("span", {
        class: "reaction-float",
        "aria-hidden": "true",
        "data-testid": "reaction-float",
        "data-reaction": reaction,
        text: emoji,
      });
      el.style.setProperty("--reaction-x", `${Math.round(15 + Math.random() * 55)}%`);
      el.style.setProperty("--reaction-drift", `${Math.round(Math.random() * 40 - 20)}px`);
      const remove = () => el.remove();
      el.addEventListener("animationend", remove);
      setTimeout(remove, FLOAT_MS + 500);
      tile.el.append(el);
    }

    const self = from.id === this.signalling.id;
    const name = self ? t("you") : from.name || t("guest");
    const said = h("p", { text: t("reaction-said", { name, reaction: t(`reaction-${reaction.replace("_", "-")}`) }) });
    this.live.append(said);
    while (this.live.childElementCount > 5) this.live.firstElementChild?.remove();
    setTimeout(() => said.remove(), 8000);
  }

  destroy() {
    this.close(false);
    this.signalling.removeEventListener("reaction", this.#onReaction);
    this.menu.remove();
    replaceChildren(this.live);
  }

  /** Above its button, centred on it, inside the window. */
  #place() {
    const rect = this.button.getBoundingClientRect();
    const width = this.menu.offsetWidth;
    const left = Math.min(Math.max(MARGIN, rect.left + rect.width / 2 - width / 2), window.innerWidth - width - MARGIN);
    this.menu.style.setProperty("--reaction-left", `${Math.round(Math.max(MARGIN, left))}px`);
    this.menu.style.setProperty("--reaction-bottom", `${Math.round(window.innerHeight - rect.top + 8)}px`);
  }

  /** @param {KeyboardEvent} ev */
  #key(ev) {
    const index = this.items.indexOf(/** @type {HTMLButtonElement} */ (document.activeElement));
    /** @param {number} i */
    const go = (i) => this.items[(i + this.items.length) % this.items.length].focus();
    switch (ev.key) {
      case "ArrowRight":
      case "ArrowDown":
        go(index + 1);
        break;
      case "ArrowLeft":
      case "ArrowUp":
        go(index < 0 ? -1 : index - 1);
        break;
      case "Home":
        go(0);
        break;
      case "End":
        go(-1);
        break;
      case "Escape":
      case "Tab":
        this.close(true);
        break;
      default:
        // Letters are not the meeting's shortcuts while the popover has the focus.
        ev.stopPropagation();
        return;
    }
    ev.preventDefault();
    ev.stopPropagation();
  }
}

/** A smiling face with a small plus: "add a reaction" (24×24, stroked with currentColor, like icons.js). */
function smileIcon() {
  const NS = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", "icon");
  for (const [d, width] of [
    ["M20.5 12.5a8.5 8.5 0 1 1-7-8.9", ""],
    ["M8 14.5a5 5 0 0 0 8 0", ""],
    ["M9 9.8v.01M15 9.8v.01", "2.6"],
    ["M19 2.5v5M16.5 5h5", ""],
  ]) {
    const path = document.createElementNS(NS, "path");
    path.setAttribute("d", d);
    if (width) path.setAttribute("stroke-width", width);
    svg.append(path);
  }
  return svg;
}
