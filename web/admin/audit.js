// The audit log (templates/admin/audit.html): filtered by a date range (days in the viewer's time zone: from the
// first day's midnight to the last day's end), an event type and a text, paged by the server, newest first;
// times shown in the viewer's local time. The filters live in the address (from, to, event, q, page, per_page),
// and the export links carry them. An export the server refuses (too many rows) says why instead of leaving
// the page.
//
// Hooks: [data-testid=audit-from], [data-testid=audit-to] (date inputs), [data-testid=audit-range-error],
// [data-testid=audit-event] (select: "" = all), [data-testid=audit-search]; [data-testid=audit-body] with
// [data-testid=audit-row] (data-event, data-id): [data-testid=audit-time], [data-testid=audit-badge],
// [data-testid=audit-room], [data-testid=audit-ip], [data-testid=audit-user], [data-testid=audit-message];
// [data-testid=audit-empty], [data-testid=audit-summary], [data-testid=audit-error];
// [data-testid=export-xlsx], [data-testid=export-csv] (href = the export of the current filters); the pager.

import { byId, markReady } from "../ui/dom.js";
import * as api from "./api.js";
import {
  debounce,
  errorText,
  fullDateTime,
  h,
  intParam,
  notify,
  pager,
  replaceChildren,
  saveState,
  stampParts,
  t,
} from "./common.js";

const SIZES = [25, 50, 100, 200];

/** Each event type's words; a type this page does not know yet is shown by its name. */
const EVENT_LABELS = /** @type {Record<string, string>} */ ({
  session_created: "admin-event-session-created",
  session_ended: "admin-event-session-ended",
  room_created: "admin-event-room-created",
  room_changed: "admin-event-room-changed",
  room_expired: "admin-event-room-expired",
  room_deleted: "admin-event-room-deleted",
  notify_changed: "admin-event-notify-changed",
  role_changed: "admin-event-role-changed",
  join_refused: "admin-event-join-refused",
  joined: "admin-event-joined",
  left: "admin-event-left",
  kicked: "admin-event-kicked",
  forged_identifier: "admin-event-forged-identifier",
  action_allowed: "admin-event-action-allowed",
  action_denied: "admin-event-action-denied",
  mail_sent: "admin-event-mail-sent",
  mail_failed: "admin-event-mail-failed",
  feedback_sent: "admin-event-feedback-sent",
  invitation_sent: "admin-event-invitation-sent",
  invitation_answered: "admin-event-invitation-answered",
  invitation_used: "admin-event-invitation-used",
  admin_login: "admin-event-admin-login",
  admin_login_failed: "admin-event-admin-login-failed",
  admin_logout: "admin-event-admin-logout",
  meeting_ended: "admin-event-meeting-ended",
  admin_joined: "admin-event-admin-joined",
  notes_created: "admin-event-notes-created",
  notes_cleared: "admin-event-notes-cleared",
  notes_deleted: "admin-event-notes-deleted",
});

/** The badge's colour: what went wrong, what an administrator did, people coming and going, the rest. */
const WARN = new Set(["join_refused", "action_denied", "forged_identifier", "mail_failed", "admin_login_failed", "kicked"]);
const ADMIN = new Set(["admin_login", "admin_logout", "admin_joined", "meeting_ended", "room_deleted"]);
const PRESENCE = new Set(["joined", "left"]);

/** @param {string} type */
const eventLabel = (type) => (EVENT_LABELS[type] ? t(EVENT_LABELS[type]) : type);
/** @param {string} type */
const eventKind = (type) => (WARN.has(type) ? "warn" : ADMIN.has(type) ? "admin" : PRESENCE.has(type) ? "presence" : "neutral");

/** @param {Date} d */
const isoDay = (d) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

/**
 * A day in the viewer's time zone as Unix seconds: its first second, or with `end` its last.
 * @param {string} day YYYY-MM-DD
 * @param {boolean} [end]
 * @returns {number | null}
 */
function dayBound(day, end = false) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(day);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + (end ? 1 : 0), 0, 0, 0, 0);
  if (Number.isNaN(d.getTime())) return null;
  return Math.floor(d.getTime() / 1000) - (end ? 1 : 0);
}

