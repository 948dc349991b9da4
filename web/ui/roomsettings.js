// The room settings dialog (chairmen): lock, require a name, join password, owner password ("reserve this
// room"), member limit and the addresses told when someone joins. Saves with one PATCH of what changed; the
// server then tells everyone in the room (`room_settings`).
//
// Hooks: [data-testid=room-settings-dialog]; fields [data-testid=setting-locked], [data-testid=setting-require-name],
// [data-testid=setting-join-password-on] + [data-testid=setting-join-password],
// [data-testid=setting-owner-password-on] + [data-testid=setting-owner-password], in a reserved room
// [data-testid=current-owner-password-field] with [data-testid=setting-current-owner-password] (shown while the
// owner password is being changed or removed, which needs it), [data-testid=setting-max-members],
// [data-testid=setting-notify]; per-field errors [data-testid=error-<field>] (field = join_password,
// owner_password, current_owner_password, max_members, notify); [data-testid=settings-error] (general);
// [data-testid=settings-save], [data-testid=settings-cancel].

import { h } from "./dom.js";
import { t } from "./i18n.js";
import { modal } from "./dialogs.js";
import { patchRoom, ApiError } from "../lib/api.js";

/** @typedef {import('../lib/protocol').RoomStatus} RoomStatus */
/** @typedef {import('../lib/protocol').RoomSettingsView} RoomSettingsView */
/** @typedef {import('../lib/protocol').RoomSettingsPatch} RoomSettingsPatch */
/** @typedef {import('../lib/protocol').RoomSettingsSaved} RoomSettingsSaved */
/**
 * @typedef {"join_password" | "owner_password" | "current_owner_password" | "max_members" | "notify" | "locked" | "require_name"} Field
 */

const JOIN_PASSWORD = { min: 4, max: 128 };
const OWNER_PASSWORD = { min: 8, max: 128 };
const MAX_NOTIFY = 20;
const MAX_ADDRESS = 254;
/** A loose check (the server has the last word): something@something.something, no spaces. */
const ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;

/** @param {string} s */
const chars = (s) => [...s].length;

/**
 * Opens the dialog for a room whose status (with `notify` and `max_members_limit`) was just read.
 * Resolves with the saved result, or null when cancelled.
 * @param {string} room
 * @param {RoomStatus} status
 * @returns {Promise<RoomSettingsSaved | null>}
 */
