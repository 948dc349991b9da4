// Toasts: short notices at the bottom of the screen, read out by screen readers (polite), errors assertively.

import { h } from "./dom.js";
import { icon } from "./icons.js";

const MAX_TOASTS = 4;

export class Toaster {
  /** @param {HTMLElement} parent */
  constructor(parent) {
    this.el = h("div", { class: "toasts", role: "status", "aria-live": "polite", "data-testid": "toasts" });
    this.alerts = h("div", { class: "toasts toasts-alert", role: "alert", "aria-live": "assertive" });
    parent.append(this.el, this.alerts);
  }

  /**
   * @param {string} text
   * @param {{kind?: "info" | "error" | "success", timeout?: number}} [options]
   */
  show(text, options = {}) {
    const kind = options.kind ?? "info";
    const box = kind === "error" ? this.alerts : this.el;
    const toast = h(
      "div",
      { class: `toast toast-${kind}` },
      kind === "error" ? icon("alert") : kind === "success" ? icon("check") : null,
      h("span", { text }),
    );
    box.append(toast);
    while (box.children.length > MAX_TOASTS) box.firstElementChild?.remove();
    const timeout = options.timeout ?? (kind === "error" ? 7000 : 4000);
    setTimeout(() => {
      toast.classList.add("toast-out");
      setTimeout(() => toast.remove(), 300);
    }, timeout);
  }
}