const today = isoDay(new Date());
const DEFAULTS = { from: today, to: today, event: "", q: "", page: 1, per_page: 50 };

const params = new URLSearchParams(location.search);
/** @param {string | null} v */
const validDay = (v) => (v && dayBound(v) !== null ? v : null);
const state = {
  from: validDay(params.get("from")) ?? today,
  to: validDay(params.get("to")) ?? today,
  event: (params.get("event") ?? "").trim(),
  q: (params.get("q") ?? "").trim(),
  page: intParam(params, "page", 1),
  per_page: SIZES.includes(Number(params.get("per_page"))) ? Number(params.get("per_page")) : DEFAULTS.per_page,
};

const fromInput = byId("audit-from", HTMLInputElement);
const toInput = byId("audit-to", HTMLInputElement);
const rangeError = byId("audit-range-error", HTMLElement);
const eventSelect = byId("audit-event", HTMLSelectElement);
const search = byId("audit-search", HTMLInputElement);
const table = /** @type {HTMLTableElement} */ (document.querySelector("[data-testid=audit-table]"));
const body = byId("audit-body", HTMLTableSectionElement);
const empty = byId("audit-empty", HTMLElement);
const summary = byId("audit-summary", HTMLElement);
const error = byId("audit-error", HTMLElement);
const exportXlsx = byId("export-xlsx", HTMLAnchorElement);
const exportCsv = byId("export-csv", HTMLAnchorElement);

fromInput.value = state.from;
toInput.value = state.to;
fromInput.max = toInput.max = today;
search.value = state.q;

const pages = pager({
  sizes: SIZES,
  label: t("admin-audit-pages"),
  onPage: (page) => {
    state.page = page;
    load();
  },
  onSize: (size) => {
    state.per_page = size;
    state.page = 1;
    load();
  },
});
byId("audit-pager", HTMLElement).replaceWith(pages.el);

/** The filter the server gets, or null while the range is wrong. @returns {api.AuditFilter | null} */
function filter() {
  const from = dayBound(state.from);
  const to = dayBound(state.to, true);
  if (from === null || to === null) return null;
  return { from, to, event: state.event, q: state.q };
}

let typesFilled = false;

/** @param {string[]} types */
function fillTypes(types) {
  if (typesFilled) return;
  typesFilled = true;
  const sorted = [...types].sort((a, b) => eventLabel(a).localeCompare(eventLabel(b)));
  // Several types (a link may ask for "a,b"), or one this page does not list: kept as an option of its own.
  if (state.event && !types.includes(state.event)) sorted.unshift(state.event);
  for (const type of sorted) eventSelect.append(h("option", { value: type, text: eventLabel(type) }));
  eventSelect.value = state.event;
}

/** @param {string | null} text @param {string} testid @param {string} [cls] */
const cell = (text, testid, cls) =>
  text ? h("span", { class: cls, "data-testid": testid, text }) : h("span", { class: "muted", "data-testid": testid, text: "—" });

/** @param {api.AuditEvent} e */
function row(e) {
  const { time, date } = stampParts(e.at);
  return h(
    "tr",
    { "data-testid": "audit-row", "data-event": e.event, "data-id": String(e.id) },
    h(
      "td",
      { class: "col-time" },
      h(
        "time",
        { datetime: new Date(e.at * 1000).toISOString(), title: fullDateTime(e.at), "data-testid": "audit-time" },
        h("span", { class: "stamp-time", text: time }),
        h("span", { class: "stamp-date", text: date }),
      ),
    ),
    h(
      "td",
      { class: "col-event", "data-label": t("admin-col-event") },
      h("span", { class: `event-badge event-${eventKind(e.event)}`, "data-testid": "audit-badge", title: e.event, text: eventLabel(e.event) }),
    ),
    h(
      "td",
      { class: "col-room", "data-label": t("admin-col-room") },
      e.room
        ? h("a", { href: `/admin/rooms/${encodeURIComponent(e.room)}`, "data-testid": "audit-room", text: e.room })
        : cell(null, "audit-room"),
    ),
    h("td", { class: "col-address", "data-label": t("admin-col-address") }, cell(e.ip, "audit-ip", "address")),
    h("td", { class: "col-user", "data-label": t("admin-col-user") }, cell(e.user, "audit-user", "audit-user")),
    h("td", { class: "col-message", "data-label": t("admin-col-message") }, h("span", { class: "audit-message", "data-testid": "audit-message", text: e.message })),
  );
}

