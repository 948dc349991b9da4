// What the stage shows when a meeting ends for good: removed by a chairman, sent away by an administrator
// (meeting ended, room deleted), or a session the server refused (room gone, replaced by another tab…). Cards
// with the reason and the way on; no reconnection.
//
// Hooks: [data-testid=kicked] (with [data-testid=kicked-ban], [data-testid=kicked-home]),
// [data-testid=ended] (data-reason "ended" | "deleted"; with [data-testid=ended-home], and
// [data-testid=ended-rejoin] after "ended" or [data-testid=ended-new-room] after "deleted") and
// [data-testid=fatal-error] (data-code).

import { h } from "./dom.js";
import { icon } from "./icons.js";
import { t } from "./i18n.js";

/** Codes with words of their own; others get the generic card. */
const KNOWN = new Set(["room_not_found", "room_full", "invalid_name", "invalid_room_name", "unsupported_protocol", "replaced"]);

/**
 * Removed by a chairman: who, for how long, and the way home (or back, when there is no ban).
 * @param {{by: {name: string}, ban_seconds: number} | null} kicked
 * @param {string} room
 * @returns {{card: HTMLElement, focus: HTMLElement}}
 */
export function kickedCard(kicked, room) {
  const name = kicked?.by.name || t("guest");
  const ban = kicked?.ban_seconds ?? 0;
  const home = h("a", { class: "btn btn-primary", href: "/", "data-testid": "kicked-home", text: t("go-home") });
  const card = h(
    "section",
    { class: "card fatal", role: "alert", "data-testid": "kicked", "aria-labelledby": "kicked-title" },
    icon("remove", "fatal-icon"),
    h("h1", { id: "kicked-title", text: kicked ? t("kicked-title", { name }) : t("kicked-title-anon") }),
    ban > 0
      ? h("p", { "data-testid": "kicked-ban", text: t("kicked-ban", { count: Math.ceil(ban / 60) }) })
      : h("p", { text: t("kicked-no-ban") }),
    h(
      "div",
      { class: "card-actions" },
      home,
      ban > 0 ? null : h("a", { class: "btn btn-ghost", href: `/${encodeURIComponent(room)}`, text: t("kicked-rejoin") }),
    ),
  );
  return { card, focus: home };
}

/**
 * An administrator ended the meeting (the room stays: the way back in is offered) or deleted the room (the way
 * to make another is).
 * @param {import('../lib/protocol').EndReason} reason
 * @param {string} room
 * @returns {{card: HTMLElement, focus: HTMLElement}}
 */
export function endedCard(reason, room) {
  const deleted = reason === "deleted";
  const home = h("a", { class: "btn btn-ghost", href: "/", "data-testid": "ended-home", text: t("go-home") });
  const onward = deleted
    ? h("a", { class: "btn btn-primary", href: "/", "data-testid": "ended-new-room", text: t("deleted-new-room") })
    : h("a", {
        class: "btn btn-primary",
        href: `/${encodeURIComponent(room)}`,
        "data-testid": "ended-rejoin",
        text: t("ended-rejoin"),
      });
  const card = h(
    "section",
    { class: "card fatal", role: "alert", "data-testid": "ended", "data-reason": reason, "aria-labelledby": "ended-title" },
    icon(deleted ? "close" : "leave", "fatal-icon"),
    h("h1", { id: "ended-title", text: t(deleted ? "deleted-title" : "ended-title") }),
    h("p", { text: t(deleted ? "deleted-body" : "ended-body") }),
    h("div", { class: "card-actions" }, onward, home),
  );
  return { card, focus: onward };
}

/**
 * A session the server ended for good.
 * @param {string} code
 * @param {string | undefined} message The server's words (English), shown only where we have none of ours.
 * @param {string} room
 */
export function fatalCard(code, message, room) {
  const key = KNOWN.has(code) ? code.replace(/_/g, "-") : "generic";
  return h(
    "section",
    { class: "card fatal", role: "alert", "data-testid": "fatal-error", "data-code": code },
    icon("alert", "fatal-icon"),
    h("h1", { text: t(`fatal-${key}-title`) }),
    h("p", { text: t(`fatal-${key}-body`) }),
    key === "generic" && message ? h("p", { class: "fatal-detail", text: message }) : null,
    h(
      "div",
      { class: "card-actions" },
      h("a", { class: "btn btn-primary", href: `/${encodeURIComponent(room)}`, text: t("fatal-retry") }),
      h("a", { class: "btn btn-ghost", href: "/", text: t("go-home") }),
    ),
  );
}
