// What the browser remembers between visits (localStorage): display name, chosen devices, chat sounds.

const KEY = "vroom.prefs.v1";

/**
 * @typedef {object} Prefs
 * @property {string} name
 * @property {string} audioDeviceId
 * @property {string} videoDeviceId
 * @property {boolean} chatSoundsOff
 */

/** @returns {Prefs} */
export function loadPrefs() {
  /** @type {Prefs} */
  const prefs = { name: "", audioDeviceId: "", videoDeviceId: "", chatSoundsOff: false };
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? "{}");
    if (raw && typeof raw === "object") {
      for (const key of /** @type {const} */ (["name", "audioDeviceId", "videoDeviceId"])) {
        if (typeof raw[key] === "string") prefs[key] = raw[key];
      }
      if (typeof raw.chatSoundsOff === "boolean") prefs.chatSoundsOff = raw.chatSoundsOff;
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
