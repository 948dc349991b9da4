// The language choice: a labelled <select> of the languages VROOM speaks, each named in itself ("English",
// "Français"). Choosing one remembers it in the `vroom_lang` cookie, which the server reads before Accept-Language
// to render the pages (and `<html lang>`, hence this client's messages) in it, and reloads the page.
//
// Used by the home page's footer and the pre-join screen; the meeting's settings can use it too (pass `onChange`
// to do something else than reload, e.g. ask first). Pages without script offer the same choice as `?lang=` links.
//
// Hooks: [data-testid=language-select] (value = the page's language).

import { h } from "./dom.js";
import { LANG, t } from "./i18n.js";

/** The languages of locales/ (tests/locales.rs checks this list against its directories). */
export const LANGUAGES = Object.freeze(["en", "fr"]);

/** The cookie the server reads (crates/vroom-server/src/i18n.rs). */
export const LANGUAGE_COOKIE = "vroom_lang";

/**
 * Remembers a language for a year, for every page of this site.
 * @param {string} lang
 */
export function rememberLanguage(lang) {
  const secure = location.protocol === "https:" ? "; Secure" : "";
  document.cookie = `${LANGUAGE_COOKIE}=${encodeURIComponent(lang)}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
}

/**
 * A `.field` with the label "Language" and the select; choosing remembers the language, then calls `onChange`
 * (by default: reload the page, which the server renders in the new language).
 * @param {{id?: string, onChange?: (lang: string) => void}} [options]
 * @returns {HTMLDivElement}
 */
export function languageSelect({ id = "language-select", onChange = () => location.reload() } = {}) {
  const select = h(
    "select",
    { id, class: "select", "data-testid": "language-select", autocomplete: "off" },
    LANGUAGES.map((code) =>
      h("option", { value: code, lang: code, text: t(`language-${code}`), selected: code === LANG }),
    ),
  );
  select.value = LANG;
  select.addEventListener("change", () => {
    rememberLanguage(select.value);
    onChange(select.value);
  });
  return h("div", { class: "field language-field" }, h("label", { for: id, text: t("language-label") }), select);
}
