// Room names, as the server accepts them (crates/vroom-core/src/room_name.rs): 1–49 of ASCII letters, digits, '-'
// and '_', case-insensitive (folded to lower case), some names reserved for the server's own routes. The limits
// come from the server's own definitions (rules.gen.js).

import { MAX_ROOM_NAME_LEN, RESERVED_ROOM_NAMES } from "./rules.gen.js";

const RESERVED = new Set(RESERVED_ROOM_NAMES);

/**
 * Why a room name is refused, or null when it is valid.
 * @param {string} raw
 * @returns {"empty" | "too_long" | "invalid_character" | "reserved" | null}
 */
export function roomNameError(raw) {
  if (raw.length === 0) return "empty";
  if ([...raw].length > MAX_ROOM_NAME_LEN) return "too_long";
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) return "invalid_character";
  if (RESERVED.has(raw.toLowerCase())) return "reserved";
  return null;
}

/**
 * The room name in something a user typed or pasted: a bare name or a meeting link (`https://host/<name>`).
 * Returns the trimmed text unchanged when it is neither, so that validation can explain what is wrong.
 * @param {string} input
 * @param {string} [origin] Our own origin: links to other sites are not taken apart.
 */
export function extractRoomName(input, origin) {
  const text = input.trim();
  if (/^https?:\/\//i.test(text)) {
    try {
      const url = new URL(text);
      if (!origin || url.origin === origin) {
        const parts = url.pathname.split("/").filter(Boolean);
        if (parts.length === 1) return decodeURIComponent(parts[0]);
      }
    } catch {
      // not a URL after all
    }
  }
  return text;
}
