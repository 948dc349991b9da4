// The dashboard (templates/admin/dashboard.html): the server's figures (rooms, live meetings, people now, joins
// since the viewer's midnight, the mail queue, version / database / uptime) and the busiest meetings now, read
// again every 10 seconds while the page is visible.
//
// Hooks: [data-testid=stat-rooms|stat-live|stat-people|stat-joins|stat-mail|stat-version] (text = the figure),
// [data-testid=stat-notes], [data-testid=stat-notes-trash] (hidden while no deleted room's pad waits; `stat-warn`
// once one failed),
// [data-testid=live-list] with [data-testid=live-room] rows (data-room), [data-testid=dash-updated],
// [data-testid=dash-error].

import { byId, markReady } from "../ui/dom.js";
import * as api from "./api.js";
import { duration, errorText, formatNumber, h, localMidnight, replaceChildren, t } from "./common.js";

const REFRESH_MS = 10_000;

const stats = byId("stats", HTMLElement);
const error = byId("dash-error", HTMLElement);
const updated = byId("dash-updated", HTMLElement);
const liveList = byId("live-list", HTMLElement);

/**
 * @param {string} id
 * @param {string} text
 */
function set(id, text) {
  const el = document.getElementById(id);
  if (el) el.textContent = text;
}

/** @param {string} name */
const dbName = (name) =>
  name === "sqlite" ? "SQLite" : name === "postgres" ? "PostgreSQL" : name === "mysql" ? "MariaDB / MySQL" : name;

/** @param {api.Stats} s */
function showStats(s) {
  set("stat-rooms", formatNumber(s.rooms));
  set("stat-live", formatNumber(s.live_rooms));
  set("stat-people", formatNumber(s.people));
  set("stat-connections", t("admin-stat-connections", { count: s.connections }));
  set("stat-joins", formatNumber(s.joins_since));
  const mail = byId("stat-mail", HTMLElement);
  const mailSub = byId("stat-mail-sub", HTMLElement);
  if (s.mail.enabled) {
    mail.textContent = formatNumber(s.mail.pending);
    mail.classList.remove("stat-value-off");
    replaceChildren(
      mailSub,
      t("admin-stat-mail-pending", { count: s.mail.pending }),
      s.mail.failed > 0
        ? h("a", { href: "/admin/audit?event=mail_failed", class: "stat-warn", text: t("admin-stat-mail-failed", { count: s.mail.failed }) })
        : null,
    );
  } else {
    mail.textContent = t("admin-stat-mail-off");
    mail.classList.add("stat-value-off");
    mailSub.textContent = t("admin-stat-mail-off-hint");
  }
  set("stat-version", t("admin-stat-version", { version: s.version }));
  set(
    "stat-server-sub",
    t("admin-stat-server-sub", { database: dbName(s.database), uptime: duration(Date.now() / 1000 - s.started_at) }),
  );
  const notes = byId("stat-notes", HTMLElement);
  notes.classList.toggle("stat-warn", s.notes.state === "unavailable");
  notes.textContent =
    s.notes.state === "ready"
      ? t("admin-stat-notes-ready")
      : s.notes.state === "unavailable"
        ? t("admin-stat-notes-unavailable", { reason: s.notes.reason ?? "" })
        : t("admin-stat-notes-off");
  // Deleted rooms' pads not yet deleted from Etherpad (the notes worker retries them): said only while there are.
  const trash = byId("stat-notes-trash", HTMLElement);
  const { waiting, failing, last_error: lastError } = s.notes.trash;
  trash.hidden = waiting === 0;
  trash.classList.toggle("stat-warn", failing > 0);
  replaceChildren(
    trash,
    t("admin-stat-notes-trash", { count: waiting }),
    failing > 0 ? h("br") : null,
    failing === 0
      ? null
      : // Etherpad is away for the reason said just above: the same words twice tell nothing.
        s.notes.state === "unavailable" && (!lastError || lastError === s.notes.reason)
        ? t("admin-stat-notes-trash-waiting", { count: failing })
        : t("admin-stat-notes-trash-failing", { count: failing, error: lastError ?? "" }),
  );
}

/** @param {api.RoomSummary[]} rooms */
function showLive(rooms) {
  const live = rooms.filter((r) => r.people > 0);
  if (live.length === 0) {
    replaceChildren(
      liveList,
      h("div", { class: "empty-state empty-state-small", "data-testid": "live-empty" }, h("p", { class: "empty-title", text: t("admin-live-empty") }), h("p", { class: "empty-text", text: t("admin-live-empty-hint") })),
    );
    return;
  }
  const max = Math.max(...live.map((r) => r.people));
  replaceChildren(
    liveList,
    h(
      "ul",
      { class: "live-rooms" },
      live.map((r) => {
        const bar = h("span", { class: "live-bar-fill" });
        // The bar's length, relative to the busiest room: a custom property (no inline styles under the CSP).
        bar.style.setProperty("--share", String(r.people / max));
        return h(
          "li",
          { class: "live-room", "data-testid": "live-room", "data-room": r.name },
          h("a", { class: "live-name", href: `/admin/rooms/${encodeURIComponent(r.name)}`, text: r.name }),
          h("span", { class: "live-bar", "aria-hidden": "true" }, bar),
          h("span", { class: "live-count", text: t("admin-people-count", { count: r.people }) }),
        );
      }),
    ),
  );
}

let busy = false;

async function refresh() {
  if (busy) return;
  busy = true;
  try {
    const [s, list] = await Promise.all([
      api.stats(localMidnight()),
      api.rooms({ sort: "people", dir: "desc", per_page: 10 }),
    ]);
    showStats(s);
    showLive(list.rooms);
    error.hidden = true;
    updated.textContent = t("admin-updated-at", { time: new Date().toLocaleTimeString(document.documentElement.lang) });
  } catch (err) {
    error.textContent = errorText(err);
    error.hidden = false;
  } finally {
    stats.removeAttribute("aria-busy");
    busy = false;
  }
}

markReady();
await refresh();
setInterval(() => {
  if (document.visibilityState === "visible") refresh();
}, REFRESH_MS);
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") refresh();
});
