// What the browser remembers between visits (localStorage): display name and chosen devices.

const KEY = "vroom.prefs.v1";

/**
 * @typedef {object} Prefs
 * @property {string} name
 * @property {string} audioDeviceId
 * @property {string} videoDeviceId
 */

/** @returns {Prefs} */
export function loadPrefs() {
  /** @type {Prefs} */
  const prefs = { name: "", audioDeviceId: "", videoDeviceId: "" };
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? "{}");
    if (raw && typeof raw === "object") {
      for (const key of /** @type {(keyof Prefs)[]} */ (["name", "audioDeviceId", "videoDeviceId"])) {
        if (typeof raw[key] === "string") prefs[key] = raw[key];
      }
    }
  } catch {
    // storage disabled or garbage: defaults
  }
  return prefs;
}

/** @param {Partial<Prefs>} change */
export function savePrefs(change) {
  try {
    localStorage.setItem(KEY, JSON.stringify({ ...loadPrefs(), ...change }));
  } catch {
    // storage disabled: nothing remembered
  }
}
