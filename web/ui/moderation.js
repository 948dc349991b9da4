// The chairman's side of a meeting and what it does to the others: actions from the people panel (with the
// kick confirmation), mute everyone, lock, room settings, claiming the chair with the owner password; and on the
// receiving end, moderation notices (stop sending when a chairman switched us off) and request cards ("Ana asks
// you to unmute": only our own click turns anything on). The server decides; this only asks and shows.

import { t } from "./i18n.js";
import { moderationText } from "./toast.js";
import { confirmDialog, passwordDialog, requestCard } from "./dialogs.js";
import { openRoomSettings, settingsErrorText } from "./roomsettings.js";
import { getRoom, patchRoom, authRoom, ApiError } from "../lib/api.js";

/** @typedef {import('../lib/protocol').ParticipantInfo} ParticipantInfo */
/** @typedef {import('../lib/protocol').ParticipantRef} ParticipantRef */
/** @typedef {import('../lib/protocol').RoomSettingsView} RoomSettingsView */
/** @typedef {import('../lib/protocol').ModerationAction} ModerationAction */
/** @typedef {import('../lib/protocol').ModerationNotice} ModerationNotice */
/** @typedef {import('../lib/protocol').RequestKind} RequestKind */
/** @typedef {import('../lib/protocol').Role} Role */

/**
 * What moderation needs of the meeting.
 * @typedef {object} ModerationHost
 * @property {string} room
 * @property {import('../lib/signalling.js').Signalling} signalling
 * @property {import('./toast.js').Toaster} toaster
 * @property {import('../lib/media.js').LocalMedia} media
 * @property {RoomSettingsView | null} settings
 * @property {Role} role
 * @property {(on: boolean) => Promise<void>} setMic
 * @property {(on: boolean) => Promise<void>} setCam
 * @property {() => void} renderPeople
 * @property {() => void} renderSettings
 */

export class Moderation {
  /** A lock change is on its way (the people panel's button waits). */
  lockBusy = false;
  /** The last kick or promotion we asked for, to explain the server's refusal of it. @type {{action: ModerationAction, name: string, at: number} | null} */
  #lastModeration = null;
  /** Open request cards by kind. @type {Map<RequestKind, {close: () => void}>} */
  #requests = new Map();
  #host;

  /** @param {ModerationHost} host */
  constructor(host) {
    this.#host = host;
  }

  /**
   * A chairman acted (on us, someone else or everyone).
   * @param {{action: ModerationNotice, by: ParticipantRef, target?: ParticipantRef}} m
   */
  onModerated(m) {
    const host = this.#host;
    const me = host.signalling.id;
    if (m.by.id === me) this.#lastModeration = null; // done, not refused
    const text = moderationText(m, me);
    if (text) host.toaster.show(text);
    // The server has switched us off already (participant_updated): stop sending, the same way as our own button.
    if ((m.action === "muted" && m.target?.id === me) || (m.action === "muted_all" && m.by.id !== me)) {
      if (host.media.micOn) host.setMic(false);
      this.closeRequest("unmute");
    }
    if (m.action === "video_stopped" && m.target?.id === me) {
      if (host.media.camOn) host.setCam(false);
      this.closeRequest("video");
    }
  }

