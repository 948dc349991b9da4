// The rooms list (templates/admin/rooms.html): searched, sorted and paged by the server; the state (q, sort, dir,
// page, per_page) lives in the address, so a reload or a shared link shows the same page. Each row: the room's
// page, join as chairman, end the meeting (when people are in it) and delete, the last two after a confirmation.
// On a phone the table's rows become cards and a select replaces the column headers for sorting.
//
// Hooks: [data-testid=rooms-search], [data-testid=rooms-sort] (select, "<sort>:<dir>"), column buttons
// [data-testid=sort-name|sort-created|sort-activity|sort-people] (their <th> has aria-sort),
// [data-testid=rooms-body] with [data-testid=room-row] (data-room, data-people): [data-testid=room-link],
// [data-testid=room-people], pills [data-testid=pill-reserved|pill-persistent|pill-locked|pill-password],
// [data-testid=row-join], [data-testid=row-open], [data-testid=row-end], [data-testid=row-delete];
// [data-testid=rooms-empty] (+ [data-testid=rooms-clear]), [data-testid=rooms-summary], [data-testid=rooms-error],
// the pager (common.js).

import { byId, markReady } from "../ui/dom.js";
import * as api from "./api.js";
import { deleteWithConfirmation, endWithConfirmation, joinAsChairman } from "./actions.js";
import {
  debounce,
  errorText,
  formatNumber,
  h,
  icon,
  intParam,
  markSort,
  notify,
  oneOf,
  pager,
  pill,
  replaceChildren,
  saveState,
  t,
  takeFlash,
  timeElement,
} from "./common.js";

/** @typedef {import('./api.js').RoomSort} RoomSort */
/** @typedef {import('./api.js').Direction} Direction */

const SORTS = /** @type {const} */ (["name", "created", "activity", "people"]);
const DIRS = /** @type {const} */ (["asc", "desc"]);
const SIZES = [10, 25, 50, 100];
/** The direction a column starts in when first chosen: names A→Z, the rest largest / newest first. */
const FIRST_DIR = /** @type {Record<RoomSort, Direction>} */ ({ name: "asc", created: "desc", activity: "desc", people: "desc" });
const DEFAULTS = { q: "", sort: "name", dir: "asc", page: 1, per_page: 25 };

const params = new URLSearchParams(location.search);
const state = {
  q: (params.get("q") ?? "").trim(),
  sort: oneOf(params, "sort", SORTS, "name"),
  dir: oneOf(params, "dir", DIRS, "asc"),
  page: intParam(params, "page", 1),
  per_page: SIZES.includes(Number(params.get("per_page"))) ? Number(params.get("per_page")) : DEFAULTS.per_page,
};

const search = byId("rooms-search", HTMLInputElement);
const sortSelect = byId("rooms-sort", HTMLSelectElement);
const table = /** @type {HTMLTableElement} */ (document.querySelector("[data-testid=rooms-table]"));
const body = byId("rooms-body", HTMLTableSectionElement);
const empty = byId("rooms-empty", HTMLElement);
const emptyTitle = byId("rooms-empty-title", HTMLElement);
const emptyText = byId("rooms-empty-text", HTMLElement);
const clear = byId("rooms-clear", HTMLButtonElement);
const summary = byId("rooms-summary", HTMLElement);
const error = byId("rooms-error", HTMLElement);
const headers = /** @type {HTMLTableCellElement[]} */ ([...table.querySelectorAll("th[data-sort]")]);

const labels = {
  created: t("admin-col-created"),
  activity: t("admin-col-activity"),
  people: t("admin-col-people"),
  status: t("admin-col-status"),
};

