// Invitations by e-mail, the chairman's side: the "Invite by e-mail" dialog (addresses, an optional message, and
// the room's invitations with what became of each: sending, sent, not delivered, will join later, can't come, link
// used, expired; refreshed every 5 s while the dialog is open and at once when an invitee answers), and the toast
// a chairman gets when an invitee answers on the invitation page (signalling `invitation_answered`). Offered only
// when the server sends mail (`mail` in the room's status) and to chairmen; the server decides everything.
//
// Hooks: the people panel's [data-testid=invite-open]; [data-testid=invite-dialog] with
// [data-testid=invite-emails] + [data-testid=invite-emails-error], [data-testid=invite-message] +
// [data-testid=invite-message-counter], [data-testid=invite-send], [data-testid=invite-error] (`data-code`),
// [data-testid=invite-sent] (what was just sent), [data-testid=invite-list] of [data-testid=invite-item] (`data-id`,
// `data-email`, `data-status` = queued | sent | failed | later | decline | used | expired) with
// [data-testid=invite-address], [data-testid=invite-status], [data-testid=invite-reply] (the invitee's words),
// [data-testid=invite-delivery-error] (why a mail was not delivered); [data-testid=invite-empty],
// [data-testid=invite-list-error], [data-testid=invite-close].

import { h, replaceChildren } from "./dom.js";
import { icon } from "./icons.js";
import { t, LANG } from "./i18n.js";
import { modal } from "./dialogs.js";
import { getRoom, invite, listInvitations, ApiError } from "../lib/api.js";

/** @typedef {import('../lib/protocol').InvitationView} InvitationView */
/** @typedef {import('../lib/protocol').InvitationAnsweredEvent} InvitationAnsweredEvent */
/** @typedef {import('../lib/protocol').Role} Role */
/** @typedef {"queued" | "sent" | "failed" | "later" | "decline" | "used" | "expired"} InvitationStatus */

/** At most this many addresses in one request (the server's limit too). */
export const MAX_ADDRESSES = 20;
/** The longest message, in characters (the server's limit too). */
export const MAX_MESSAGE = 1000;
const MAX_ADDRESS_LEN = 254;
/** How often the list is read again while the dialog is open. */
const REFRESH_MS = 5000;
/** An invitee's words in a toast are cut to this many characters (the list has them whole). */
const TOAST_MESSAGE_LEN = 140;
/** A loose check (the server has the last word): something@something.something, no spaces. */
const ADDRESS = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/u;

/** @param {string} s */
const chars = (s) => [...s].length;

/**
 * The addresses in what was typed or pasted: separated by commas, semicolons, spaces or new lines; `Ana <ana@x.org>`
 * counts as `ana@x.org`; duplicates (whatever their case) once, in the order given.
 * @param {string} text
 * @returns {string[]}
 */
export function parseAddresses(text) {
  const bare = text.replace(/"[^"]*"/gu, " ").replace(/[^,;\n<>]*<([^<>\s]*)>/gu, " $1 ");
  /** @type {string[]} */
  const out = [];
  const seen = new Set();
  for (const part of bare.split(/[\s,;]+/u)) {
    if (!part) continue;
    const key = part.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(part);
  }
  return out;
}

/**
 * Whether an address looks like one (the server checks it properly).
 * @param {string} address
 */
export function plausibleAddress(address) {
  return address.length <= MAX_ADDRESS_LEN && ADDRESS.test(address);
}

/**
 * What became of an invitation, the most telling first: declined, link used, not delivered, expired, will join
 * later, then the mail's progress.
 * @param {InvitationView} inv
 * @param {number} now Unix seconds
 * @returns {InvitationStatus}
 */
export function invitationStatus(inv, now) {
  if (inv.response === "decline") return "decline";
  if (inv.used) return "used";
  if (inv.delivery === "failed") return "failed";
  if (now >= inv.expires_at) return "expired";
  if (inv.response === "later") return "later";
  return inv.delivery === "queued" ? "queued" : "sent";
}

