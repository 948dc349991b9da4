// One room (templates/admin/room.html): its facts and badges, the people in its meeting now (read again every
// 5 seconds), its settings as a form (every setting, persistent included; an administrator changes or removes an
// owner password without knowing it), and the actions: join as chairman, end the meeting, delete the room (back
// to the list, which says so).
//
// Hooks: [data-testid=room-page] (data-room); [data-testid=room-badges] with pills [data-testid=pill-*];
// [data-testid=room-facts]; [data-testid=room-join], [data-testid=room-end] (shown while people are in the
// meeting), [data-testid=room-delete]; [data-testid=participants-body] with [data-testid=participant-row]
// (data-participant-id, data-role, data-connected, data-audio, data-video, data-screen, data-hand):
// [data-testid=participant-name], [data-testid=participant-ip]; [data-testid=participants-empty],
// [data-testid=participants-count]. The form: [data-testid=setting-locked], [data-testid=setting-require-name],
// [data-testid=setting-max-members] (+ [data-testid=max-members-hint]), [data-testid=setting-join-password-on] +
// [data-testid=setting-join-password], [data-testid=setting-owner-password-on] + [data-testid=setting-owner-password]
// ([data-testid=common-name-note] when the name is too common to reserve), [data-testid=setting-persistent],
// [data-testid=setting-notify]; errors [data-testid=error-<field>] (max_members, join_password, owner_password,
// persistent, notify) and [data-testid=settings-error]; [data-testid=settings-save], [data-testid=settings-status].

import { byId, markReady } from "../ui/dom.js";
import * as api from "./api.js";
import { deleteWithConfirmation, endWithConfirmation, joinAsChairman } from "./actions.js";
import {
  ApiError,
  duration,
  errorText,
  flash,
  formatNumber,
  h,
  icon,
  notify,
  pill,
  replaceChildren,
  t,
  timeElement,
} from "./common.js";

const REFRESH_MS = 5000;
/** The server's limits on room passwords (http/rooms.rs). */
const JOIN_PASSWORD = { min: 4, max: 128 };
const OWNER_PASSWORD = { min: 8, max: 128 };
/** What the server accepts as a member limit when it sets none of its own. */
const NO_SERVER_CAP = 10_000;
const ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;

/** @typedef {"locked" | "require_name" | "max_members" | "join_password" | "owner_password" | "persistent" | "notify"} Field */

const pageEl = document.getElementById("room-page");
if (pageEl) main(pageEl.dataset.room ?? "");

