// Generated from crates/vroom-core by its `bindings` tests: do not edit.
// Regenerate with `VROOM_BLESS=1 cargo test -p vroom-core bindings`.

/** The signalling protocol version this client speaks. */
export const PROTOCOL_VERSION = 1;

/** Longest room name, in characters. */
export const MAX_ROOM_NAME_LEN = 49;

/** Names the server keeps for its own routes. */
export const RESERVED_ROOM_NAMES = Object.freeze(["about", "admin", "api", "assets", "auth", "config", "docs", "documentation", "favicon", "feedback", "goodbye", "health", "healthz", "help", "invitation", "invitations", "kicked", "locales", "login", "logout", "metrics", "new", "readyz", "robots", "static", "ws"]);

/** Longest display name, in characters. */
export const MAX_DISPLAY_NAME_LEN = 50;

/** A character class (for `new RegExp(…, "u")`) of what a display name may not contain. */
export const FORBIDDEN_NAME_CHARS = "[\\p{Cc}\\u{ad}-\\u{ad}\\u{61c}-\\u{61c}\\u{180e}-\\u{180e}\\u{200b}-\\u{200f}\\u{202a}-\\u{202e}\\u{2060}-\\u{206f}\\u{feff}-\\u{feff}\\u{fff9}-\\u{fffb}]";

/** Longest chat message, in characters. */
export const MAX_CHAT_CHARS = 2000;

/** How many colours the participants' palette has (a colour is an index below this). */
export const PALETTE_SIZE = 12;
