// Every string the client shows comes from the Fluent files in locales/<lang>/*.ftl (the same files the server
// formats its pages and error messages with). The page's language is the one the server chose for it
// (`<html lang>`: the `vroom_lang` cookie, else Accept-Language, else English); this module downloads that
// language's messages (GET /assets/i18n/<lang>.ftl, all its files in one) before any module that imports it runs,
// so `t` stays synchronous.
//
// Usage: t("toast-joined", { name: "Ada" }) → "Ada joined". Plurals are select expressions on a number
// (`{ $count -> [one] … *[other] … }`): pass the number itself, not a string.

import { FluentBundle } from "../lib/fluent.js";

/** The page's language ("en", "fr"), as the server set it on `<html lang>`. */
export const LANG = document.documentElement.lang || "en";

const bundle = new FluentBundle(LANG);

/** @param {string} lang */
async function load(lang) {
  const res = await fetch(`/assets/i18n/${encodeURIComponent(lang)}.ftl`);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  for (const problem of bundle.addResource(await res.text())) console.error(`i18n (${lang}): ${problem}`);
}

try {
  await load(LANG);
} catch (err) {
  console.error(`i18n: could not load the "${LANG}" messages`, err);
  // Better English than message ids.
  if (LANG !== "en") await load("en").catch(() => {});
}

/** @type {Set<string>} */
const warned = new Set();

/** @param {string} text */
function warnOnce(text) {
  if (warned.has(text)) return;
  warned.add(text);
  console.warn(`i18n: ${text}`);
}

/**
 * The text of a message, with its variables filled in (numbers in the language's format). An unknown key returns
 * the key itself (and warns once).
 * @param {string} key
 * @param {Record<string, string | number>} [vars]
 * @returns {string}
 */
export function t(key, vars = {}) {
  /** @type {string[]} */
  const errors = [];
  const text = bundle.format(key, vars, errors);
  if (text === null) {
    warnOnce(`missing message "${key}"`);
    return key;
  }
  if (errors.length > 0) warnOnce(`${key}: ${errors.join("; ")}`);
  return text;
}

/** Every message id of the page's language (for checks). */
export const MESSAGE_IDS = Object.freeze(bundle.messageIds);
