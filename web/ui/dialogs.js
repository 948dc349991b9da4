// Small dialogs: a confirmation, a password prompt, and a non-modal request card ("Ana asks you to unmute").
// Modal ones are <dialog>s opened with showModal() (focus trapped, Escape cancels, the page behind is inert).
//
// Hooks: confirmation [data-testid=confirm-dialog] with [data-testid=confirm-ok] / [data-testid=confirm-cancel];
// password prompt: the testid given, with [data-testid=dialog-password], [data-testid=dialog-error],
// [data-testid=dialog-submit]; request card: the testid given, with [data-testid=request-accept] /
// [data-testid=request-dismiss].

import { h } from "./dom.js";
import { icon } from "./icons.js";
import { t } from "./i18n.js";

/** @typedef {import('./dom.js').Child} Child */

let counter = 0;
/** @param {string} prefix */
function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

/**
 * A modal dialog with a title, a body and a row of actions, in a form (so Enter submits). Removed when closed.
 * @param {{testid: string, title: string, body: (Child | Child[])[], actions: Child[], onSubmit?: (ev: SubmitEvent) => void, className?: string}} o
 */
export function modal(o) {
  const titleId = uid("dialog-title");
  const form = h(
    "form",
    { method: "dialog", class: "dialog-body", novalidate: true },
    h("h2", { id: titleId, text: o.title }),
    ...o.body,
    h("div", { class: "dialog-actions" }, ...o.actions),
  );
  if (o.onSubmit) {
    const submit = o.onSubmit;
    form.addEventListener("submit", (ev) => submit(/** @type {SubmitEvent} */ (ev)));
  }
  const dialog = h(
    "dialog",
    { class: `dialog ${o.className ?? ""}`.trim(), "aria-labelledby": titleId, "data-testid": o.testid },
    form,
  );
  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  return { dialog, form };
}

/**
 * Asks to confirm an action. The cancel button has the focus (the safe choice).
 * @param {{title: string, text: string, confirmLabel: string, danger?: boolean}} o
 * @returns {Promise<boolean>}
 */
export function confirmDialog(o) {
  return new Promise((resolve) => {
    let confirmed = false;
    const cancel = h("button", {
      type: "button",
      class: "btn btn-ghost",
      "data-testid": "confirm-cancel",
      text: t("cancel"),
      onclick: () => dialog.close(),
    });
    const { dialog } = modal({
      testid: "confirm-dialog",
      title: o.title,
      body: [h("p", { class: "dialog-text", text: o.text })],
      actions: [
        cancel,
        h("button", {
          type: "submit",
          class: o.danger ? "btn btn-danger" : "btn btn-primary",
          "data-testid": "confirm-ok",
          text: o.confirmLabel,
        }),
      ],
      onSubmit: () => {
        confirmed = true;
      },
    });
    dialog.addEventListener("close", () => resolve(confirmed));
    dialog.showModal();
    cancel.focus();
  });
}

/**
 * Asks for a password; `submit` checks it and returns null when done (the dialog closes) or a message to show.
 * @param {{testid: string, title: string, text: string, label: string, submitLabel: string, submit: (password: string) => Promise<string | null>}} o
 * @returns {Promise<boolean>} whether the password was accepted
 */
export function passwordDialog(o) {
  return new Promise((resolve) => {
    let accepted = false;
    const inputId = uid("dialog-password");
    const errorId = uid("dialog-error");
    const input = h("input", {
      id: inputId,
      class: "input",
      type: "password",
      autocomplete: "current-password",
      maxlength: "128",
      "data-testid": "dialog-password",
      "aria-describedby": errorId,
    });
    const error = h("p", { id: errorId, class: "form-error", role: "alert", "data-testid": "dialog-error", hidden: true });
    const submitButton = h("button", {
      type: "submit",
      class: "btn btn-primary",
      "data-testid": "dialog-submit",
      text: o.submitLabel,
    });
    /** @param {string} text */
    const fail = (text) => {
      error.textContent = text;
      error.hidden = false;
      input.setAttribute("aria-invalid", "true");
      input.focus();
      input.select();
    };
    const { dialog } = modal({
      testid: o.testid,
      title: o.title,
      body: [
        h("p", { class: "dialog-text", text: o.text }),
        h("div", { class: "field" }, h("label", { for: inputId, text: o.label }), input),
        error,
      ],
      actions: [
        h("button", {
          type: "button",
          class: "btn btn-ghost",
          text: t("cancel"),
          onclick: () => dialog.close(),
        }),
        submitButton,
      ],
      onSubmit: async (ev) => {
        ev.preventDefault();
        if (submitButton.disabled) return;
        if (!input.value) {
          fail(t("password-empty"));
          return;
        }
        submitButton.disabled = true;
        submitButton.setAttribute("aria-busy", "true");
        const message = await o.submit(input.value);
        submitButton.disabled = false;
        submitButton.removeAttribute("aria-busy");
        if (message === null) {
          accepted = true;
          dialog.close();
        } else {
          fail(message);
        }
      },
    });
    dialog.addEventListener("close", () => resolve(accepted));
    dialog.showModal();
    input.focus();
  });
}

/**
 * A non-modal card at the top of the screen asking the user to do something (turn the mic on…). Only the user's
 * click on the accept button does anything. Escape or "Not now" dismisses it.
 * @param {{testid: string, text: string, acceptLabel: string, acceptIcon: string, onAccept: () => void}} o
 */
export function requestCard(o) {
  const textId = uid("request-text");
  const accept = h(
    "button",
    {
      type: "button",
      class: "btn btn-primary btn-small",
      "data-testid": "request-accept",
      onclick: () => {
        close();
        o.onAccept();
      },
    },
    icon(o.acceptIcon),
    o.acceptLabel,
  );
  const card = h(
    "dialog",
    { class: "request-card", "aria-labelledby": textId, "data-testid": o.testid },
    h("p", { id: textId, class: "request-text", text: o.text }),
    h(
      "div",
      { class: "request-actions" },
      h("button", {
        type: "button",
        class: "btn btn-ghost btn-small",
        "data-testid": "request-dismiss",
        text: t("request-not-now"),
        onclick: () => close(),
      }),
      accept,
    ),
  );
  const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const close = () => {
    if (!card.isConnected) return;
    const hadFocus = card.contains(document.activeElement);
    card.close();
    card.remove();
    if (hadFocus && previous?.isConnected) previous.focus();
  };
  card.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") {
      ev.preventDefault();
      close();
    }
  });
  document.body.append(card);
  card.show();
  accept.focus();
  return { el: card, close };
}
