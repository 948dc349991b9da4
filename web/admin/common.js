// What every page of the admin area shares: the header's "Log out", the way back to the login form when the login
// has gone, times in the viewer's own time zone, the state of a list kept in the page's address, the pager under
// a table, and a polite live region for what just happened.
//
// Hooks: [data-testid=logout]; [data-testid=pager] with [data-testid=pager-range] ("26–50 of 73"),
// [data-testid=pager-first|prev|next|last], [data-testid=page-size]; [data-testid=admin-notice].

import { h, replaceChildren } from "../ui/dom.js";
import { icon } from "./icons.js";
import { LANG, t } from "../ui/i18n.js";
import { ApiError, logout } from "./api.js";

export { h, replaceChildren, icon, t, LANG, ApiError };

/** Where the login form lives; it sends the administrator back to `next` afterwards. */
export function loginUrl() {
  return `/admin/login?next=${encodeURIComponent(location.pathname + location.search)}`;
}

/**
 * Words for a failed request: the server's own message (in the page's language), else ours. A login that has
 * ended (expired, logged out elsewhere) sends the page to the login form instead.
 * @param {unknown} err
 * @returns {string}
 */
export function errorText(err) {
  if (err instanceof ApiError) {
    if (err.status === 401 && err.code === "admin_login_required") {
      location.assign(loginUrl());
      return t("admin-session-ended");
    }
    if (err.code === "network") return t("admin-error-network");
    if (err.message && err.message !== err.code) return err.message;
    return t("admin-error-status", { status: err.status });
  }
  return t("admin-error-unexpected");
}

// The header: "Log out" ends the session, then shows the login form.
const logoutButton = document.getElementById("logout");
if (logoutButton instanceof HTMLButtonElement) {
  logoutButton.addEventListener("click", async () => {
    logoutButton.disabled = true;
    logoutButton.setAttribute("aria-busy", "true");
    try {
      await logout();
    } catch {
      // Leaving anyway: the login page says whether the session is still there.
    }
    location.assign("/admin/login");
  });
}

// ------------------------------------------------------------------------------------------------ times

const dateTime = new Intl.DateTimeFormat(LANG, { dateStyle: "medium", timeStyle: "short" });
const fullFormat = new Intl.DateTimeFormat(LANG, { dateStyle: "full", timeStyle: "long" });
const timeShort = new Intl.DateTimeFormat(LANG, { timeStyle: "short" });
const timeSeconds = new Intl.DateTimeFormat(LANG, { timeStyle: "medium" });
const dateMedium = new Intl.DateTimeFormat(LANG, { dateStyle: "medium" });

/** @param {Date} a @param {Date} b */
const sameDay = (a, b) =>
  a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

/**
 * A moment in the viewer's time zone, short where that reads well: "Today, 14:03", "Yesterday, 09:12", else
 * "12 Nov 2025, 16:40".
 * @param {number} unix seconds
 */
export function shortDateTime(unix) {
  const d = new Date(unix * 1000);
  const now = new Date();
  if (sameDay(d, now)) return t("admin-today-at", { time: timeShort.format(d) });
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (sameDay(d, yesterday)) return t("admin-yesterday-at", { time: timeShort.format(d) });
  return dateTime.format(d);
}

/** @param {number} unix seconds */
export const fullDateTime = (unix) => fullFormat.format(new Date(unix * 1000));

/**
 * A `<time>` showing `text` with the full date and time zone as its tooltip.
 * @param {number} unix
 * @param {string} [text]
 */
export function timeElement(unix, text = shortDateTime(unix)) {
  return h("time", { datetime: new Date(unix * 1000).toISOString(), title: fullDateTime(unix), text });
}

/**
 * The time of day with seconds, and the date, for the audit log.
 * @param {number} unix
 */
export function stampParts(unix) {
  const d = new Date(unix * 1000);
  return { time: timeSeconds.format(d), date: dateMedium.format(d) };
}

/**
 * A span of time in words ("3 h 12 min", "45 s"), the two largest units.
 * @param {number} seconds
 */
export function duration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const days = Math.floor(s / 86400);
  const hours = Math.floor((s % 86400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  if (days > 0) return t("admin-duration-days", { days, hours });
  if (hours > 0) return t("admin-duration-hours", { hours, minutes });
  if (minutes > 0) return t("admin-duration-minutes", { minutes });
  return t("admin-duration-seconds", { seconds: s });
}

/** Unix seconds of the viewer's last midnight. */
export function localMidnight() {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return Math.floor(d.getTime() / 1000);
}

const numberFormat = new Intl.NumberFormat(LANG);
/** @param {number} n */
export const formatNumber = (n) => numberFormat.format(n);

// ------------------------------------------------------------------------------------------------ lists

/**
 * Calls `fn` once `ms` have passed without another call.
 * @template {unknown[]} A
 * @param {(...args: A) => void} fn
 * @param {number} ms
 * @returns {(...args: A) => void}
 */
export function debounce(fn, ms) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/**
 * Writes a list's state in the address (replacing the entry: the back button leaves the page, not the last
 * keystroke), leaving out what equals the default so a plain link stays plain.
 * @param {Record<string, string | number>} state
 * @param {Record<string, string | number>} defaults
 */
export function saveState(state, defaults) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(state)) {
    if (value === "" || String(value) === String(defaults[key] ?? "")) continue;
    q.set(key, String(value));
  }
  const search = q.toString();
  const url = `${location.pathname}${search ? `?${search}` : ""}${location.hash}`;
  if (url !== location.pathname + location.search + location.hash) history.replaceState(null, "", url);
}

/**
 * A positive whole number from the address, or the default.
 * @param {URLSearchParams} params
 * @param {string} key
 * @param {number} fallback
 * @param {number} [max]
 */
