// The people panel: everyone in the meeting with their microphone, camera and connection state and a chairman
// badge; for chairmen, an actions menu on each other person and the room's controls (mute everyone, lock, room
// settings); for others in a reserved room, "Claim the chair". A side panel on wide screens, a full-width sheet
// on a phone (CSS). Rows are kept between renders, so focus stays on the button it was on. People with a raised
// hand come first, in the order their hands went up (as this page saw them), with a hand icon on their row; a
// chairman can lower someone's hand from their actions menu.
//
// Hooks: #people-panel [data-testid=people-panel]; [data-testid=people-list] with one [data-testid=person] per
// person (`data-participant-id`, `data-self`, `data-role`, `data-hand`), inside: [data-testid=person-name],
// [data-testid=chairman-badge], [data-testid=person-hand] (shown while the hand is up), [data-testid=person-actions]
// (chairmen only; opens [data-testid=person-menu] whose items have `data-action` = lower_hand, mute, stop_video,
// ask_unmute, ask_video, promote, kick); header:
// [data-testid=mute-all], [data-testid=lock-toggle] (`data-state` locked / unlocked), [data-testid=room-settings],
// [data-testid=invite-open] (invite by e-mail: chairmen, on a server that sends mail), [data-testid=claim-chair],
// [data-testid=locked-note].

import { paintColour } from "./tile.js";
import { h, replaceChildren } from "./dom.js";
import { icon } from "./icons.js";
import { t } from "./i18n.js";
import { Menu } from "./menu.js";

/** @typedef {import('../lib/protocol').ParticipantInfo} ParticipantInfo */
/** @typedef {import('../lib/protocol').RoomSettingsView} RoomSettingsView */
/** @typedef {import('../lib/protocol').ModerationAction} ModerationAction */
/** @typedef {import('./menu.js').MenuItem} MenuItem */

/**
 * @typedef {object} PeopleHandlers
 * @property {(action: ModerationAction, info: ParticipantInfo) => void} onAction
 * @property {() => void} onMuteAll
 * @property {() => void} onToggleLock
 * @property {() => void} onRoomSettings
 * @property {() => void} [onInvite]
 * @property {() => void} onClaim
 * @property {() => void} onClose
 */

/**
 * @typedef {object} Row
 * @property {HTMLLIElement} li
 * @property {HTMLElement} name
 * @property {HTMLElement} badge
 * @property {HTMLElement} status
 * @property {HTMLElement} hand
 * @property {HTMLElement} mic
 * @property {HTMLElement} cam
 * @property {HTMLButtonElement} actions
 * @property {ParticipantInfo} info
 */

/** @param {ParticipantInfo} info */
function display(info) {
  return info.name || t("guest");
}

export class PeoplePanel {
  /** @type {Map<string, Row>} */
  #rows = new Map();
  #handlers;
  /** @type {string | null} */
  #selfId = null;
  #chairman = false;
  #locked = false;
  #busyLock = false;
  /** When each raised hand was first seen up here (a counter: the order of raising). @type {Map<string, number>} */
  #hands = new Map();
  #handCount = 0;

