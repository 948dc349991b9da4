// What the browser remembers between visits (localStorage): display name, colour, chosen devices, sounds.

import { PALETTE_SIZE } from "../lib/rules.gen.js";

const KEY = "vroom.prefs.v1";

/**
 * @typedef {object} Prefs
 * @property {string} name
 * @property {string} audioDeviceId
 * @property {string} videoDeviceId
 * @property {boolean} soundsOff No sound cues (someone joins or leaves, a chat message, a raised hand). Read from the old
 *   `chatSoundsOff` when the new key is not there yet.
 * @property {number | null} colour The palette colour chosen in a meeting (null: let the room pick).
 */

/** @returns {Prefs} */
export function loadPrefs() {
  /** @type {Prefs} */
  const prefs = { name: "", audioDeviceId: "", videoDeviceId: "", soundsOff: false, colour: null };
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? "{}");
    if (raw && typeof raw === "object") {
      for (const key of /** @type {const} */ (["name", "audioDeviceId", "videoDeviceId"])) {
        if (typeof raw[key] === "string") prefs[key] = raw[key];
      }
      if (typeof raw.soundsOff === "boolean") prefs.soundsOff = raw.soundsOff;
      else if (typeof raw.chatSoundsOff === "boolean") prefs.soundsOff = raw.chatSoundsOff;
      if (Number.isInteger(raw.colour) && raw.colour >= 0 && raw.colour < PALETTE_SIZE) prefs.colour = raw.colour;
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
