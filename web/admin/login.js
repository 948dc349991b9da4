// The admin login form (templates/admin/login.html): POST /api/admin/login, then on to where the administrator
// was going (`data-next`, made safe by the server). A refusal shows the server's words; after too many attempts
// the button waits out the time the server asked for.
//
// Hooks: [data-testid=login-username], [data-testid=login-password], [data-testid=login-submit],
// [data-testid=login-error] (data-code).

import { byId, markReady } from "../ui/dom.js";
import { login } from "./api.js";
import { ApiError, errorText, t } from "./common.js";

const form = byId("login-form", HTMLFormElement);
const username = byId("login-username", HTMLInputElement);
const password = byId("login-password", HTMLInputElement);
const error = byId("login-error", HTMLElement);
const submit = /** @type {HTMLButtonElement} */ (form.querySelector("[data-testid=login-submit]"));
const next = form.dataset.next || "/admin";

/** @type {ReturnType<typeof setTimeout> | undefined} */
let waitTimer;

/**
 * @param {string} text
 * @param {string} code
 * @param {HTMLInputElement} [field]
 */
function fail(text, code, field) {
  error.textContent = text;
  error.dataset.code = code;
  error.hidden = false;
  for (const input of [username, password]) input.removeAttribute("aria-invalid");
  if (field) {
    field.setAttribute("aria-invalid", "true");
    field.focus();
    field.select();
  }
}

form.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  if (submit.disabled) return;
  const name = username.value.trim();
  if (!name) return fail(t("admin-login-missing-username"), "missing", username);
  if (!password.value) return fail(t("admin-login-missing-password"), "missing", password);
  submit.disabled = true;
  submit.setAttribute("aria-busy", "true");
  let waiting = false;
  try {
    await login(name, password.value);
    error.hidden = true;
    location.assign(next);
    return;
  } catch (err) {
    const code = err instanceof ApiError ? err.code : "unexpected";
    if (err instanceof ApiError && err.code === "too_many_attempts") {
      fail(errorText(err), code);
      // The server refuses until then anyway; the button says so instead of failing again.
      waiting = true;
      clearTimeout(waitTimer);
      waitTimer = setTimeout(
        () => {
          submit.disabled = false;
        },
        Math.max(1, err.retryAfter ?? 5) * 1000,
      );
    } else {
      fail(errorText(err), code, code === "bad_credentials" ? password : undefined);
    }
  } finally {
    submit.removeAttribute("aria-busy");
    if (!waiting) submit.disabled = false;
  }
});

markReady();