export function openRoomSettings(room, status) {
  const current = /** @type {RoomSettingsView} */ (
    status.settings ?? {
      locked: false,
      require_name: false,
      join_password: false,
      owner_password: false,
      max_members: 0,
      member_limit: 0,
      common_name: false,
    }
  );
  const notifyBefore = status.notify ?? [];
  const limit = status.max_members_limit;

  /** @type {Map<Field, {input: HTMLElement, error: HTMLElement}>} */
  const fields = new Map();

  /**
   * A checkbox with a label and a hint.
   * @param {string} testid
   * @param {string} label
   * @param {string} hint
   * @param {boolean} checked
   */
  const check = (testid, label, hint, checked) => {
    const id = `rs-${testid}`;
    const input = h("input", { id, type: "checkbox", class: "check-input", "data-testid": testid, "aria-describedby": `${id}-hint` });
    input.checked = checked;
    const el = h(
      "div",
      { class: "check" },
      input,
      h("label", { for: id }, h("span", { class: "check-label", text: label }), h("span", { id: `${id}-hint`, class: "hint", text: hint })),
    );
    return { input, el };
  };

  /**
   * @param {Field} field
   * @param {HTMLElement} input
   */
  const errorFor = (field, input) => {
    const error = h("p", { id: `rs-error-${field}`, class: "field-error", "data-testid": `error-${field}`, hidden: true });
    input.setAttribute("aria-describedby", `${input.getAttribute("aria-describedby") ?? ""} ${error.id}`.trim());
    input.addEventListener("input", () => {
      error.hidden = true;
      input.removeAttribute("aria-invalid");
    });
    fields.set(field, { input, error });
    return error;
  };

  // ---- access
  const locked = check("setting-locked", t("rs-locked"), t("rs-locked-hint"), current.locked);
  const requireName = check("setting-require-name", t("rs-require-name"), t("rs-require-name-hint"), current.require_name);

  /**
   * A password setting: a checkbox (on = there is a password) and an input for a new one.
   * @param {"join_password" | "owner_password"} field
   * @param {boolean} isSet
   * @param {{min: number, max: number}} bounds
   */
  const passwordSetting = (field, isSet, bounds) => {
    const key = field === "join_password" ? "join" : "owner";
    const on = check(`setting-${key}-password-on`, t(`rs-${key}-password`), t(`rs-${key}-password-hint`), isSet);
    const inputId = `rs-${key}-password-input`;
    const input = h("input", {
      id: inputId,
      class: "input",
      type: "password",
      autocomplete: "new-password",
      maxlength: String(bounds.max),
      "data-testid": `setting-${key}-password`,
      placeholder: isSet ? t("rs-password-keep") : "",
      "aria-describedby": `${inputId}-hint`,
    });
    const hint = h("p", {
      id: `${inputId}-hint`,
      class: "hint",
      text: isSet ? t(`rs-${key}-password-is-set`) : t("rs-password-length", { min: bounds.min, max: bounds.max }),
    });
    const error = errorFor(field, input);
    const box = h(
      "div",
      { class: "field sub-field" },
      h("label", { for: inputId, text: isSet ? t("rs-password-new") : t("rs-password") }),
      input,
      hint,
      error,
    );
    const sync = () => {
      box.hidden = !on.input.checked;
    };
    on.input.addEventListener("change", () => {
      sync();
      if (on.input.checked) input.focus();
    });
    sync();
    return { on, input, el: h("div", { class: "setting-group" }, on.el, box) };
  };

  const joinPassword = passwordSetting("join_password", current.join_password, JOIN_PASSWORD);
  const ownerPassword = passwordSetting("owner_password", current.owner_password, OWNER_PASSWORD);

  // A reserved room: changing or removing its owner password takes the current one (a chairman someone promoted
  // cannot take the room from its owner). Asked for only while such a change is on the form.
  const currentInput = h("input", {
    id: "rs-current-owner-password",
    class: "input",
    type: "password",
    autocomplete: "current-password",
    maxlength: String(OWNER_PASSWORD.max),
    "data-testid": "setting-current-owner-password",
    "aria-describedby": "rs-current-owner-password-hint",
  });
  const currentError = errorFor("current_owner_password", currentInput);
  const currentBox = h(
    "div",
    { class: "field sub-field", "data-testid": "current-owner-password-field", hidden: true },
    h("label", { for: currentInput.id, text: t("rs-current-owner-password") }),
    currentInput,
    h("p", { id: "rs-current-owner-password-hint", class: "hint", text: t("rs-current-owner-password-hint") }),
    currentError,
  );
  /** Whether the form changes or removes the owner password the room has. */
  const ownerChanging = () =>
    current.owner_password && (!ownerPassword.on.input.checked || ownerPassword.input.value !== "");
  const syncCurrent = () => {
    const show = ownerChanging();
    currentBox.hidden = !show;
    currentInput.required = show;
  };
  if (current.owner_password) {
    ownerPassword.el.append(currentBox);
    ownerPassword.on.input.addEventListener("change", syncCurrent);
    ownerPassword.input.addEventListener("input", syncCurrent);
  }
  // A name on the server's list of common names cannot be reserved (a password already set can be removed).
  const commonName = current.common_name && !current.owner_password;
  if (commonName) {
    ownerPassword.on.input.disabled = true;
    ownerPassword.on.input.setAttribute("aria-describedby", "rs-common-name");
  }
  const commonNote = h("p", { id: "rs-common-name", class: "note", "data-testid": "common-name-note", hidden: !commonName, text: t("rs-common-name") });

  // ---- member limit
  const maxInput = h("input", {
    id: "rs-max-members",
    class: "input input-number",
    type: "number",
    inputmode: "numeric",
    min: "0",
    max: limit > 0 ? String(limit) : null,
    step: "1",
    "data-testid": "setting-max-members",
    "aria-describedby": "rs-max-members-hint",
  });
  maxInput.value = String(current.max_members);
  const maxError = errorFor("max_members", maxInput);

  // ---- notify
  const notifyInput = h("textarea", {
    id: "rs-notify",
    class: "input textarea",
    rows: "3",
    spellcheck: "false",
    autocomplete: "off",
    placeholder: t("rs-notify-placeholder"),
    "data-testid": "setting-notify",
    "aria-describedby": "rs-notify-hint",
  });
  notifyInput.value = notifyBefore.join("\n");
  const notifyError = errorFor("notify", notifyInput);

  const generalError = h("p", { class: "form-error", role: "alert", "data-testid": "settings-error", hidden: true });
  const saveButton = h("button", { type: "submit", class: "btn btn-primary", "data-testid": "settings-save", text: t("save") });

  return new Promise((resolve) => {
    /** @type {RoomSettingsSaved | null} */
    let saved = null;
    const { dialog } = modal({
      testid: "room-settings-dialog",
      title: t("rs-title"),
      className: "dialog-wide",
      body: [
        h(
          "fieldset",
          { class: "fieldset" },
          h("legend", { text: t("rs-access") }),
          locked.el,
          requireName.el,
          joinPassword.el,
        ),
        h(
          "fieldset",
          { class: "fieldset" },
          h("legend", { text: t("rs-ownership") }),
          ownerPassword.el,
          commonNote,
        ),
        h(
          "fieldset",
          { class: "fieldset" },
          h("legend", { text: t("rs-people") }),
          h(
            "div",
            { class: "field" },
            h("label", { for: maxInput.id, text: t("rs-max-members") }),
            maxInput,
            h("p", {
              id: "rs-max-members-hint",
              class: "hint",
              text: limit > 0 ? t("rs-max-members-hint-limit", { limit }) : t("rs-max-members-hint"),
            }),
            maxError,
          ),
          h(
            "div",
            { class: "field" },
            h("label", { for: notifyInput.id, text: t("rs-notify") }),
            notifyInput,
            h("p", { id: "rs-notify-hint", class: "hint", text: t("rs-notify-hint", { max: MAX_NOTIFY }) }),
            notifyError,
          ),
        ),
        generalError,
      ],
      actions: [
        h("button", {
          type: "button",
          class: "btn btn-ghost",
          "data-testid": "settings-cancel",
          text: t("cancel"),
          onclick: () => dialog.close(),
        }),
        saveButton,
      ],
      onSubmit: async (ev) => {
        ev.preventDefault();
        if (saveButton.disabled) return;
        clearErrors();
        const patch = collect();
        if (!patch) return;
        if (Object.keys(patch).length === 0) {
          dialog.close();
          return;
        }
        saveButton.disabled = true;
        saveButton.setAttribute("aria-busy", "true");
        try {
          saved = await patchRoom(room, patch);
          dialog.close();
        } catch (err) {
          showServerError(err);
        } finally {
          saveButton.disabled = false;
          saveButton.removeAttribute("aria-busy");
        }
      },
    });
    dialog.addEventListener("close", () => resolve(saved));
    dialog.showModal();
    locked.input.focus();
  });

  function clearErrors() {
    generalError.hidden = true;
    for (const { input, error } of fields.values()) {
      error.hidden = true;
      input.removeAttribute("aria-invalid");
    }
  }

  /** @param {string} text */
  function general(text) {
    generalError.textContent = text;
    generalError.hidden = false;
    generalError.scrollIntoView({ block: "nearest" });
  }

  /**
   * @param {Field} field
   * @param {string} text
   */
  function fieldError(field, text) {
    const f = fields.get(field);
    if (!f) {
      general(text);
      return;
    }
    f.error.textContent = text;
    f.error.hidden = false;
    f.input.setAttribute("aria-invalid", "true");
  }

  /**
   * Puts the focus on a field and brings its error into view too.
   * @param {Field} field
   */
  function focusField(field) {
    const f = fields.get(field);
    if (!f) return;
    f.input.focus();
    if (f.input instanceof HTMLInputElement) f.input.select();
    if (!f.error.hidden) f.error.scrollIntoView({ block: "nearest" });
  }

  /** The changes, or null (with errors shown) when something is not valid. @returns {RoomSettingsPatch | null} */
  function collect() {
    /** @type {RoomSettingsPatch} */
    const patch = {};
    /** @type {Field | null} */
    let firstBad = null;
    /**
     * @param {Field} field
     * @param {string} text
     */
    const bad = (field, text) => {
      fieldError(field, text);
      firstBad ??= field;
    };

    if (locked.input.checked !== current.locked) patch.locked = locked.input.checked;
    if (requireName.input.checked !== current.require_name) patch.require_name = requireName.input.checked;

    for (const [field, setting, isSet, bounds] of /** @type {const} */ ([
      ["join_password", joinPassword, current.join_password, JOIN_PASSWORD],
      ["owner_password", ownerPassword, current.owner_password, OWNER_PASSWORD],
    ])) {
      const value = setting.input.value;
      if (setting.on.input.checked) {
        if (value === "" && isSet) continue; // keep the current one
        const n = chars(value);
        if (n < bounds.min || n > bounds.max) {
          bad(field, value === "" ? t("rs-password-missing") : t("rs-password-length", { min: bounds.min, max: bounds.max }));
          continue;
        }
        patch[field] = value;
      } else if (isSet) {
        patch[field] = null;
      }
    }
    if (ownerChanging()) {
      if (currentInput.value === "") bad("current_owner_password", t("rs-current-owner-password-missing"));
      else if (patch.owner_password !== undefined) patch.current_owner_password = currentInput.value;
    }

    const raw = maxInput.value.trim();
    const max = Number(raw);
    if (raw === "" || !Number.isInteger(max) || max < 0 || (limit > 0 && max > limit)) {
      bad("max_members", limit > 0 ? t("rs-max-members-range", { limit }) : t("rs-max-members-invalid"));
    } else if (max !== current.max_members) {
      patch.max_members = max;
    }

    const addresses = notifyInput.value
      .split(/[\n,;]+/u)
      .map((s) => s.trim())
      .filter(Boolean);
    const wrong = addresses.find((a) => a.length > MAX_ADDRESS || !ADDRESS.test(a));
    if (addresses.length > MAX_NOTIFY) bad("notify", t("rs-notify-too-many", { max: MAX_NOTIFY }));
    else if (wrong !== undefined) bad("notify", t("rs-notify-invalid", { address: wrong }));
    else if ([...addresses].sort().join("\n") !== [...notifyBefore].sort().join("\n")) patch.notify = addresses;

    if (firstBad) {
      focusField(firstBad);
      return null;
    }
    return patch;
  }

  /** @param {unknown} err */
  function showServerError(err) {
    if (!(err instanceof ApiError)) {
      general(t("error-generic", { code: String(err) }));
      return;
    }
    if (err.code === "common_room_name") {
      fieldError("owner_password", t("rs-common-name"));
      focusField("owner_password");
      return;
    }
    if (err.code === "owner_password_required") {
      // One code for a missing and a wrong current owner password (the form never sends it empty).
      if (!current.owner_password) {
        // The room was reserved by someone else after this dialog read it: there is no field to fill.
        general(t("rs-owner-password-reserved-meanwhile"));
        return;
      }
      currentBox.hidden = false;
      fieldError(
        "current_owner_password",
        currentInput.value === "" ? t("rs-current-owner-password-missing") : t("rs-current-owner-password-wrong"),
      );
      focusField("current_owner_password");
      return;
    }
    if (err.code === "invalid_settings") {
      // The server's message names the field: show it there, in the server's words.
      const field = /** @type {Field[]} */ (["join_password", "owner_password", "max_members", "notify"]).find((f) =>
        err.message.includes(f),
      );
      if (field) {
        fieldError(field, t("rs-server-refused", { detail: err.message }));
        focusField(field);
        return;
      }
      general(t("rs-server-refused", { detail: err.message }));
      return;
    }
    general(settingsErrorText(err));
  }
}

/**
 * What to tell a chairman whose change of the room's settings (the dialog, or the lock in the people panel) the
 * server refused for a reason that is no field's.
 * @param {unknown} err
 */
export function settingsErrorText(err) {
  if (!(err instanceof ApiError)) return t("error-generic", { code: String(err) });
  switch (err.code) {
    case "not_allowed":
      return t("rs-not-allowed");
    case "network":
      return t("error-network");
    case "rate_limited":
      return err.retryAfter !== null && err.retryAfter > 0
        ? t("error-too-many-changes", { count: err.retryAfter })
        : t("error-too-many-changes-later");
    case "busy":
      return t("error-busy");
    default:
      return err.message || t("error-generic", { code: err.code });
  }
}