  /**
   * A chairman asks us to turn something on: a card with a button; only our click does it.
   * @param {RequestKind} kind
   * @param {ParticipantRef} by
   */
  onRequest(kind, by) {
    const host = this.#host;
    if (kind === "unmute" ? host.media.sendingAudio : host.media.sendingVideo) return;
    this.closeRequest(kind);
    const name = by.name || t("guest");
    const card = requestCard({
      testid: kind === "unmute" ? "request-unmute" : "request-video",
      text: t(kind === "unmute" ? "request-unmute" : "request-video", { name }),
      acceptLabel: t(kind === "unmute" ? "request-unmute-accept" : "request-video-accept"),
      acceptIcon: kind === "unmute" ? "mic" : "cam",
      onAccept: () => {
        if (kind === "unmute") host.setMic(true);
        else host.setCam(true);
      },
    });
    this.#requests.set(kind, card);
    card.el.addEventListener("close", () => {
      if (this.#requests.get(kind) === card) this.#requests.delete(kind);
    });
  }

  /** @param {RequestKind} kind */
  closeRequest(kind) {
    this.#requests.get(kind)?.close();
  }

  closeAll() {
    for (const request of this.#requests.values()) request.close();
    this.#requests.clear();
  }

  /**
   * A chairman's action from the people panel.
   * @param {ModerationAction} action
   * @param {ParticipantInfo} info
   */
  async moderate(action, info) {
    const host = this.#host;
    const name = info.name || t("guest");
    if (action === "kick") {
      const ok = await confirmDialog({
        title: t("kick-confirm-title", { name }),
        text: t("kick-confirm-body", { name }),
        confirmLabel: t("kick-confirm-ok"),
        danger: true,
      });
      if (!ok) return;
    }
    if (!host.signalling.moderate(action, info.id)) {
      host.toaster.show(t("toast-not-connected"), { kind: "error" });
    } else if (action === "kick" || action === "promote") {
      this.#lastModeration = { action, name, at: performance.now() };
    } else if (action === "ask_unmute" || action === "ask_video") {
      host.toaster.show(t(action === "ask_unmute" ? "toast-asked-unmute" : "toast-asked-video", { name }));
    }
  }

  /**
   * Words for a `not_allowed` refusal. To a participant: only chairmen may. To a chairman, the server refuses a
   * kick or a promotion of their own other window (same browser session, another tab).
   */
  notAllowedText() {
    if (this.#host.role !== "chairman") return t("toast-not-allowed");
    const last = this.#lastModeration;
    this.#lastModeration = null;
    if (last && performance.now() - last.at < 10_000) {
      return t(last.action === "kick" ? "toast-not-allowed-self-kick" : "toast-not-allowed-self", { name: last.name });
    }
    return t("toast-not-allowed-chairman");
  }

  muteAll() {
    if (!this.#host.signalling.muteAll()) this.#host.toaster.show(t("toast-not-connected"), { kind: "error" });
  }

  async toggleLock() {
    const host = this.#host;
    if (this.lockBusy) return;
    const locked = !host.settings?.locked;
    this.lockBusy = true;
    host.renderPeople();
    try {
      const saved = await patchRoom(host.room, { locked });
      // The room_settings broadcast says it to everyone (us included); this makes the button right at once.
      if (host.settings) host.settings = { ...host.settings, locked: saved.settings.locked };
    } catch (err) {
      host.toaster.show(settingsErrorText(err), { kind: "error" });
    } finally {
      this.lockBusy = false;
      host.renderSettings();
    }
  }

  async openRoomSettings() {
    const host = this.#host;
    let status;
    try {
      status = await getRoom(host.room);
    } catch (err) {
      host.toaster.show(apiErrorText(err), { kind: "error" });
      return;
    }
    if (status.role !== "chairman") {
      host.toaster.show(t("toast-not-allowed"), { kind: "error" });
      return;
    }
    const saved = await openRoomSettings(host.room, status);
    if (saved) {
      if (host.settings) host.settings = saved.settings;
      host.renderSettings();
      host.toaster.show(t("rs-saved"), { kind: "success" });
    }
  }

  /** Claims the chair of a reserved room with its owner password; the server then announces our new role. */
  async claimChair() {
    const room = this.#host.room;
    await passwordDialog({
      testid: "claim-dialog",
      title: t("claim-title"),
      text: t("claim-body"),
      label: t("claim-label"),
      submitLabel: t("claim-submit"),
      submit: async (password) => {
        try {
          const { role } = await authRoom(room, password);
          return role === "chairman" ? null : t("claim-not-owner");
        } catch (err) {
          // A locked room answers "locked" to any password but the owner's.
          if (err instanceof ApiError && (err.code === "wrong_password" || err.code === "locked")) {
            return t("claim-not-owner");
          }
          return apiErrorText(err);
        }
      },
    });
  }
}

/**
 * What to tell the user about a failed API call.
 * @param {unknown} err
 */
export function apiErrorText(err) {
  if (err instanceof ApiError) {
    switch (err.code) {
      case "not_allowed":
        return t("toast-not-allowed");
      case "too_many_attempts":
        return err.retryAfter !== null
          ? t("password-too-many", { count: err.retryAfter })
          : t("password-too-many-later");
      case "rate_limited":
        return t("error-rate-limited");
      case "busy":
        return t("error-busy");
      case "network":
        return t("error-network");
      case "locked":
        return t("password-locked");
      case "banned":
        return t("prejoin-banned-now");
      default:
        return err.message || t("error-generic", { code: err.code });
    }
  }
  return t("error-generic", { code: String(err) });
}