/** @type {Record<InvitationStatus, [string, string]>} each status: its words and icon */
const STATUS = {
  queued: ["invite-status-queued", "clock"],
  sent: ["invite-status-sent", "check"],
  failed: ["invite-status-failed", "alert"],
  later: ["invite-status-later", "clock"],
  decline: ["invite-status-decline", "remove"],
  used: ["invite-status-used", "link"],
  expired: ["invite-status-expired", "clock"],
};

/**
 * The toast for an invitee's answer: "guest@x.org will join later: “after lunch”", "guest@x.org can't come".
 * @param {InvitationAnsweredEvent} answer
 */
export function answerText(answer) {
  const words = (answer.message ?? "").trim().replace(/\s+/gu, " ");
  const message = chars(words) > TOAST_MESSAGE_LEN ? `${[...words].slice(0, TOAST_MESSAGE_LEN - 1).join("")}…` : words;
  const email = answer.email;
  if (answer.response === "decline") {
    return message ? t("invite-answer-decline-message", { email, message }) : t("invite-answer-decline", { email });
  }
  return message ? t("invite-answer-later-message", { email, message }) : t("invite-answer-later", { email });
}

/**
 * What the meeting gives: the room, its signalling (for `welcome` and `invitation_answered`), the toasts, our role,
 * and a way to redraw the people panel (whose button shows once we know the server sends mail).
 * @typedef {object} InvitationsHost
 * @property {string} room
 * @property {EventTarget} signalling
 * @property {import('./toast.js').Toaster} toaster
 * @property {() => Role} role
 * @property {() => string} name our display name (the mail says who invites)
 * @property {() => void} onChange
 */

export class Invitations {
  /** The server sends mail (the room's status says so); false until known. */
  mail = false;
  /** Every `invitation_answered` received, oldest first (tests). @type {InvitationAnsweredEvent[]} */
  answers = [];
  #host;
  #asked = false;
  /** The open dialog, if any. @type {InviteDialog | null} */
  dialog = null;

  /** @param {InvitationsHost} host */
  constructor(host) {
    this.#host = host;
    host.signalling.addEventListener("welcome", () => this.#readMail());
    host.signalling.addEventListener("invitation_answered", (ev) => {
      this.#answered(/** @type {CustomEvent<InvitationAnsweredEvent>} */ (ev).detail);
    });
  }

  /** Whether to offer invitations: a chairman, on a server that sends mail. */
  get available() {
    return this.mail && this.#host.role() === "chairman";
  }

  /** Whether the server sends mail: asked once we are in (again after a failure, at the next welcome). */
  async #readMail() {
    if (this.#asked) return;
    this.#asked = true;
    try {
      const status = await getRoom(this.#host.room);
      this.mail = status.mail === true;
      this.#host.onChange();
    } catch {
      this.#asked = false;
    }
  }

  /** @param {InvitationAnsweredEvent} answer */
  #answered(answer) {
    this.answers.push(answer);
    if (this.#host.role() === "chairman") this.#host.toaster.show(answerText(answer), { timeout: 8000 });
    this.dialog?.refresh();
  }

  /** Opens the dialog (or brings the focus back to the one open). */
  open() {
    if (this.dialog) {
      this.dialog.focus();
      return;
    }
    const dialog = new InviteDialog(this.#host.room, {
      name: this.#host.name,
      onMailOff: () => {
        this.mail = false;
        this.#host.onChange();
      },
    });
    this.dialog = dialog;
    dialog.el.addEventListener("close", () => {
      if (this.dialog === dialog) this.dialog = null;
    });
  }

  close() {
    this.dialog?.el.close();
  }
}

/** The dialog: the form, then the list of the room's invitations. */
class InviteDialog {
  /** Rows of the list by invitation id. @type {Map<number, {li: HTMLLIElement, inv: InvitationView | null, key: string}>} */
  #rows = new Map();
  /** @type {ReturnType<typeof setInterval> | undefined} */
  #timer;
  #loading = false;
  #again = false;
  #loaded = false;
  #busy = false;
  #room;
  #name;
  #onMailOff;

