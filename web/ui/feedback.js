// The feedback page: sends the form as JSON to POST /api/feedback and says what happened. The form and its
// labels are in templates/feedback.html; a hidden field and the page's ticket let the server ignore robots.
//
// Hooks: [data-testid=feedback-email], [data-testid=feedback-comment], [data-testid=feedback-send],
// [data-testid=feedback-error], [data-testid=feedback-done].

import { byId, markReady } from "./dom.js";
import { t } from "./i18n.js";
import { sendFeedback, ApiError } from "../lib/api.js";

const form = byId("feedback-form", HTMLFormElement);
const email = byId("feedback-email", HTMLInputElement);
const comment = byId("feedback-comment", HTMLTextAreaElement);
const website = byId("feedback-website", HTMLInputElement);
const error = byId("feedback-error", HTMLElement);
const done = byId("feedback-done", HTMLElement);
const send = /** @type {HTMLButtonElement} */ (form.querySelector("[data-testid=feedback-send]"));

/** @param {string} text */
function showError(text) {
  error.textContent = text;
  error.hidden = false;
}

form.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  error.hidden = true;
  if (!comment.value.trim()) {
    showError(t("feedback-empty"));
    comment.focus();
    return;
  }
  send.disabled = true;
  send.textContent = t("feedback-sending");
  try {
    await sendFeedback({
      email: email.value.trim(),
      comment: comment.value,
      website: website.value,
      ticket: form.dataset.ticket ?? "",
    });
    form.hidden = true;
    done.hidden = false;
    done.focus();
  } catch (err) {
    // The server's words are in the page's language; a lost connection has ours.
    showError(err instanceof ApiError && err.code !== "network" ? err.message : t("error-network"));
  } finally {
    send.disabled = false;
    send.textContent = t("feedback-send");
  }
});

markReady();
