// Every string the client shows, in one place. Keys are Fluent-style message ids (kebab-case) and variables are
// written as Fluent placeables (`{ $name }`), so that moving to `locales/<lang>/*.ftl` with @fluent/bundle keeps
// the keys and the text. Plural messages are objects keyed by `Intl.PluralRules` category, chosen by `count`.
//
// Usage: t("toast-joined", { name: "Ada" }) → "Ada joined".

/** @typedef {string | Partial<Record<Intl.LDMLPluralRule, string>> & {other: string}} Message */

/** @type {Record<string, Message>} */
const EN = {
  // ---- general
  "you": "You",
  "guest": "Guest",
  "close": "Close",
  "done": "Done",
  "go-home": "Go home",
  "copy-link": "Copy link",
  "link-copied": "Link copied — share it with the people you want to meet.",
  "link-copy-failed": "Couldn't copy the link. Here it is: { $url }",
  "leave": "Leave meeting",

  // ---- errors (API and unexpected)
  "error-network": "Can't reach the server. Check your connection and try again.",
  "error-rate-limited": "Too many attempts. Please wait a moment and try again.",
  "error-generic": "Something went wrong ({ $code }). Please try again.",
  "error-unexpected": "Something went wrong",

  // ---- home: room names
  "room-name-empty": "Enter a room name.",
  "room-name-too-long": "A room name can have at most 49 characters.",
  "room-name-invalid-character": "Use only letters, digits, '-' and '_' (no spaces or accents).",
  "room-name-reserved": "This name is used by VROOM itself. Please choose another one.",
  "room-exists": "The room “{ $name }” already exists.",
  "room-exists-join": "Join the existing room",
  "room-exists-other": "Choose another name",
  "join-empty": "Enter a room name or paste a meeting link.",

  // ---- microphone and camera buttons
  "mic-turn-off": "Turn off microphone",
  "mic-turn-on": "Turn on microphone",
  "cam-turn-off": "Turn off camera",
  "cam-turn-on": "Turn on camera",

  // ---- device pickers
  "device-camera": "Camera",
  "device-microphone": "Microphone",
  "device-camera-n": "Camera { $n }",
  "device-microphone-n": "Microphone { $n }",
  "device-needs-permission": "Allow access to choose",
  "device-no-camera": "No camera found",
  "device-no-microphone": "No microphone found",

  // ---- pre-join
  "prejoin-title": "Ready to join?",
  "prejoin-room-label": "Room",
  "prejoin-count-empty": "No one else is here yet.",
  "prejoin-count": {
    one: "{ $count } person is in this room.",
    other: "{ $count } people are in this room.",
  },
  "prejoin-name-label": "Your name",
  "prejoin-name-placeholder": "How others will see you",
  "prejoin-join": "Join meeting",
  "prejoin-preview-label": "Your camera preview",
  "prejoin-mic-level": "Microphone level",
  "prejoin-starting": "Starting camera…",
  "prejoin-camera-off": "Your camera is off",
  "prejoin-no-camera": "No camera",
  "prejoin-camera-blocked": "Camera blocked",

  // ---- pre-join notices about devices
  "media-retry": "Try again",
  "media-join-anyway": "You can still join to watch and listen.",
  "media-no-camera-title": "No camera found",
  "media-no-camera-body": "You'll join with audio only.",
  "media-no-microphone-title": "No microphone found",
  "media-no-microphone-body": "Others won't hear you. Plug in a microphone and try again, or join anyway.",
  "media-no-devices-title": "No camera or microphone found",
  "media-no-devices-body": "You can still join to watch and listen.",
  "media-denied-title": "Camera and microphone are blocked",
  "media-denied-body": "Your browser isn't letting VROOM use your camera and microphone, so others can't see or hear you.",
  "media-denied-how":
    "To allow them, click the camera or padlock icon in the address bar, choose “Allow” for camera and microphone, then press “Try again”.",
  "media-busy-title": "Your camera or microphone is busy",
  "media-busy-body": "Another application may be using it. Close that application, then try again.",
  "media-error-title": "Couldn't start your camera or microphone",
  "media-error-body": "Check that they are connected, then try again.",
  "media-insecure-title": "Camera and microphone are unavailable",
  "media-insecure-body": "Browsers only allow them on secure (https) pages. Ask the administrator of this server to enable HTTPS.",

  // ---- device errors while toggling (toasts)
  "media-error-audio-denied": "The browser blocked the microphone. Allow it in the address bar, then try again.",
  "media-error-audio-notfound": "No microphone found.",
  "media-error-audio-busy": "The microphone is used by another application.",
  "media-error-audio-error": "Couldn't start the microphone.",
  "media-error-video-denied": "The browser blocked the camera. Allow it in the address bar, then try again.",
  "media-error-video-notfound": "No camera found.",
  "media-error-video-busy": "The camera is used by another application.",
  "media-error-video-error": "Couldn't start the camera.",

  // ---- meeting
  "meeting-grid-label": "Participants' videos",
  "toolbar-label": "Meeting controls",
  "settings-open": "Settings",
  "settings-title": "Camera and microphone",
  "people-title": "People",
  "people-you": "{ $name } (you)",
  "people-count": {
    one: "{ $count } person in the meeting",
    other: "{ $count } people in the meeting",
  },
  "banner-reconnecting": "Reconnecting…",
  "banner-enable-sound": "Click to turn on sound",
  "tile-mic-off": "Microphone off",
  "tile-mic-on": "Microphone on",
  "tile-cam-off": "Camera off",
  "tile-cam-on": "Camera on",
  "tile-reconnecting": "Reconnecting…",
  "tile-connecting": "Connecting…",
  "tile-connection-unstable": "Connection unstable…",
  "tile-connection-failed": "Can't connect — retrying…",
  "toast-joined": "{ $name } joined",
  "toast-left": "{ $name } left",
  "toast-timed-out": "{ $name } lost their connection",
  "toast-reconnected": "You're back online.",
  "toast-rate-limited": "Slow down a little: the server is receiving too many messages.",
  "toast-mic-lost": "Your microphone stopped working or was unplugged.",
  "toast-cam-lost": "Your camera stopped working or was unplugged.",

  // ---- the server refused the join for good
  "fatal-retry": "Try again",
  "fatal-room-not-found-title": "This room doesn't exist any more",
  "fatal-room-not-found-body": "It may have been closed. You can create it again from the room's page.",
  "fatal-room-full-title": "This room is full",
  "fatal-room-full-body": "No one else can join right now. Try again later.",
  "fatal-invalid-name-title": "That name can't be used",
  "fatal-invalid-name-body": "Choose a shorter name without special characters, then try again.",
  "fatal-invalid-room-name-title": "This isn't a valid room name",
  "fatal-invalid-room-name-body": "Room names use letters, digits, '-' and '_'.",
  "fatal-unsupported-protocol-title": "VROOM was updated",
  "fatal-unsupported-protocol-body": "Reload the page to get the new version.",
  "fatal-replaced-title": "You joined from somewhere else",
  "fatal-replaced-body": "This window left the meeting because another tab or device took your place.",
  "fatal-generic-title": "Couldn't join the meeting",
  "fatal-generic-body": "Please try again.",
};

const LOCALE = "en";
const plurals = new Intl.PluralRules(LOCALE);

/**
 * The text of a message, with its variables filled in. An unknown key returns the key itself (and warns once).
 * @param {string} key
 * @param {Record<string, string | number>} [vars]
 * @returns {string}
 */
export function t(key, vars = {}) {
  const msg = EN[key];
  if (msg === undefined) {
    if (!warned.has(key)) {
      warned.add(key);
      console.warn(`i18n: missing message "${key}"`);
    }
    return key;
  }
  let text;
  if (typeof msg === "string") {
    text = msg;
  } else {
    const count = Number(vars.count ?? 0);
    text = msg[plurals.select(count)] ?? msg.other;
  }
  return text.replace(/\{\s*\$([a-zA-Z0-9_-]+)\s*\}/g, (whole, name) =>
    Object.hasOwn(vars, name) ? formatVar(vars[name]) : whole,
  );
}

/** @param {string | number} value */
function formatVar(value) {
  return typeof value === "number" ? value.toLocaleString(LOCALE) : value;
}

/** @type {Set<string>} */
const warned = new Set();

/** Every message id (for checks). */
export const MESSAGE_IDS = Object.freeze(Object.keys(EN));