  /**
   * @param {string} room
   * @param {{name: () => string, onMailOff: () => void}} options
   */
  constructor(room, { name, onMailOff }) {
    this.#room = room;
    this.#name = name;
    this.#onMailOff = onMailOff;

    this.emails = h("textarea", {
      id: "invite-emails",
      class: "input textarea invite-emails",
      rows: "2",
      spellcheck: "false",
      autocomplete: "off",
      autocapitalize: "off",
      inputmode: "email",
      placeholder: t("invite-emails-placeholder"),
      "data-testid": "invite-emails",
      "aria-describedby": "invite-emails-hint invite-emails-error",
    });
    this.emailsError = h("p", {
      id: "invite-emails-error",
      class: "field-error",
      "data-testid": "invite-emails-error",
      hidden: true,
    });
    this.message = h("textarea", {
      id: "invite-message",
      class: "input textarea invite-message",
      rows: "3",
      maxlength: String(MAX_MESSAGE),
      placeholder: t("invite-message-placeholder"),
      "data-testid": "invite-message",
      "aria-describedby": "invite-message-counter",
    });
    this.counter = h("p", {
      id: "invite-message-counter",
      class: "hint invite-counter",
      "data-testid": "invite-message-counter",
    });
    this.error = h("p", { class: "form-error", role: "alert", "data-testid": "invite-error", hidden: true });
    this.sent = h("p", { class: "invite-sent", role: "status", "data-testid": "invite-sent" });
    this.sendButton = h(
      "button",
      { type: "submit", class: "btn btn-primary", "data-testid": "invite-send" },
      icon("send"),
      h("span", { text: t("invite-send") }),
    );
    this.list = h("ul", { class: "invite-list", "data-testid": "invite-list", "aria-labelledby": "invite-list-title" });
    this.empty = h("p", { class: "hint invite-empty", "data-testid": "invite-empty", text: t("invite-loading") });
    this.listError = h("p", { class: "form-error", role: "alert", "data-testid": "invite-list-error", hidden: true });

    const { dialog, form } = modal({
      testid: "invite-dialog",
      title: t("invite-title"),
      className: "dialog-wide invite-dialog",
      body: [
        h("p", { class: "dialog-text invite-lead", text: t("invite-lead") }),
        h(
          "div",
          { class: "field" },
          h("label", { for: "invite-emails", text: t("invite-emails-label") }),
          this.emails,
          h("p", { id: "invite-emails-hint", class: "hint", text: t("invite-emails-hint", { max: MAX_ADDRESSES }) }),
          this.emailsError,
        ),
        h(
          "div",
          { class: "field" },
          h("label", { for: "invite-message", text: t("invite-message-label") }),
          this.message,
          this.counter,
        ),
        this.error,
        h("div", { class: "invite-send-row" }, this.sent, this.sendButton),
        h(
          "section",
          { class: "invite-section", "aria-labelledby": "invite-list-title" },
          h("h3", { id: "invite-list-title", class: "invite-list-title", text: t("invite-list-title") }),
          this.listError,
          this.empty,
          this.list,
        ),
      ],
      actions: [
        h("button", {
          type: "button",
          class: "btn btn-ghost",
          "data-testid": "invite-close",
          text: t("close"),
          onclick: () => dialog.close(),
        }),
      ],
      onSubmit: (ev) => {
        ev.preventDefault();
        this.#send();
      },
    });
    this.el = dialog;
    this.form = form;

    this.emails.addEventListener("input", () => {
      this.emailsError.hidden = true;
      this.emails.removeAttribute("aria-invalid");
    });
    this.message.addEventListener("input", () => this.#count());
    // Ctrl+Enter (⌘+Enter) sends from either box; Enter alone is a new line.
    for (const box of [this.emails, this.message]) {
      box.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
          ev.preventDefault();
          form.requestSubmit();
        }
      });
    }
    this.#count();
    dialog.addEventListener("close", () => clearInterval(this.#timer));
    dialog.showModal();
    this.emails.focus();
    this.refresh();
    this.#timer = setInterval(() => this.refresh(), REFRESH_MS);
  }

  focus() {
    this.emails.focus();
  }

  #count() {
    const n = chars(this.message.value);
    this.counter.textContent = t("invite-message-counter", { count: n, max: MAX_MESSAGE });
    this.counter.classList.toggle("invite-counter-near", n > MAX_MESSAGE - 100);
  }

