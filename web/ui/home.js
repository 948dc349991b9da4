// The home page: start a meeting (optional room name, random when empty) or join one by name or link.
// The forms are in templates/home.html; this script validates and talks to the API.
//
// Hooks: #create-form [data-testid=room-name-input] [data-testid=create-button] [data-testid=create-error]
// (with, on 409, [data-testid=join-existing] and [data-testid=choose-another]); #join-form
// [data-testid=join-input] [data-testid=join-go] [data-testid=join-error]; the footer's language choice
// [data-testid=language-select] (in place of the links that work without script).

import { byId, h, markReady, replaceChildren } from "./dom.js";
import { t } from "./i18n.js";
import { languageSelect } from "./language.js";
import { createRoom, ApiError } from "../lib/api.js";
import { roomNameError, extractRoomName } from "../lib/roomname.js";
import { MAX_ROOM_NAME_LEN } from "../lib/rules.gen.js";

const createForm = byId("create-form", HTMLFormElement);
const nameInput = byId("room-name", HTMLInputElement);
const createButton = byId("create-button", HTMLButtonElement);
const createError = byId("create-error", HTMLElement);
const joinForm = byId("join-form", HTMLFormElement);
const joinInput = byId("join-name", HTMLInputElement);
const joinError = byId("join-error", HTMLElement);

document.getElementById("language-choice")?.replaceWith(languageSelect());

/**
 * @param {HTMLElement} box
 * @param {HTMLInputElement | null} input
 * @param {...(Node | string)} content
 */
function showError(box, input, ...content) {
  replaceChildren(box, ...content);
  box.hidden = false;
  if (input) {
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", `${input.id}-hint ${box.id}`);
  }
}

/**
 * @param {HTMLElement} box
 * @param {HTMLInputElement} input
 */
function clearError(box, input) {
  box.hidden = true;
  box.replaceChildren();
  input.removeAttribute("aria-invalid");
  input.setAttribute("aria-describedby", `${input.id}-hint`);
}

/**
 * The message for a client-side validation failure.
 * @param {NonNullable<ReturnType<typeof roomNameError>>} reason
 */
function nameErrorText(reason) {
  return t(`room-name-${reason.replace(/_/g, "-")}`, { max: MAX_ROOM_NAME_LEN });
}

nameInput.addEventListener("input", () => {
  const value = nameInput.value.trim();
  const reason = value === "" ? null : roomNameError(value);
  if (reason) showError(createError, nameInput, nameErrorText(reason));
  else clearError(createError, nameInput);
});
joinInput.addEventListener("input", () => clearError(joinError, joinInput));

createForm.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const value = nameInput.value.trim();
  const reason = value === "" ? null : roomNameError(value);
  if (reason) {
    showError(createError, nameInput, nameErrorText(reason));
    nameInput.focus();
    return;
  }
  clearError(createError, nameInput);
  createButton.disabled = true;
  createButton.setAttribute("aria-busy", "true");
  try {
    const created = await createRoom(value);
    location.assign(`/${encodeURIComponent(created.name)}`);
    return;
  } catch (err) {
    if (err instanceof ApiError && err.code === "room_exists") {
      const existing = value.toLowerCase();
      showError(
        createError,
        nameInput,
        h("span", { text: t("room-exists", { name: existing }) }),
        h(
          "span",
          { class: "inline-actions" },
          h("a", {
            class: "btn btn-secondary btn-small",
            href: `/${encodeURIComponent(existing)}`,
            "data-testid": "join-existing",
            text: t("room-exists-join"),
          }),
          h("button", {
            type: "button",
            class: "btn btn-ghost btn-small",
            "data-testid": "choose-another",
            text: t("room-exists-other"),
            onclick: () => {
              clearError(createError, nameInput);
              nameInput.select();
              nameInput.focus();
            },
          }),
        ),
      );
    } else if (err instanceof ApiError) {
      const text =
        err.code === "rate_limited"
          ? t("error-rate-limited")
          : err.code === "network"
            ? t("error-network")
            : err.message || t("error-generic", { code: err.code });
      showError(createError, err.code === "invalid_room_name" ? nameInput : null, text);
    } else {
      showError(createError, null, t("error-generic", { code: String(err) }));
    }
  } finally {
    createButton.disabled = false;
    createButton.removeAttribute("aria-busy");
  }
});

joinForm.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const name = extractRoomName(joinInput.value, location.origin);
  const reason = roomNameError(name);
  if (reason) {
    showError(joinError, joinInput, reason === "empty" ? t("join-empty") : nameErrorText(reason));
    joinInput.focus();
    return;
  }
  location.assign(`/${encodeURIComponent(name.toLowerCase())}`);
});

markReady();
