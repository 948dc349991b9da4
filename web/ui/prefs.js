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

const REJOIN_KEY = "vroom.rejoin";
/** A rejoin mark older than this is ignored (the reload it was for did not happen). */
const REJOIN_MAX_AGE_MS = 60_000;

/**
 * Marks this tab to go straight back into a room after the reload that follows (a language change).
 * @param {{room: string, audio: boolean, video: boolean}} state
 */
export function markRejoin(state) {
  try {
    sessionStorage.setItem(REJOIN_KEY, JSON.stringify({ ...state, at: Date.now() }));
  } catch {
    // storage disabled: the pre-join shows as usual
  }
}

/**
 * Takes (and forgets) this tab's rejoin mark for a room.
 * @param {string} room
 * @returns {{audio: boolean, video: boolean} | null}
 */
export function takeRejoin(room) {
  try {
    const raw = JSON.parse(sessionStorage.getItem(REJOIN_KEY) ?? "null");
    sessionStorage.removeItem(REJOIN_KEY);
    if (!raw || raw.room !== room || typeof raw.at !== "number" || Date.now() - raw.at > REJOIN_MAX_AGE_MS) return null;
    return { audio: raw.audio !== false, video: raw.video !== false };
  } catch {
    return null;
  }
}