  /** Reads the list again (one request at a time; a refresh asked meanwhile follows it). */
  async refresh() {
    if (this.#loading) {
      this.#again = true;
      return;
    }
    this.#loading = true;
    try {
      const { invitations } = await listInvitations(this.#room);
      this.listError.hidden = true;
      this.#loaded = true;
      this.#render(invitations);
    } catch (err) {
      // A list that was shown stays (a passing network error is said, not a blank list).
      this.listError.textContent = errorText(err);
      this.listError.dataset.code = err instanceof ApiError ? err.code : "error";
      this.listError.hidden = false;
      if (!this.#loaded) this.empty.hidden = true;
      if (err instanceof ApiError && err.code === "mail_disabled") this.#mailOff();
    } finally {
      this.#loading = false;
      if (this.#again && this.el.isConnected) {
        this.#again = false;
        this.refresh();
      }
    }
  }

  #mailOff() {
    clearInterval(this.#timer);
    this.sendButton.disabled = true;
    this.#onMailOff();
  }

  /**
   * Shows the invitations in the order given (newest first), keeping rows (and their open details) that exist.
   * @param {InvitationView[]} invitations
   */
  #render(invitations) {
    const now = Math.floor(Date.now() / 1000);
    this.empty.textContent = t("invite-empty");
    this.empty.hidden = invitations.length > 0;
    const seen = new Set();
    invitations.forEach((inv, i) => {
      seen.add(inv.id);
      let row = this.#rows.get(inv.id);
      if (!row) {
        row = { li: h("li", { class: "invite-item", "data-testid": "invite-item" }), inv: null, key: "" };
        this.#rows.set(inv.id, row);
      }
      const status = invitationStatus(inv, now);
      const key = JSON.stringify([status, inv.response_message, inv.delivery_error, inv.email]);
      if (row.key !== key) {
        row.key = key;
        fillRow(row.li, inv, status);
      }
      row.inv = inv;
      if (this.list.children[i] !== row.li) this.list.insertBefore(row.li, this.list.children[i] ?? null);
    });
    for (const [id, row] of this.#rows) {
      if (seen.has(id)) continue;
      row.li.remove();
      this.#rows.delete(id);
    }
  }

  async #send() {
    if (this.#busy) return;
    this.error.hidden = true;
    this.sent.textContent = "";
    this.emailsError.hidden = true;
    const emails = parseAddresses(this.emails.value);
    if (emails.length === 0) {
      this.#emailsError(t("invite-emails-empty"));
      return;
    }
    if (emails.length > MAX_ADDRESSES) {
      this.#emailsError(t("invite-emails-too-many", { max: MAX_ADDRESSES, count: emails.length }));
      return;
    }
    const bad = emails.filter((a) => !plausibleAddress(a));
    if (bad.length > 0) {
      this.#emailsError(t("invite-emails-invalid", { count: bad.length, addresses: bad.join(", ") }));
      return;
    }
    const message = this.message.value.trim();
    this.#busy = true;
    this.sendButton.disabled = true;
    this.sendButton.setAttribute("aria-busy", "true");
    try {
      const { invitations } = await invite(this.#room, emails, message || undefined, this.#name());
      this.emails.value = "";
      this.message.value = "";
      this.#count();
      const sentTo = invitations.map((inv) => inv.email);
      this.sent.textContent = t("invite-sent", { count: sentTo.length, addresses: sentTo.join(", ") });
      this.refresh();
      this.emails.focus();
    } catch (err) {
      this.#sendFailed(err);
    } finally {
      this.#busy = false;
      this.sendButton.disabled = false;
      this.sendButton.removeAttribute("aria-busy");
    }
  }

  /** @param {unknown} err */
  #sendFailed(err) {
    if (err instanceof ApiError && err.code === "invalid_email") {
      const invalid = Array.isArray(err.body?.invalid) ? err.body.invalid.map(String) : [];
      this.#emailsError(
        invalid.length > 0 ? t("invite-emails-refused", { count: invalid.length, addresses: invalid.join(", ") }) : err.message,
      );
      return;
    }
    this.error.textContent = errorText(err);
    this.error.dataset.code = err instanceof ApiError ? err.code : "error";
    this.error.hidden = false;
    if (err instanceof ApiError && err.code === "mail_disabled") this.#mailOff();
  }

