// The meeting's own settings dialog: your name and colour (applied live, remembered), camera and microphone,
// sounds, the keyboard shortcuts, and the language (which reloads the page and rejoins).
//
// Hooks: [data-testid=settings-dialog], [data-testid=settings-name] (input), [data-testid=colour-swatches] with one
// radio per colour ([data-colour] = palette index, checked = yours), [data-testid=settings-name-error].

import { h } from "./dom.js";
import { t } from "./i18n.js";
import { modal } from "./dialogs.js";
import { DevicePickers } from "./devices.js";
import { soundsSwitch } from "./sounds.js";
import { languageSelect } from "./language.js";
import { paintColour } from "./tile.js";
import { FORBIDDEN_NAME_CHARS, MAX_DISPLAY_NAME_LEN, PALETTE_SIZE } from "../lib/rules.gen.js";

const FORBIDDEN = new RegExp(FORBIDDEN_NAME_CHARS, "u");

/** The meeting's keyboard shortcuts (meeting.js handles them), as listed in the dialog. */
const SHORTCUTS = /** @type {const} */ ([
  ["M", "shortcut-mic"],
  ["V", "shortcut-cam"],
  ["H", "shortcut-hand"],
  ["C", "shortcut-chat"],
]);

/**
 * @typedef {object} SettingsOptions
 * @property {import('../lib/media.js').LocalMedia} media
 * @property {string} name Our name now.
 * @property {number} colour Our colour now.
 * @property {boolean} nameRequired The room asks for a name (an empty one is refused).
 * @property {(err: unknown) => void} onMediaError
 * @property {(name: string) => void} onName Called with a new, valid name when the dialog is closed with Done.
 * @property {(colour: number) => void} onColour Called at once when a colour is picked.
 * @property {(lang: string) => void} onLanguage Called when another language is chosen (it is remembered already).
 */

/**
 * Why a name cannot be used, or null.
 * @param {string} name Trimmed.
 * @param {boolean} required
 */
export function nameProblem(name, required) {
  if (required && name === "") return t("toast-name-required");
  if ([...name].length > MAX_DISPLAY_NAME_LEN || FORBIDDEN.test(name)) {
    return t("toast-invalid-name", { max: MAX_DISPLAY_NAME_LEN });
  }
  return null;
}

/** @param {SettingsOptions} o */
export function openSettings(o) {
  const pickers = new DevicePickers(o.media, { idPrefix: "settings", onError: o.onMediaError });
  const nameInput = h("input", {
    id: "settings-name",
    class: "input",
    type: "text",
    autocomplete: "nickname",
    maxlength: String(MAX_DISPLAY_NAME_LEN),
    "data-testid": "settings-name",
    "aria-describedby": "settings-name-hint settings-name-error",
  });
  nameInput.value = o.name;
  const nameError = h("p", { id: "settings-name-error", class: "field-error", "data-testid": "settings-name-error", hidden: true });

  const swatches = h("div", {
    class: "swatches",
    role: "radiogroup",
    "aria-labelledby": "settings-colour-label",
    "data-testid": "colour-swatches",
  });
  for (let i = 0; i < PALETTE_SIZE; i++) {
    const input = h("input", {
      type: "radio",
      name: "colour",
      value: String(i),
      class: "swatch",
      "aria-label": t(`colour-${i}`),
      title: t(`colour-${i}`),
    });
    paintColour(input, i);
    input.checked = i === o.colour;
    input.addEventListener("change", () => {
      if (input.checked) o.onColour(i);
    });
    swatches.append(input);
  }

  const { dialog, form } = modal({
    testid: "settings-dialog",
    title: t("settings-dialog-title"),
    className: "dialog-wide",
    body: [
      h(
        "fieldset",
        { class: "fieldset" },
        h("legend", { text: t("settings-you") }),
        h(
          "div",
          { class: "field" },
          h("label", { for: "settings-name", text: t("settings-name-label") }),
          nameInput,
          h("p", { id: "settings-name-hint", class: "hint", text: t("settings-name-hint") }),
          nameError,
        ),
        h(
          "div",
          { class: "field" },
          h("span", { id: "settings-colour-label", class: "label", text: t("settings-colour-label") }),
          swatches,
        ),
      ),
      h("fieldset", { class: "fieldset" }, h("legend", { text: t("settings-devices") }), pickers.el),
      h("fieldset", { class: "fieldset" }, h("legend", { text: t("settings-sounds") }), soundsSwitch()),
      h(
        "fieldset",
        { class: "fieldset" },
        h("legend", { text: t("shortcuts-title") }),
        h(
          "dl",
          { class: "shortcuts", "data-testid": "shortcuts" },
          SHORTCUTS.flatMap(([key, id]) => [h("dt", {}, h("kbd", { text: key })), h("dd", { text: t(id) })]),
        ),
      ),
      h(
        "fieldset",
        { class: "fieldset" },
        h("legend", { text: t("settings-language") }),
        languageSelect({ id: "settings-language", onChange: o.onLanguage }),
        h("p", { class: "hint", text: t("settings-language-hint") }),
      ),
    ],
    actions: [h("button", { type: "submit", class: "btn btn-primary", "data-testid": "settings-done", text: t("done") })],
    onSubmit: (ev) => {
      const name = nameInput.value.trim();
      const problem = nameProblem(name, o.nameRequired);
      if (problem) {
        ev.preventDefault();
        nameError.textContent = problem;
        nameError.hidden = false;
        nameInput.setAttribute("aria-invalid", "true");
        nameInput.focus();
        return;
      }
      if (name !== o.name) o.onName(name);
    },
  });
  void form;
  dialog.addEventListener("close", () => pickers.destroy());
  pickers.refresh();
  dialog.showModal();
  return dialog;
}