/** @param {string} room */
function main(room) {
  const badges = byId("room-badges", HTMLElement);
  const facts = byId("room-facts", HTMLElement);
  const roomError = byId("room-error", HTMLElement);
  const joinButton = byId("room-join", HTMLButtonElement);
  const endButton = byId("room-end", HTMLButtonElement);
  const deleteButton = byId("room-delete", HTMLButtonElement);
  const table = /** @type {HTMLTableElement} */ (document.querySelector("[data-testid=participants-table]"));
  const tbody = byId("participants-body", HTMLTableSectionElement);
  const emptyPeople = byId("participants-empty", HTMLElement);
  const count = byId("participants-count", HTMLElement);

  const form = byId("settings-form", HTMLFormElement);
  const locked = byId("setting-locked", HTMLInputElement);
  const requireName = byId("setting-require-name", HTMLInputElement);
  const maxMembers = byId("setting-max-members", HTMLInputElement);
  const maxHint = byId("setting-max-members-hint", HTMLElement);
  const joinOn = byId("setting-join-password-on", HTMLInputElement);
  const joinState = byId("setting-join-password-state", HTMLElement);
  const joinField = byId("join-password-field", HTMLElement);
  const joinPassword = byId("setting-join-password", HTMLInputElement);
  const joinHint = byId("setting-join-password-hint", HTMLElement);
  const ownerOn = byId("setting-owner-password-on", HTMLInputElement);
  const ownerState = byId("setting-owner-password-state", HTMLElement);
  const ownerField = byId("owner-password-field", HTMLElement);
  const ownerPassword = byId("setting-owner-password", HTMLInputElement);
  const ownerHint = byId("setting-owner-password-hint", HTMLElement);
  const commonNote = byId("common-name-note", HTMLElement);
  const persistent = byId("setting-persistent", HTMLInputElement);
  const notifyList = byId("setting-notify", HTMLTextAreaElement);
  const settingsError = byId("settings-error", HTMLElement);
  const status = byId("settings-status", HTMLElement);
  const save = byId("settings-save", HTMLButtonElement);

  /** @type {Record<Field, {input: HTMLInputElement | HTMLTextAreaElement, error: HTMLElement | null}>} */
  const fields = {
    locked: { input: locked, error: null },
    require_name: { input: requireName, error: null },
    max_members: { input: maxMembers, error: byId("error-max_members", HTMLElement) },
    join_password: { input: joinPassword, error: byId("error-join_password", HTMLElement) },
    owner_password: { input: ownerPassword, error: byId("error-owner_password", HTMLElement) },
    persistent: { input: persistent, error: byId("error-persistent", HTMLElement) },
    notify: { input: notifyList, error: byId("error-notify", HTMLElement) },
  };

  /** What the form was last filled from: the changes are what differs from it. @type {api.RoomView | null} */
  let saved = null;
  let people = 0;
  /** Set once the room is being deleted from here: the refresh must not beat us to the 404. */
  let leaving = false;

  // ------------------------------------------------------------------------------------------ header

  /** @param {api.RoomView} view */
  function showHead(view) {
    const r = view.room;
    people = view.participants.length;
    replaceChildren(
      badges,
      people > 0 && pill(t("admin-pill-live", { count: people }), "live", "pill-live"),
      r.reserved && pill(t("admin-pill-reserved"), "reserved", "pill-reserved"),
      r.persistent && pill(t("admin-pill-persistent"), "persistent", "pill-persistent"),
      r.locked && pill(t("admin-pill-locked"), "locked", "pill-locked"),
      r.join_password && pill(t("admin-pill-password"), "password", "pill-password"),
      r.require_name && pill(t("admin-pill-name-required"), "neutral", "pill-name-required"),
    );
    replaceChildren(
      facts,
      h("span", {}, t("admin-fact-created"), " ", timeElement(r.created_at)),
      h("span", {}, t("admin-fact-activity"), " ", timeElement(r.last_activity)),
      h("span", {
        text: r.member_limit > 0 ? t("admin-fact-limit", { count: r.member_limit }) : t("admin-fact-no-limit"),
      }),
    );
    endButton.hidden = people === 0;
  }

  // ------------------------------------------------------------------------------------------ people

  /**
   * @param {string} iconName
   * @param {string} label
   * @param {boolean} on
   * @param {string} testid
   */
  const state = (iconName, label, on, testid) =>
    h("span", { class: on ? "media-state media-on" : "media-state media-off", role: "img", "aria-label": label, title: label, "data-testid": testid }, icon(iconName));

  /** @param {api.LiveParticipant} p */
  function personRow(p) {
    const name = p.name.trim();
    const initials = name ? [...name][0].toUpperCase() : "?";
    const media = h(
      "span",
      { class: "media-states" },
      state(p.audio ? "mic" : "mic-off", p.audio ? t("admin-media-mic-on") : t("admin-media-mic-off"), p.audio, "participant-mic"),
      state(p.video ? "cam" : "cam-off", p.video ? t("admin-media-cam-on") : t("admin-media-cam-off"), p.video, "participant-cam"),
      p.screen && state("screen-share", t("admin-media-screen"), true, "participant-screen"),
      p.hand && state("hand", t("admin-media-hand"), true, "participant-hand"),
    );
    const joinedFor = duration(Date.now() / 1000 - p.joined_at);
    return h(
      "tr",
      {
        "data-testid": "participant-row",
        "data-participant-id": p.id,
        "data-role": p.role,
        "data-connected": String(p.connected),
        "data-audio": String(p.audio),
        "data-video": String(p.video),
        "data-screen": String(p.screen),
        "data-hand": String(p.hand),
      },
      h(
        "th",
        { scope: "row", class: "person-cell" },
        h("span", { class: "avatar", "data-colour": String(p.colour), "aria-hidden": "true", text: initials }),
        h("span", { class: name ? "participant-name" : "participant-name muted", "data-testid": "participant-name", text: name || t("admin-participant-no-name") }),
      ),
      h(
        "td",
        { "data-label": t("admin-col-role") },
        p.role === "chairman" ? pill(t("admin-role-chairman"), "chair") : h("span", { class: "muted", text: t("admin-role-participant") }),
      ),
      h("td", { "data-label": t("admin-col-media") }, media),
      h(
        "td",
        { "data-label": t("admin-col-connection") },
        h("span", {
          class: p.connected ? "conn conn-ok" : "conn conn-lost",
          text: p.connected ? t("admin-connection-ok") : t("admin-connection-lost"),
        }),
      ),
      h("td", { "data-label": t("admin-col-address") }, h("code", { class: "address", "data-testid": "participant-ip", title: t("admin-session-ref", { session: p.session }), text: p.ip })),
      h(
        "td",
        { "data-label": t("admin-col-joined") },
        timeElement(p.joined_at),
        h("span", { class: "joined-for", text: t("admin-joined-for", { duration: joinedFor }) }),
      ),
    );
  }

  /** @param {api.LiveParticipant[]} list */
  function showPeople(list) {
    const sorted = [...list].sort(
      (a, b) => (a.role === b.role ? a.joined_at - b.joined_at : a.role === "chairman" ? -1 : 1),
    );
    replaceChildren(tbody, sorted.map(personRow));
    table.hidden = list.length === 0;
    emptyPeople.hidden = list.length > 0;
    count.textContent = formatNumber(list.length);
    table.removeAttribute("aria-busy");
  }

  // ------------------------------------------------------------------------------------------ settings

  function syncPasswordFields() {
    joinField.hidden = !joinOn.checked;
    ownerField.hidden = !ownerOn.checked;
    const joinWasSet = saved?.room.join_password ?? false;
    const ownerWasSet = saved?.room.reserved ?? false;
    joinState.textContent = joinWasSet
      ? joinOn.checked
        ? t("admin-setting-join-password-set")
        : t("admin-setting-password-will-remove")
      : t("admin-setting-join-password-hint");
    ownerState.textContent = ownerWasSet
      ? ownerOn.checked
        ? t("admin-setting-owner-password-set")
        : t("admin-setting-password-will-remove")
      : t("admin-setting-owner-password-hint");
    joinPassword.placeholder = joinWasSet ? t("admin-setting-password-keep") : "";
    ownerPassword.placeholder = ownerWasSet ? t("admin-setting-password-keep") : "";
    joinHint.textContent = t("admin-setting-password-length", { min: JOIN_PASSWORD.min, max: JOIN_PASSWORD.max });
    ownerHint.textContent = t("admin-setting-password-length", { min: OWNER_PASSWORD.min, max: OWNER_PASSWORD.max });
  }

  /** The largest member limit the server accepts for this room. */
  const cap = () => (saved && saved.max_members_limit > 0 ? saved.max_members_limit : NO_SERVER_CAP);

  /** @param {api.RoomView} view */
  function fillForm(view) {
    saved = view;
    const r = view.room;
    locked.checked = r.locked;
    requireName.checked = r.require_name;
    maxMembers.value = String(r.max_members);
    maxMembers.max = String(cap());
    maxHint.textContent = [
      view.max_members_limit > 0
        ? t("admin-setting-max-members-hint-capped", { max: view.max_members_limit })
        : t("admin-setting-max-members-hint"),
      r.member_limit > 0 ? t("admin-setting-member-limit-now", { count: r.member_limit }) : t("admin-setting-member-limit-none"),
    ].join(" ");
    joinOn.checked = r.join_password;
    ownerOn.checked = r.reserved;
    // A name too common to reserve: an owner password cannot be set (one already there can still go).
    ownerOn.disabled = r.common_name && !r.reserved;
    commonNote.hidden = !r.common_name;
    joinPassword.value = "";
    ownerPassword.value = "";
    persistent.checked = r.persistent;
    notifyList.value = r.notify.join("\n");
    syncPasswordFields();
    form.removeAttribute("aria-busy");
  }

  function clearErrors() {
    settingsError.hidden = true;
    for (const { input, error } of Object.values(fields)) {
      input.removeAttribute("aria-invalid");
      if (error) error.hidden = true;
    }
  }

  /**
   * @param {Field | null} field
   * @param {string} text
   */
  function fieldError(field, text) {
    const f = field ? fields[field] : null;
    if (f?.error) {
      f.error.textContent = text;
      f.error.hidden = false;
      f.input.setAttribute("aria-invalid", "true");
    } else {
      settingsError.textContent = text;
      settingsError.hidden = false;
    }
  }

  /** @param {string} text */
  const lines = (text) =>
    text
      .split(/[\n,;]+/u)
      .map((s) => s.trim())
      .filter(Boolean);

  /**
   * The changes the form holds, checked; null (with the errors shown) when something is wrong.
   * @returns {api.RoomPatch | null}
   */
  function changes() {
    if (!saved) return null;
    const r = saved.room;
    /** @type {api.RoomPatch} */
    const patch = {};
    /** @type {Field[]} */
    const wrong = [];
    if (locked.checked !== r.locked) patch.locked = locked.checked;
    if (requireName.checked !== r.require_name) patch.require_name = requireName.checked;
    if (persistent.checked !== r.persistent) patch.persistent = persistent.checked;
    const raw = maxMembers.value.trim();
    const max = raw === "" ? 0 : Number(raw);
    if (!Number.isInteger(max) || max < 0 || max > cap()) {
      fieldError("max_members", t("admin-setting-max-members-range", { max: cap() }));
      wrong.push("max_members");
    } else if (max !== r.max_members) {
      patch.max_members = max;
    }
    /**
     * @param {"join_password" | "owner_password"} field
     * @param {HTMLInputElement} on
     * @param {HTMLInputElement} input
     * @param {boolean} wasSet
     * @param {{min: number, max: number}} limits
     */
    const password = (field, on, input, wasSet, limits) => {
      const value = input.value;
      if (!on.checked) {
        if (wasSet) patch[field] = null;
        return;
      }
      if (!value) {
        if (!wasSet) {
          fieldError(field, t("admin-setting-password-missing"));
          wrong.push(field);
        }
        return;
      }
      const n = [...value].length;
      if (n < limits.min || n > limits.max) {
        fieldError(field, t("admin-setting-password-length", { min: limits.min, max: limits.max }));
        wrong.push(field);
        return;
      }
      patch[field] = value;
    };
    password("join_password", joinOn, joinPassword, r.join_password, JOIN_PASSWORD);
    password("owner_password", ownerOn, ownerPassword, r.reserved, OWNER_PASSWORD);
    const addresses = lines(notifyList.value);
    const bad = addresses.find((a) => !ADDRESS.test(a));
    if (bad) {
      fieldError("notify", t("admin-setting-notify-invalid", { address: bad }));
      wrong.push("notify");
    } else if (addresses.join("\n").toLowerCase() !== r.notify.join("\n").toLowerCase()) {
      patch.notify = addresses;
    }
    if (wrong.length > 0) {
      fields[wrong[0]].input.focus();
      return null;
    }
    return patch;
  }

  joinOn.addEventListener("change", () => {
    syncPasswordFields();
    if (joinOn.checked) joinPassword.focus();
  });
  ownerOn.addEventListener("change", () => {
    syncPasswordFields();
    if (ownerOn.checked) ownerPassword.focus();
  });
  form.addEventListener("input", () => {
    status.textContent = "";
  });

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (save.disabled) return;
    clearErrors();
    status.textContent = "";
    const patch = changes();
    if (!patch) return;
    if (Object.keys(patch).length === 0) {
      status.textContent = t("admin-settings-unchanged");
      return;
    }
    save.disabled = true;
    save.setAttribute("aria-busy", "true");
    try {
      await api.updateRoom(room, patch);
      const view = await api.room(room);
      fillForm(view);
      showHead(view);
      showPeople(view.participants);
      status.textContent = t("admin-settings-saved");
    } catch (err) {
      const field = err instanceof ApiError && typeof err.body?.field === "string" ? err.body.field : null;
      /** @type {Field | null} */
      const known = field && field in fields ? /** @type {Field} */ (field) : null;
      fieldError(known, errorText(err));
      if (known) fields[known].input.focus();
    } finally {
      save.disabled = false;
      save.removeAttribute("aria-busy");
    }
  });

  // ------------------------------------------------------------------------------------------ actions

  joinButton.addEventListener("click", () => joinAsChairman(room, joinButton));
  endButton.addEventListener("click", async () => {
    if ((await endWithConfirmation(room, people)) !== null) refresh();
  });
  deleteButton.addEventListener("click", async () => {
    leaving = true;
    const disconnected = await deleteWithConfirmation(room, people);
    if (disconnected === null) {
      leaving = false;
      return;
    }
    flash(t("admin-deleted", { room, count: disconnected }));
    location.assign("/admin/rooms");
  });

  // ------------------------------------------------------------------------------------------ refresh

  let busy = false;
  /** @param {boolean} [first] */
  async function refresh(first = false) {
    if (busy || leaving) return;
    busy = true;
    try {
      const view = await api.room(room);
      if (first) fillForm(view);
      showHead(view);
      showPeople(view.participants);
      roomError.hidden = true;
    } catch (err) {
      if (leaving) return;
      if (err instanceof ApiError && err.status === 404) {
        // Deleted meanwhile (by someone else, or the inactivity job): the server's page says so.
        location.reload();
        return;
      }
      roomError.textContent = errorText(err);
      roomError.hidden = false;
    } finally {
      busy = false;
    }
  }

  refresh(true);
  setInterval(() => {
    if (document.visibilityState === "visible") refresh();
  }, REFRESH_MS);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") refresh();
  });
}

markReady();
