// A pop-up menu of actions attached to a button: opens under (or above) it, works with a mouse, a finger and the
// keyboard (Enter / Space / ↓ open it on the first item, ↑ on the last; ↑ ↓ Home End move; Escape and Tab close it
// and give the focus back to the button). One Menu can serve many buttons (one at a time).
//
// Hooks: the menu has the `testid` given, `role=menu`; each item is a `button[role=menuitem]` with
// `data-action` = the item's `id`.

import { h, replaceChildren } from "./dom.js";
import { icon } from "./icons.js";

/**
 * @typedef {object} MenuItem
 * @property {string} id Hook (`data-action`).
 * @property {string} label
 * @property {string} [icon]
 * @property {boolean} [danger]
 * @property {() => void} run
 */

const MARGIN = 8;

export class Menu {
  /** @type {HTMLElement | null} */
  anchor = null;

  /** @param {{testid: string, label: string}} options */
  constructor({ testid, label }) {
    this.el = h("div", { class: "menu", role: "menu", tabindex: "-1", "aria-label": label, "data-testid": testid, hidden: true });
    this.el.addEventListener("keydown", (ev) => this.#key(ev));
    this.#onOutside = (/** @type {PointerEvent} */ ev) => {
      const target = /** @type {Node} */ (ev.target);
      if (this.el.contains(target) || this.anchor?.contains(target)) return;
      this.close(false);
    };
    this.#onViewport = () => this.close(false);
    document.body.append(this.el);
  }

  /** @type {(ev: PointerEvent) => void} */
  #onOutside;
  /** @type {() => void} */
  #onViewport;

  get isOpen() {
    return !this.el.hidden;
  }

  /**
   * Opens the menu for `anchor` (closing it first if open elsewhere).
   * @param {HTMLElement} anchor
   * @param {MenuItem[]} items
   * @param {"first" | "last" | "none"} [focus]
   */
  open(anchor, items, focus = "first") {
    if (this.isOpen) this.close(false);
    this.anchor = anchor;
    replaceChildren(
      this.el,
      items.map((item) =>
        h(
          "button",
          {
            type: "button",
            role: "menuitem",
            tabindex: "-1",
            class: item.danger ? "menu-item menu-item-danger" : "menu-item",
            "data-action": item.id,
            onclick: () => {
              this.close(true);
              item.run();
            },
          },
          item.icon ? icon(item.icon) : null,
          h("span", { text: item.label }),
        ),
      ),
    );
    this.el.hidden = false;
    anchor.setAttribute("aria-expanded", "true");
    this.#place();
    document.addEventListener("pointerdown", this.#onOutside, true);
    window.addEventListener("resize", this.#onViewport);
    document.addEventListener("scroll", this.#onViewport, true);
    const buttons = this.#items();
    if (focus === "first") buttons[0]?.focus();
    else if (focus === "last") buttons.at(-1)?.focus();
    else this.el.focus();
  }

  /**
   * Closes the menu; `restoreFocus` gives the focus back to its button.
   * @param {boolean} restoreFocus
   */
  close(restoreFocus) {
    if (!this.isOpen) return;
    this.el.hidden = true;
    const anchor = this.anchor;
    this.anchor = null;
    anchor?.setAttribute("aria-expanded", "false");
    document.removeEventListener("pointerdown", this.#onOutside, true);
    window.removeEventListener("resize", this.#onViewport);
    document.removeEventListener("scroll", this.#onViewport, true);
    if (restoreFocus && anchor?.isConnected) anchor.focus();
  }

  destroy() {
    this.close(false);
    this.el.remove();
  }

  /**
   * Wires a button to open this menu with the items `items()` gives at that moment.
   * @param {HTMLButtonElement} button
   * @param {() => MenuItem[]} items
   */
  attach(button, items) {
    button.setAttribute("aria-haspopup", "menu");
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", this.el.id || (this.el.id = `menu-${Math.random().toString(36).slice(2, 9)}`));
    button.addEventListener("click", (ev) => {
      if (this.isOpen && this.anchor === button) {
        this.close(true);
        return;
      }
      // A keyboard "click" (Enter, Space) has detail 0: focus the first item; a pointer leaves focus on the menu.
      this.open(button, items(), /** @type {MouseEvent} */ (ev).detail === 0 ? "first" : "none");
    });
    button.addEventListener("keydown", (ev) => {
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        ev.preventDefault();
        this.open(button, items(), ev.key === "ArrowDown" ? "first" : "last");
      }
    });
  }

  #items() {
    return /** @type {HTMLButtonElement[]} */ ([...this.el.querySelectorAll("[role=menuitem]")]);
  }

  #place() {
    const anchor = this.anchor;
    if (!anchor) return;
    const rect = anchor.getBoundingClientRect();
    const width = this.el.offsetWidth;
    const height = this.el.offsetHeight;
    let top = rect.bottom + 4;
    if (top + height > window.innerHeight - MARGIN) top = Math.max(MARGIN, rect.top - 4 - height);
    const left = Math.min(Math.max(MARGIN, rect.right - width), window.innerWidth - width - MARGIN);
    this.el.style.setProperty("--menu-top", `${Math.round(top)}px`);
    this.el.style.setProperty("--menu-left", `${Math.round(Math.max(MARGIN, left))}px`);
  }

  /** @param {KeyboardEvent} ev */
  #key(ev) {
    const items = this.#items();
    const index = items.indexOf(/** @type {HTMLButtonElement} */ (document.activeElement));
    /** @param {number} i */
    const go = (i) => items[(i + items.length) % items.length]?.focus();
    switch (ev.key) {
      case "ArrowDown":
        ev.preventDefault();
        go(index + 1);
        break;
      case "ArrowUp":
        ev.preventDefault();
        go(index < 0 ? -1 : index - 1);
        break;
      case "Home":
        ev.preventDefault();
        go(0);
        break;
      case "End":
        ev.preventDefault();
        go(-1);
        break;
      case "Escape":
        ev.preventDefault();
        ev.stopPropagation();
        this.close(true);
        break;
      case "Tab":
        ev.preventDefault();
        this.close(true);
        break;
      default:
        break;
    }
  }
}
