// Toasts: short notices at the bottom of the screen, read out by screen readers (polite), errors assertively.

import { h } from "./dom.js";
import { icon } from "./icons.js";
import { t } from "./i18n.js";

const MAX_TOASTS = 4;

export class Toaster {
  /** Every notice shown, oldest first (the last 100), for tests and debugging. @type {{text: string, kind: string, at: number}[]} */
  history = [];

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
    this.history.push({ text, kind, at: Date.now() });
    if (this.history.length > 100) this.history.shift();
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

// ---- what the notices say about moderation and room settings

/** @typedef {import('../lib/protocol').ParticipantRef} ParticipantRef */
/** @typedef {import('../lib/protocol').ModerationNotice} ModerationNotice */
/** @typedef {import('../lib/protocol').RoomSettingsView} RoomSettingsView */

/** @param {ParticipantRef} ref */
function nameOf(ref) {
  return ref.name || t("guest");
}

/**
 * The notice for a chairman's action, from where we stand: "Ana muted Bob", "Ana muted you", "You muted Bob".
 * @param {{action: ModerationNotice, by: ParticipantRef, target?: ParticipantRef}} m
 * @param {string | null} selfId
 * @returns {string | null}
 */
export function moderationText(m, selfId) {
  const byMe = m.by.id === selfId;
  const toMe = m.target?.id === selfId;
  const vars = { name: nameOf(m.by), target: m.target ? nameOf(m.target) : "" };
  const key = {
    muted: "muted",
    video_stopped: "video-stopped",
    muted_all: "muted-all",
    kicked: "kicked",
    promoted: "promoted",
    hand_lowered: "hand-lowered",
  }[m.action];
  if (!key) return null;
  if (m.action === "muted_all") return t(byMe ? "mod-muted-all-by-you" : "mod-muted-all", vars);
  if (byMe) return t(`mod-${key}-by-you`, vars);
  if (toMe) return t(`mod-${key}-you`, vars);
  return t(`mod-${key}`, vars);
}

/**
 * The notices for a settings change, one per setting that changed ("Ana locked the meeting"…). `previous` is what
 * the settings were before (to tell a new password from a changed one). Changes to who is notified are only
 * news for chairmen.
 * @param {{settings: RoomSettingsView, by?: ParticipantRef, changed: string[]}} m
 * @param {RoomSettingsView | null} previous
 * @param {string | null} selfId
 * @param {boolean} chairman
 * @returns {string[]}
 */
export function settingsTexts(m, previous, selfId, chairman) {
  const s = m.settings;
  const who = !m.by ? "anon" : m.by.id === selfId ? "you" : "by";
  const name = m.by ? nameOf(m.by) : "";
  /**
   * @param {string} key
   * @param {Record<string, string | number>} [vars]
   */
  const say = (key, vars = {}) => t(`set-${key}-${who}`, { name, ...vars });
  /**
   * @param {"join_password" | "owner_password"} field
   * @param {string} key
   */
  const password = (field, key) => {
    if (!s[field]) return say(`${key}-removed`);
    return previous?.[field] ? say(`${key}-changed`) : say(`${key}-set`);
  };
  /** @type {string[]} */
  const out = [];
  let unknown = false;
  for (const field of m.changed) {
    switch (field) {
      case "locked":
        out.push(say(s.locked ? "locked" : "unlocked"));
        break;
      case "require_name":
        out.push(say(s.require_name ? "name-required" : "name-optional"));
        break;
      case "join_password":
        out.push(password("join_password", "join-password"));
        break;
      case "owner_password":
        out.push(password("owner_password", "owner-password"));
        break;
      case "max_members":
        out.push(s.max_members > 0 ? say("max-members", { count: s.max_members }) : say("max-members-none"));
        break;
      case "notify":
        if (chairman) out.push(say("notify"));
        break;
      case "member_limit":
      case "common_name":
        break; // follow from other changes (or the server's configuration): not news
      default:
        unknown = true;
    }
  }
  if (unknown && out.length === 0) out.push(say("other"));
  return out;
}
