// The invitation page (/invitation/{token}, templates/invitation.html): says until when the invitation works, and
// sends the invitee's answer to "Can't come now?" (POST /api/invitations/{token}/response): "I will join later"
// (the link keeps working) or "I can't come" (it stops: the join link goes away), with an optional message for the
// chairman, who hears it live in the meeting. Everything else on the page is the server's.
//
// Hooks: [data-testid=invitation] (`data-state` open, then `later` / `decline` once answered here),
// [data-testid=invitation-title], [data-testid=invitation-message], [data-testid=invitation-join],
// [data-testid=invitation-expiry], [data-testid=invitation-later-note], [data-testid=invitation-form] with
// [data-testid=invitation-later], [data-testid=invitation-decline], [data-testid=invitation-reply],
// [data-testid=invitation-counter], [data-testid=invitation-error] (`data-code`), [data-testid=invitation-send];
// [data-testid=invitation-done] (the confirmation). A declined or expired invitation's page is
// [data-testid=invitation-gone] (`data-state`), with no script.

import { byId, markReady } from "./dom.js";
import { t, LANG } from "./i18n.js";
import { answerInvitation, ApiError } from "../lib/api.js";

/** The longest message, in characters (the server's limit too). */
const MAX_MESSAGE = 1000;

const card = /** @type {HTMLElement} */ (document.querySelector("[data-testid=invitation]"));
const join = byId("invitation-join", HTMLElement);
const expiry = byId("invitation-expiry", HTMLElement);
const form = byId("invitation-form", HTMLFormElement);
const reply = byId("invitation-reply", HTMLTextAreaElement);
const counter = byId("invitation-counter", HTMLElement);
const error = byId("invitation-error", HTMLElement);
const done = byId("invitation-done", HTMLElement);
const send = /** @type {HTMLButtonElement} */ (form.querySelector("[data-testid=invitation-send]"));
const choices = /** @type {NodeListOf<HTMLInputElement>} */ (form.querySelectorAll("input[name=response]"));

// Until when the link works, in the reader's language and time zone.
const expires = Number(expiry.dataset.expires);
if (Number.isFinite(expires) && expires > 0) {
  const date = new Intl.DateTimeFormat(LANG, { dateStyle: "full", timeStyle: "short" }).format(new Date(expires * 1000));
  expiry.textContent = t("invited-expires", { date });
  // The server's text said it in UTC; this one is the reader's time.
  expiry.dataset.local = "true";
}

const count = () => {
  counter.textContent = t("invite-message-counter", { count: [...reply.value].length, max: MAX_MESSAGE });
};
reply.addEventListener("input", count);
count();

for (const choice of choices) choice.addEventListener("change", () => (error.hidden = true));

/**
 * @param {string} text
 * @param {string} code
 */
function showError(text, code) {
  error.textContent = text;
  error.dataset.code = code;
  error.hidden = false;
}

form.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  if (send.disabled) return;
  error.hidden = true;
  const chosen = [...choices].find((c) => c.checked)?.value;
  if (chosen !== "later" && chosen !== "decline") {
    showError(t("invited-answer-choose"), "no_choice");
    choices[0]?.focus();
    return;
  }
  send.disabled = true;
  send.setAttribute("aria-busy", "true");
  send.textContent = t("invited-answer-sending");
  try {
    const { response } = await answerInvitation(form.dataset.token ?? "", chosen, reply.value.trim() || undefined);
    form.hidden = true;
    // Declined: the link no longer opens the meeting, so it goes.
    if (response === "decline") join.hidden = true;
    for (const note of document.querySelectorAll("[data-testid=invitation-later-note]")) note.remove();
    card.dataset.state = response;
    done.textContent = t(response === "decline" ? "invited-done-decline" : "invited-done-later");
    done.hidden = false;
    done.focus();
  } catch (err) {
    const code = err instanceof ApiError ? err.code : "error";
    // The server's words are in the page's language; a lost connection has ours.
    showError(err instanceof ApiError && code !== "network" ? err.message || code : t("error-network"), code);
    if (code === "invitation_gone") {
      // Declined or expired meanwhile: the link no longer works either.
      join.hidden = true;
      form.hidden = true;
      done.textContent = err instanceof ApiError ? err.message : "";
      done.hidden = false;
      done.focus();
    }
  } finally {
    send.disabled = false;
    send.removeAttribute("aria-busy");
    send.textContent = t("invited-answer-send");
  }
});

markReady();