const pages = pager({
  sizes: SIZES,
  label: t("admin-rooms-pages"),
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
byId("rooms-pager", HTMLElement).replaceWith(pages.el);

search.value = state.q;

function showSort() {
  for (const th of headers) {
    const col = th.dataset.sort;
    markSort(th, col === state.sort ? (state.dir === "asc" ? "ascending" : "descending") : "none");
  }
  sortSelect.value = `${state.sort}:${state.dir}`;
}

/**
 * @param {api.RoomSummary} room
 */
function row(room) {
  const name = room.name;
  const pills = [
    room.reserved && pill(t("admin-pill-reserved"), "reserved", "pill-reserved"),
    room.persistent && pill(t("admin-pill-persistent"), "persistent", "pill-persistent"),
    room.locked && pill(t("admin-pill-locked"), "locked", "pill-locked"),
    room.join_password && pill(t("admin-pill-password"), "password", "pill-password"),
  ].filter(Boolean);
  const join = h(
    "button",
    { type: "button", class: "btn btn-secondary btn-small", "data-testid": "row-join", "aria-label": t("admin-join-room-label", { room: name }) },
    icon("enter"),
    t("admin-action-join-short"),
  );
  join.addEventListener("click", () => joinAsChairman(name, join));
  const end = h(
    "button",
    {
      type: "button",
      class: "btn btn-ghost btn-small btn-danger-ghost",
      "data-testid": "row-end",
      "aria-label": t("admin-end-room-label", { room: name }),
    },
    t("admin-action-end"),
  );
  if (room.people === 0) {
    // Kept in place, invisible and out of reach, so that every row's buttons line up.
    end.classList.add("is-absent");
    end.disabled = true;
    end.setAttribute("aria-hidden", "true");
    end.tabIndex = -1;
  }
  end.addEventListener("click", async () => {
    if ((await endWithConfirmation(name, room.people)) !== null) load();
  });
  const del = h(
    "button",
    {
      type: "button",
      class: "btn btn-ghost btn-small btn-danger-ghost btn-icon",
      "data-testid": "row-delete",
      "aria-label": t("admin-delete-room-label", { room: name }),
      title: t("admin-action-delete"),
    },
    icon("trash"),
  );
  del.addEventListener("click", async () => {
    const disconnected = await deleteWithConfirmation(name, room.people);
    if (disconnected === null) return;
    notify(t("admin-deleted", { room: name, count: disconnected }));
    load();
  });
  return h(
    "tr",
    { "data-testid": "room-row", "data-room": name, "data-people": String(room.people) },
    h(
      "th",
      { scope: "row", class: "col-name" },
      h("a", { class: "room-link", href: `/admin/rooms/${encodeURIComponent(name)}`, "data-testid": "room-link", text: name }),
    ),
    h("td", { class: "col-date", "data-label": labels.created }, timeElement(room.created_at)),
    h("td", { class: "col-date", "data-label": labels.activity }, timeElement(room.last_activity)),
    h(
      "td",
      { class: "col-num", "data-label": labels.people },
      h("span", { class: room.people > 0 ? "people-now people-live" : "people-now", "data-testid": "room-people", text: formatNumber(room.people) }),
    ),
    h("td", { class: "col-status", "data-label": labels.status }, pills.length ? h("span", { class: "pills" }, pills) : h("span", { class: "muted", text: "—" })),
    h(
      "td",
      { class: "col-actions" },
      h(
        "div",
        { class: "row-actions" },
        join,
        h("a", { class: "btn btn-ghost btn-small", href: `/admin/rooms/${encodeURIComponent(name)}`, "data-testid": "row-open", "aria-label": t("admin-open-room-label", { room: name }), text: t("admin-action-open") }),
        end,
        del,
      ),
    ),
  );
}

let generation = 0;

async function load() {
  const mine = ++generation;
  showSort();
  saveState(state, DEFAULTS);
  table.setAttribute("aria-busy", "true");
  let list;
  try {
    list = await api.rooms(state);
  } catch (err) {
    if (mine !== generation) return;
    error.textContent = errorText(err);
    error.hidden = false;
    table.removeAttribute("aria-busy");
    return;
  }
  if (mine !== generation) return;
  error.hidden = true;
  const lastPage = Math.max(1, Math.ceil(list.total / list.per_page));
  if (list.total > 0 && state.page > lastPage) {
    // Fewer rooms than when the link was made: show the last page there is.
    state.page = lastPage;
    load();
    return;
  }
  replaceChildren(body, list.rooms.map(row));
  table.hidden = list.total === 0;
  empty.hidden = list.total > 0;
  if (list.total === 0) {
    emptyTitle.textContent = state.q ? t("admin-rooms-none-matching", { q: state.q }) : t("admin-rooms-none");
    emptyText.textContent = state.q ? t("admin-rooms-none-matching-hint") : t("admin-rooms-none-hint");
    clear.hidden = !state.q;
  }
  summary.textContent = state.q
    ? t("admin-rooms-matching", { count: list.total, q: state.q })
    : t("admin-rooms-total", { count: list.total });
  pages.update({ page: list.page, perPage: list.per_page, total: list.total });
  table.removeAttribute("aria-busy");
}

const searchNow = () => {
  const q = search.value.trim();
  if (q === state.q) return;
  state.q = q;
  state.page = 1;
  load();
};
search.addEventListener("input", debounce(searchNow, 300));
byId("rooms-filters", HTMLFormElement).addEventListener("submit", (ev) => {
  ev.preventDefault();
  searchNow();
});
clear.addEventListener("click", () => {
  search.value = "";
  searchNow();
  search.focus();
});

for (const th of headers) {
  const col = oneOf(new URLSearchParams({ s: th.dataset.sort ?? "" }), "s", SORTS, "name");
  th.querySelector("button")?.addEventListener("click", () => {
    state.dir = state.sort === col ? (state.dir === "asc" ? "desc" : "asc") : FIRST_DIR[col];
    state.sort = col;
    state.page = 1;
    load();
  });
}

sortSelect.addEventListener("change", () => {
  const [sort, dir] = sortSelect.value.split(":");
  state.sort = SORTS.find((s) => s === sort) ?? "name";
  state.dir = DIRS.find((d) => d === dir) ?? "asc";
  state.page = 1;
  load();
});

const flashed = takeFlash();
if (flashed) notify(flashed);
markReady();
await load();
