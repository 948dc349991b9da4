// The meeting's side panels (people, chat, notes): one open at a time. Opening one closes the one that was open; the
// toolbar button of each says whether its panel is open (`aria-expanded`); the meeting element takes the class
// `panel-open` while any is open (the stage makes room), and a panel's own class while it is (the notes are wider).

/**
 * @typedef {object} SidePanel
 * @property {HTMLElement} button  its toolbar button; it gets the focus back when the panel closes
 * @property {(open: boolean) => void} show  shows or hides the panel itself
 * @property {() => void} focus  where the focus goes when the panel opens
 * @property {string} [className]  a class the meeting element takes while this panel is open
 */

export class SidePanels {
  /** @type {Map<string, SidePanel>} */
  #panels = new Map();
  /** The open panel's name, if any. @type {string | null} */
  current = null;
  #host;
  #layout;

  /**
   * @param {HTMLElement} host  the meeting element
   * @param {() => void} layout  sizes the stage again once a panel opened or closed
   */
  constructor(host, layout) {
    this.#host = host;
    this.#layout = layout;
  }

  /**
   * @param {string} name
   * @param {SidePanel} panel
   */
  add(name, panel) {
    this.#panels.set(name, panel);
  }

  /** @param {string} name */
  isOpen(name) {
    return this.current === name;
  }

  /**
   * Opens or closes (`open` omitted: toggles) one panel; opening it closes the one that was open.
   * @param {string} name
   * @param {boolean} [open]
   * @param {{focus?: boolean}} [options]  `focus: false` leaves the focus where it is
   */
  toggle(name, open, { focus = true } = {}) {
    const panel = this.#panels.get(name);
    if (!panel) return;
    const show = open ?? this.current !== name;
    if (show === (this.current === name)) return;
    if (show && this.current) this.#apply(this.current, false);
    this.#apply(name, show);
    this.current = show ? name : null;
    this.#host.classList.toggle("panel-open", show);
    this.#layout();
    if (!focus) return;
    if (show) panel.focus();
    else panel.button.focus();
  }

  /** Closes whichever panel is open, leaving the focus where it is. */
  closeAll() {
    if (this.current) this.toggle(this.current, false, { focus: false });
  }

  /**
   * @param {string} name
   * @param {boolean} open
   */
  #apply(name, open) {
    const panel = this.#panels.get(name);
    if (!panel) return;
    panel.show(open);
    panel.button.setAttribute("aria-expanded", String(open));
    if (panel.className) this.#host.classList.toggle(panel.className, open);
  }
}