/** @param {api.AuditFilter | null} f the filter, or null while it is wrong */
function updateExports(f) {
  for (const [a, format] of /** @type {const} */ ([
    [exportXlsx, "xlsx"],
    [exportCsv, "csv"],
  ])) {
    if (f) {
      a.href = api.auditExportUrl(format, f);
      a.removeAttribute("aria-disabled");
    } else {
      a.removeAttribute("href");
      a.setAttribute("aria-disabled", "true");
    }
  }
}

let generation = 0;

async function load() {
  const mine = ++generation;
  const from = dayBound(state.from);
  const to = dayBound(state.to, true);
  const wrongRange = from !== null && to !== null && from > to;
  rangeError.hidden = !wrongRange;
  rangeError.textContent = wrongRange ? t("admin-audit-range-wrong") : "";
  toInput.toggleAttribute("aria-invalid", wrongRange);
  saveState(state, DEFAULTS);
  const f = wrongRange ? null : filter();
  updateExports(f);
  if (!f) return;
  table.setAttribute("aria-busy", "true");
  let result;
  try {
    result = await api.audit({ ...f, page: state.page, per_page: state.per_page });
  } catch (err) {
    if (mine !== generation) return;
    error.textContent = errorText(err);
    error.hidden = false;
    table.removeAttribute("aria-busy");
    return;
  }
  if (mine !== generation) return;
  error.hidden = true;
  fillTypes(result.event_types);
  const lastPage = Math.max(1, Math.ceil(result.total / result.per_page));
  if (result.total > 0 && state.page > lastPage) {
    state.page = lastPage;
    load();
    return;
  }
  replaceChildren(body, result.events.map(row));
  table.hidden = result.total === 0;
  empty.hidden = result.total > 0;
  summary.textContent = t("admin-audit-total", { count: result.total });
  pages.update({ page: result.page, perPage: result.per_page, total: result.total });
  table.removeAttribute("aria-busy");
}

/** @param {() => void} change */
const refilter = (change) => {
  change();
  state.page = 1;
  load();
};

fromInput.addEventListener("change", () => {
  if (validDay(fromInput.value)) refilter(() => (state.from = fromInput.value));
});
toInput.addEventListener("change", () => {
  if (validDay(toInput.value)) refilter(() => (state.to = toInput.value));
});
eventSelect.addEventListener("change", () => refilter(() => (state.event = eventSelect.value)));
const searchNow = () => {
  const q = search.value.trim();
  if (q !== state.q) refilter(() => (state.q = q));
};
search.addEventListener("input", debounce(searchNow, 300));
byId("audit-filters", HTMLFormElement).addEventListener("submit", (ev) => {
  ev.preventDefault();
  searchNow();
});

/**
 * Downloads an export in the page: a refusal (too many rows…) is said here instead of replacing the page.
 * @param {HTMLAnchorElement} link
 */
async function exportFrom(link) {
  if (!link.href || link.getAttribute("aria-busy") === "true") return;
  link.setAttribute("aria-busy", "true");
  try {
    const { blob, filename } = await api.download(link.href);
    const url = URL.createObjectURL(blob);
    const a = h("a", { href: url, download: filename ?? link.href.split("/").pop()?.split("?")[0] ?? "audit" });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (err) {
    notify(errorText(err), "error");
  } finally {
    link.removeAttribute("aria-busy");
  }
}
for (const link of [exportXlsx, exportCsv]) {
  link.addEventListener("click", (ev) => {
    ev.preventDefault();
    exportFrom(link);
  });
}

markReady();
await load();