export function intParam(params, key, fallback, max = Number.MAX_SAFE_INTEGER) {
  const n = Number(params.get(key));
  return Number.isInteger(n) && n >= 1 && n <= max ? n : fallback;
}

/**
 * One of `allowed` from the address, or the default.
 * @template {string} T
 * @param {URLSearchParams} params
 * @param {string} key
 * @param {readonly T[]} allowed
 * @param {T} fallback
 * @returns {T}
 */
export function oneOf(params, key, allowed, fallback) {
  const v = params.get(key);
  return allowed.find((a) => a === v) ?? fallback;
}

/**
 * The bar under a table: "26–50 of 73", first / previous / next / last, and the page size.
 * @param {{sizes: number[], onPage: (page: number) => void, onSize: (size: number) => void, label: string}} o
 */
export function pager(o) {
  const range = h("p", { class: "pager-range", "data-testid": "pager-range", "aria-live": "polite" });
  /**
   * @param {string} testid
   * @param {string} iconName
   * @param {string} label
   */
  const button = (testid, iconName, label) =>
    h("button", { type: "button", class: "pager-btn", "data-testid": testid, "aria-label": label, title: label }, icon(iconName));
  const first = button("pager-first", "first", t("admin-page-first"));
  const prev = button("pager-prev", "prev", t("admin-page-previous"));
  const next = button("pager-next", "next", t("admin-page-next"));
  const last = button("pager-last", "last", t("admin-page-last"));
  const position = h("span", { class: "pager-position" });
  const sizeId = `page-size-${Math.random().toString(36).slice(2, 8)}`;
  const size = h(
    "select",
    { id: sizeId, class: "select pager-size", "data-testid": "page-size" },
    o.sizes.map((n) => h("option", { value: String(n), text: formatNumber(n) })),
  );
  let page = 1;
  let pages = 1;
  first.addEventListener("click", () => o.onPage(1));
  prev.addEventListener("click", () => o.onPage(Math.max(1, page - 1)));
  next.addEventListener("click", () => o.onPage(Math.min(pages, page + 1)));
  last.addEventListener("click", () => o.onPage(pages));
  size.addEventListener("change", () => o.onSize(Number(size.value)));
  const el = h(
    "nav",
    { class: "pager", "aria-label": o.label, "data-testid": "pager" },
    range,
    h("div", { class: "pager-buttons" }, first, prev, position, next, last),
    h("div", { class: "pager-size-field" }, h("label", { for: sizeId, text: t("admin-page-size") }), size),
  );
  return {
    el,
    /**
     * @param {{page: number, perPage: number, total: number}} s
     */
    update(s) {
      page = s.page;
      pages = Math.max(1, Math.ceil(s.total / s.perPage));
      const from = s.total === 0 ? 0 : (s.page - 1) * s.perPage + 1;
      const to = Math.min(s.total, s.page * s.perPage);
      range.textContent = t("admin-page-range", { from: formatNumber(from), to: formatNumber(to), total: s.total });
      position.textContent = t("admin-page-position", { page: s.page, pages });
      first.disabled = prev.disabled = s.page <= 1;
      next.disabled = last.disabled = s.page >= pages;
      size.value = String(s.perPage);
      el.hidden = s.total === 0;
    },
  };
}

/**
 * A column header's sort button: `aria-sort` on the `<th>`, an arrow showing the direction.
 * @param {HTMLTableCellElement} th
 * @param {"ascending" | "descending" | "none"} state
 */
export function markSort(th, state) {
  th.setAttribute("aria-sort", state);
  const arrow = th.querySelector(".sort-arrow");
  if (arrow) arrow.replaceChildren(icon(state === "descending" ? "sort-down" : state === "ascending" ? "sort-up" : "sort"));
}

// ------------------------------------------------------------------------------------------------ notices

const FLASH_KEY = "vroom.admin.flash";

/**
 * A notice for the next page this tab opens (say, "Room deleted" on the list after deleting from a room's page).
 * @param {string} text
 */
export function flash(text) {
  try {
    sessionStorage.setItem(FLASH_KEY, text);
  } catch {
    // storage refused: the next page just says nothing
  }
}

/** The notice left by the previous page, once. */
export function takeFlash() {
  try {
    const text = sessionStorage.getItem(FLASH_KEY);
    sessionStorage.removeItem(FLASH_KEY);
    return text;
  } catch {
    return null;
  }
}

/** @type {ReturnType<typeof setTimeout> | undefined} */
let noticeTimer;

/**
 * Says what just happened in the page's notice strip, for a while. The strip is a live region that is always
 * there (empty: no height), so that what appears in it is read out.
 * @param {string} text
 * @param {"success" | "error"} [kind]
 */
export function notify(text, kind = "success") {
  const el = document.getElementById("admin-notice");
  if (!el) return;
  clearTimeout(noticeTimer);
  el.dataset.kind = kind;
  replaceChildren(
    el,
    h(
      "div",
      { class: "admin-notice-box" },
      icon(kind === "error" ? "alert" : "check", "notice-icon"),
      h("span", { class: "admin-notice-text", "data-testid": "admin-notice-text", text }),
      h("button", {
        type: "button",
        class: "icon-btn admin-notice-close",
        "aria-label": t("admin-notice-close"),
        onclick: () => replaceChildren(el),
      }, icon("close")),
    ),
  );
  noticeTimer = setTimeout(() => replaceChildren(el), kind === "error" ? 15000 : 8000);
}

/**
 * A pill: `kind` picks its colour (admin.css `.pill-<kind>`).
 * @param {string} text
 * @param {string} kind
 * @param {string} [testid]
 */
export const pill = (text, kind, testid) => h("span", { class: `pill pill-${kind}`, "data-testid": testid, text });