  /** @param {string} text */
  #emailsError(text) {
    this.emailsError.textContent = text;
    this.emailsError.hidden = false;
    this.emails.setAttribute("aria-invalid", "true");
    this.emails.focus();
  }
}

/**
 * Fills one row of the list: the address, the status (icon and words), when it was sent, the invitee's words, and
 * why a mail was not delivered (a disclosure, and the status's tooltip).
 * @param {HTMLLIElement} li
 * @param {InvitationView} inv
 * @param {InvitationStatus} status
 */
function fillRow(li, inv, status) {
  const [words, iconName] = STATUS[status];
  li.dataset.id = String(inv.id);
  li.dataset.email = inv.email;
  li.dataset.status = status;
  const label = t(words);
  const chip = h(
    "span",
    { class: `invite-status invite-status-${status}`, "data-testid": "invite-status" },
    icon(iconName),
    h("span", { text: label }),
  );
  if (status === "failed" && inv.delivery_error) chip.title = inv.delivery_error;
  const when = new Date(inv.created_at * 1000);
  const openDetails = li.querySelector("details")?.open ?? false;
  replaceChildren(
    li,
    h(
      "div",
      { class: "invite-head" },
      h("span", { class: "invite-address", "data-testid": "invite-address", title: inv.email, text: inv.email }),
      chip,
    ),
    h(
      "p",
      { class: "invite-when" },
      h("time", { datetime: when.toISOString(), text: t("invite-when", { time: formatTime(when) }) }),
    ),
    inv.response_message
      ? h("p", { class: "invite-reply", "data-testid": "invite-reply", text: t("invite-reply", { message: inv.response_message }) })
      : null,
    status === "failed"
      ? h(
          "details",
          { class: "invite-details", open: openDetails },
          h("summary", { text: t("invite-failed-why") }),
          h("p", {
            "data-testid": "invite-delivery-error",
            text: inv.delivery_error || t("invite-failed-unknown"),
          }),
        )
      : null,
  );
}

/**
 * "14:05" today, else a short date and time, in the page's language.
 * @param {Date} date
 */
function formatTime(date) {
  const today = new Date().toDateString() === date.toDateString();
  const options = today
    ? /** @type {Intl.DateTimeFormatOptions} */ ({ timeStyle: "short" })
    : /** @type {Intl.DateTimeFormatOptions} */ ({ dateStyle: "medium", timeStyle: "short" });
  return new Intl.DateTimeFormat(LANG, options).format(date);
}

/**
 * What to say when the server refused or could not be reached: its own words (in the page's language: not
 * allowed, mail off, too many, wait N seconds…), ours for a lost connection.
 * @param {unknown} err
 */
export function errorText(err) {
  if (!(err instanceof ApiError)) return t("error-generic", { code: String(err) });
  if (err.code === "network") return t("error-network");
  return err.message || t("error-generic", { code: err.code });
}