  /** @param {PeopleHandlers} handlers */
  constructor(handlers) {
    this.#handlers = handlers;
    this.menu = new Menu({ testid: "person-menu", label: t("people-actions-menu") });
    this.list = h("ul", { class: "people-list", "data-testid": "people-list", "aria-labelledby": "people-title" });

    this.muteAll = headerButton("mute-all", t("people-mute-all"), "mic-off", () => handlers.onMuteAll());
    this.lockButton = headerButton("lock-toggle", t("people-lock"), "lock", () => handlers.onToggleLock());
    this.settingsButton = headerButton("room-settings", t("people-room-settings"), "settings", () =>
      handlers.onRoomSettings(),
    );
    this.inviteButton = headerButton("invite-open", t("invite-open"), "mail", () => handlers.onInvite?.());
    this.inviteButton.classList.add("tool-chip-wide");
    this.inviteButton.setAttribute("aria-haspopup", "dialog");
    this.inviteButton.hidden = true;
    this.chairTools = h(
      "div",
      { class: "panel-tools", role: "group", "aria-label": t("people-chair-tools") },
      this.muteAll,
      this.lockButton,
      this.settingsButton,
      this.inviteButton,
    );
    this.claimButton = headerButton("claim-chair", t("people-claim-chair"), "key", () => handlers.onClaim());
    this.claimTools = h("div", { class: "panel-tools" }, this.claimButton);
    this.lockedNote = h(
      "p",
      { class: "panel-note", "data-testid": "locked-note", hidden: true },
      icon("lock"),
      h("span", { text: t("people-locked-note") }),
    );
    this.title = h("h2", { id: "people-title", text: t("people-title") });

    this.el = h(
      "aside",
      { id: "people-panel", class: "side-panel", "data-testid": "people-panel", hidden: true, "aria-labelledby": "people-title" },
      h(
        "div",
        { class: "side-panel-head" },
        this.title,
        h(
          "button",
          {
            type: "button",
            class: "icon-btn",
            "data-testid": "people-close",
            "aria-label": t("people-close"),
            title: t("people-close"),
            onclick: () => handlers.onClose(),
          },
          icon("close"),
        ),
      ),
      this.chairTools,
      this.claimTools,
      this.lockedNote,
      this.list,
    );
    this.el.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape" && !this.menu.isOpen) {
        ev.preventDefault();
        handlers.onClose();
      }
    });
  }

  get open() {
    return !this.el.hidden;
  }

  /**
   * Shows everyone: raised hands first (in the order they went up), then `self`, then the others in the order given.
   * `mail`: the server sends mail (a chairman may invite by e-mail).
   * @param {{self: ParticipantInfo | null, others: ParticipantInfo[], settings: RoomSettingsView | null, lockBusy?: boolean, mail?: boolean}} state
   */
  update({ self, others, settings, lockBusy, mail }) {
    const chairman = self?.role === "chairman";
    this.#selfId = self?.id ?? null;
    this.#chairman = chairman;
    this.#locked = !!settings?.locked;
    this.#busyLock = !!lockBusy;
    this.el.dataset.role = chairman ? "chairman" : "participant";

    this.chairTools.hidden = !chairman;
    this.inviteButton.hidden = !(chairman && mail);
    this.claimTools.hidden = chairman || !settings?.owner_password;
    const lockLabel = this.#locked ? t("people-unlock") : t("people-lock");
    this.lockButton.dataset.state = this.#locked ? "locked" : "unlocked";
    this.lockButton.setAttribute("aria-pressed", String(this.#locked));
    this.lockButton.disabled = this.#busyLock;
    replaceChildren(this.lockButton, icon(this.#locked ? "unlock" : "lock"), h("span", { text: lockLabel }));
    this.muteAll.disabled = !others.some((o) => o.audio);
    this.lockedNote.hidden = !this.#locked;

    const everyone = self ? [self, ...others] : others;
    for (const info of everyone) {
      if (!info.hand) this.#hands.delete(info.id);
      else if (!this.#hands.has(info.id)) this.#hands.set(info.id, this.#handCount++);
    }
    for (const id of this.#hands.keys()) if (!everyone.some((p) => p.id === id)) this.#hands.delete(id);
    const raised = everyone.filter((p) => p.hand).sort((a, b) => (this.#hands.get(a.id) ?? 0) - (this.#hands.get(b.id) ?? 0));
    const ordered = [...raised, ...everyone.filter((p) => !p.hand)];
    const seen = new Set();
    ordered.forEach((info, i) => {
      seen.add(info.id);
      const row = this.#row(info);
      this.#fill(row, info);
      if (this.list.children[i] !== row.li) this.list.insertBefore(row.li, this.list.children[i] ?? null);
    });
    for (const [id, row] of this.#rows) {
      if (seen.has(id)) continue;
      if (this.menu.anchor === row.actions) this.menu.close(false);
      row.li.remove();
      this.#rows.delete(id);
    }
    this.title.textContent = t("people-title-count", { count: everyone.length });
    // The open menu follows the state of its person (an action that no longer applies disappears).
    const anchor = this.menu.anchor;
    if (anchor) {
      const row = [...this.#rows.values()].find((r) => r.actions === anchor);
      if (!row || row.actions.hidden || row.actions.classList.contains("is-placeholder")) this.menu.close(false);
    }
  }

  /** @param {ParticipantInfo} info */
  #row(info) {
    const existing = this.#rows.get(info.id);
    if (existing) return existing;
    const name = h("span", { class: "person-name", "data-testid": "person-name" });
    const badge = h("span", { class: "badge badge-chair", "data-testid": "chairman-badge", text: t("people-chairman") });
    const status = h("span", { class: "person-status", text: t("tile-reconnecting") });
    const hand = h(
      "span",
      { class: "person-state person-hand", role: "img", "data-testid": "person-hand", "aria-label": t("tile-hand-raised"), title: t("tile-hand-raised"), hidden: true },
      icon("hand"),
    );
    const mic = h("span", { class: "person-state", role: "img" });
    const cam = h("span", { class: "person-state", role: "img" });
    const actions = h(
      "button",
      { type: "button", class: "icon-btn person-actions", "data-testid": "person-actions" },
      icon("more"),
    );
    /** @type {Row} */
    const row = {
      li: h(
        "li",
        { class: "person", "data-testid": "person" },
        h("span", { class: "person-main" }, name, h("span", { class: "person-sub" }, badge, status)),
        h("span", { class: "person-icons" }, hand, mic, cam),
        actions,
      ),
      name,
      badge,
      status,
      hand,
      mic,
      cam,
      actions,
      info,
    };
    this.menu.attach(actions, () => this.#items(row.info));
    this.#rows.set(info.id, row);
    return row;
  }

  /**
   * @param {Row} row
   * @param {ParticipantInfo} info
   */
  #fill(row, info) {
    row.info = info;
    const self = info.id === this.#selfId;
    const li = row.li;
    li.dataset.participantId = info.id;
    li.dataset.self = String(self);
    li.dataset.role = info.role;
    li.dataset.audio = info.audio ? "on" : "off";
    li.dataset.video = info.video ? "on" : "off";
    li.dataset.connected = String(info.connected);
    li.dataset.hand = String(!!info.hand);
    paintColour(li, info.colour);
    row.hand.hidden = !info.hand;
    li.classList.toggle("person-away", !info.connected);
    const label = self ? t("people-you", { name: display(info) }) : display(info);
    if (row.name.textContent !== label) row.name.textContent = label;
    row.name.title = label;
    row.badge.hidden = info.role !== "chairman";
    row.status.hidden = info.connected;
    setState(row.mic, info.audio ? "mic" : "mic-off", info.audio ? t("tile-mic-on") : t("tile-mic-off"), !info.audio);
    setState(row.cam, info.video ? "cam" : "cam-off", info.video ? t("tile-cam-on") : t("tile-cam-off"), !info.video);
    // Chairmen see an actions button on everyone else; their own row keeps the space (aligned icons).
    row.actions.hidden = !this.#chairman;
    row.actions.classList.toggle("is-placeholder", self);
    const actionsLabel = t("people-actions", { name: display(info) });
    row.actions.setAttribute("aria-label", actionsLabel);
    row.actions.title = actionsLabel;
  }

  /**
   * What a chairman may do to this person now.
   * @param {ParticipantInfo} info
   * @returns {MenuItem[]}
   */
  #items(info) {
    const act = (/** @type {ModerationAction} */ action) => () => this.#handlers.onAction(action, info);
    /** @type {MenuItem[]} */
    const items = [];
    if (info.hand) items.push({ id: "lower_hand", label: t("action-lower-hand"), icon: "hand", run: act("lower_hand") });
    if (info.audio) items.push({ id: "mute", label: t("action-mute"), icon: "mic-off", run: act("mute") });
    else items.push({ id: "ask_unmute", label: t("action-ask-unmute"), icon: "mic", run: act("ask_unmute") });
    if (info.video) items.push({ id: "stop_video", label: t("action-stop-video"), icon: "cam-off", run: act("stop_video") });
    else items.push({ id: "ask_video", label: t("action-ask-video"), icon: "cam", run: act("ask_video") });
    if (info.role !== "chairman") {
      items.push({ id: "promote", label: t("action-promote"), icon: "star", run: act("promote") });
    }
    items.push({ id: "kick", label: t("action-kick"), icon: "remove", danger: true, run: act("kick") });
    return items;
  }

  destroy() {
    this.menu.destroy();
  }
}

/**
 * @param {HTMLElement} el
 * @param {string} iconName
 * @param {string} label
 * @param {boolean} off
 */
function setState(el, iconName, label, off) {
  if (el.dataset.icon === iconName) return;
  el.dataset.icon = iconName;
  el.setAttribute("aria-label", label);
  el.title = label;
  replaceChildren(el, icon(iconName, off ? "icon-off" : ""));
}

/**
 * @param {string} testid
 * @param {string} label
 * @param {string} iconName
 * @param {() => void} onclick
 */
function headerButton(testid, label, iconName, onclick) {
  return h(
    "button",
    { type: "button", class: "tool-chip", "data-testid": testid, onclick },
    icon(iconName),
    h("span", { text: label }),
  );
}
