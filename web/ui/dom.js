// Small DOM helpers. Text always goes in as text nodes (never HTML): names and room names come from other people.

/**
 * @typedef {Record<string, string | number | boolean | null | undefined | EventListener>} Attrs
 * `class`, `text`, `for` as expected; `on<event>` adds a listener; `false`, null and undefined attributes are left
 * out; `true` gives an empty attribute.
 */

/** @typedef {Node | string | null | undefined | false} Child */

/**
 * Creates an HTML element.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attrs} [attrs]
 * @param {...(Child | Child[])} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), /** @type {EventListener} */ (value));
    } else if (key === "text") {
      el.textContent = String(value);
    } else if (typeof value !== "function") {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(el, children);
  return el;
}

/**
 * @param {Element} el
 * @param {(Child | Child[])[]} children
 */
export function append(el, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
}

/**
 * Replaces an element's children.
 * @param {Element} el
 * @param {...(Child | Child[])} children
 */
export function replaceChildren(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/**
 * The element with this id, or an error naming it.
 * @template {HTMLElement} T
 * @param {string} id
 * @param {new () => T} type
 * @returns {T}
 */
export function byId(id, type) {
  const el = document.getElementById(id);
  if (!(el instanceof type)) throw new Error(`missing #${id}`);
  return el;
}

/**
 * Whether a keyboard event comes from a place where typing letters means text (inputs, selects…).
 * @param {KeyboardEvent} ev
 */
export function isTyping(ev) {
  const t = ev.target;
  return (
    t instanceof HTMLInputElement ||
    t instanceof HTMLTextAreaElement ||
    t instanceof HTMLSelectElement ||
    (t instanceof HTMLElement && t.isContentEditable)
  );
}

/**
 * Copies text to the clipboard; falls back to a hidden textarea where the async API is missing.
 * @param {string} text
 * @returns {Promise<boolean>}
 */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = h("textarea", { class: "visually-hidden", readonly: true, "aria-hidden": "true" });
    area.value = text;
    document.body.append(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand("copy");
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }
}

/**
 * Says the page's module has attached its handlers: `<html data-ready>` (forms sent before that are dropped by
 * guard.js rather than sent by the browser itself; tests wait for it too).
 */
export function markReady() {
  document.documentElement.dataset.ready = "";
}
