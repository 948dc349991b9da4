// The room page (/<room>): "this room doesn't exist yet" card, or the pre-join screen and then the meeting.
//
// For tests and debugging, `window.vroom` is:
//   {
//     room: string,                       // the room name (lower case)
//     phase: "missing" | "prejoin" | "meeting",
//     media: LocalMedia | null,           // lib/media.js (null on the missing-room card): .stream, .audioTrack,
//                                         //   .videoTrack, .micOn, .camOn, .sendingAudio, .sendingVideo
//     localStream: MediaStream | null,    // = media.stream (our current camera and microphone tracks)
//     signalling: Signalling | null,      // lib/signalling.js, once joining: .state ("connecting" | "joined" |
//                                         //   "reconnecting" | "closed" | "failed"), .id (our participant id),
//                                         //   .self (our ParticipantInfo), .welcomes (number of welcomes),
//                                         //   .fatalError ({code, message} once "failed"), .ended ("ended" |
//                                         //   "deleted" once an administrator sent everyone away, else null)
//     mesh: Mesh | null,                  // lib/mesh.js: .participants = Map<id, {id, info, peer, stream}>
//                                         //   where peer.pc is the RTCPeerConnection and stream the remote
//                                         //   MediaStream; .peerConnections = RTCPeerConnection[]
//     peers(): Array<{id: string, info: ParticipantInfo, pc: RTCPeerConnection, stream: MediaStream, screen: MediaStream}>,
//     meeting: Meeting | null,            // ui/meeting.js (toggleMic(), toggleCam(), setMic(on), setCam(on),
//                                         //   leave(), openPeople(), .serverErrors: [{code, message}] received
//                                         //   after joining, newest last)
//     role: "participant" | "chairman" | null,  // our role in the meeting (null before joining)
//     settings: RoomSettingsView | null,  // the room's settings as the meeting last heard them
//     send(msg): boolean,                 // sends a raw ClientMessage on the signalling socket (tests)
//     notices(): string[],                // every toast shown so far, oldest first
//     refusal: string | null,             // the code of the last join the server refused (back on the pre-join)
//     chat(): ChatMessage[],              // the chat messages shown, oldest first ({seq, from: {id, name}, colour, at, text})
//     chatUnread(): number,               // messages arrived while the chat panel was closed
//   }
// `phase` is also `data-phase` on the `#app` element ("loading" until this script runs).

import { byId, h, markReady } from "./dom.js";
import { t } from "./i18n.js";
import { Toaster } from "./toast.js";
import { PreJoin } from "./prejoin.js";
import { Meeting } from "./meeting.js";
import { loadPrefs, takeRejoin } from "./prefs.js";
import { LocalMedia } from "../lib/media.js";
import { createRoom, ApiError } from "../lib/api.js";

/** @typedef {import('../lib/signalling.js').Signalling} Signalling */
/** @typedef {import('../lib/mesh.js').Mesh} Mesh */
/** @typedef {import('../lib/protocol').ParticipantInfo} ParticipantInfo */
/** @typedef {import('../lib/protocol').RoomSettingsView} RoomSettingsView */
/** @typedef {import('../lib/protocol').ClientMessage} ClientMessage */
/** @typedef {import('../lib/protocol').Role} Role */

/**
 * @typedef {object} VroomDebug
 * @property {string} room
 * @property {"missing" | "prejoin" | "meeting"} phase
 * @property {LocalMedia | null} media
 * @property {MediaStream | null} localStream
 * @property {Signalling | null} signalling
 * @property {Mesh | null} mesh
 * @property {Meeting | null} meeting
 * @property {() => Array<{id: string, info: ParticipantInfo, pc: RTCPeerConnection, stream: MediaStream, screen: MediaStream}>} peers
 * @property {Role | null} role
 * @property {RoomSettingsView | null} settings
 * @property {(msg: ClientMessage) => boolean} send
 * @property {() => string[]} notices
 * @property {string | null} refusal
 * @property {() => import('../lib/protocol').ChatMessage[]} chat
 * @property {() => number} chatUnread
 */

const app = byId("app", HTMLElement);
const room = (app.dataset.room ?? "").toLowerCase();
const exists = /^true$/i.test(app.dataset.exists ?? "");

/** @type {VroomDebug} */
const vroom = {
  room,
  phase: exists ? "prejoin" : "missing",
  media: null,
  localStream: null,
  signalling: null,
  mesh: null,
  meeting: null,
  peers() {
    const mesh = this.mesh;
    if (!mesh) return [];
    return [...mesh.participants.values()].map((p) => ({ id: p.id, info: p.info, pc: p.peer.pc, stream: p.stream, screen: p.screen }));
  },
  get role() {
    return this.signalling?.self?.role ?? null;
  },
  get settings() {
    return this.meeting?.settings ?? null;
  },
  send(msg) {
    return this.signalling?.send(msg) ?? false;
  },
  notices() {
    return toaster ? toaster.history.map((n) => n.text) : [];
  },
  refusal: null,
  chat() {
    return this.meeting ? this.meeting.chat.messages.map((m) => ({ ...m, from: { ...m.from } })) : [];
  },
  chatUnread() {
    return this.meeting?.chat.unread ?? 0;
  },
};
/** @type {Toaster | null} */
let toaster = null;
/** @type {any} */ (window).vroom = vroom;

/** @param {VroomDebug["phase"]} phase */
function setPhase(phase) {
  vroom.phase = phase;
  app.dataset.phase = phase;
  document.body.classList.toggle("in-meeting", phase === "meeting");
}

function missingRoom() {
  setPhase("missing");
  const button = byId("create-room", HTMLButtonElement);
  const error = byId("create-error", HTMLElement);
  button.addEventListener("click", async () => {
    button.disabled = true;
    error.hidden = true;
    try {
      await createRoom(room);
      location.reload();
    } catch (err) {
      if (err instanceof ApiError && err.code === "room_exists") {
        location.reload();
        return;
      }
      error.textContent = apiErrorText(err);
      error.hidden = false;
      button.disabled = false;
    }
  });
}

/**
 * @param {unknown} err
 */
function apiErrorText(err) {
  if (err instanceof ApiError) {
    if (err.code === "rate_limited") return t("error-rate-limited");
    if (err.code === "network") return t("error-network");
    return err.message || t("error-generic", { code: err.code });
  }
  return t("error-generic", { code: String(err) });
}

async function run() {
  const notices = new Toaster(document.body);
  toaster = notices;
  const prefs = loadPrefs();
  const media = new LocalMedia({ audioDeviceId: prefs.audioDeviceId, videoDeviceId: prefs.videoDeviceId });
  vroom.media = media;
  vroom.localStream = media.stream;
  window.addEventListener("pagehide", () => {
    if (vroom.phase === "prejoin") media.stop();
  });

  app.replaceChildren();
  /** @type {string | null} */
  let refusal = null;
  let name = prefs.name;
  // Pre-join, then the meeting; a join the server refuses (password, lock, name, ban, full) comes back here.
  for (;;) {
    setPhase("prejoin");
    const prejoin = new PreJoin({ parent: app, room, media, toaster: notices, name, refusal, mediaStarted: refusal !== null });
    await prejoin.start();
    const rejoin = takeRejoin(room);
    if (rejoin) {
      // Back from a language change made in the meeting: same microphone and camera state, straight in.
      if (!rejoin.audio) await media.setMicOn(false).catch(() => {});
      if (!rejoin.video) await media.setCamOn(false).catch(() => {});
      prejoin.join();
    }
    ({ name } = await prejoin.done);
    prejoin.destroy();

    setPhase("meeting");
    const colour = loadPrefs().colour ?? undefined;
    const meeting = new Meeting({ parent: app, room, name, media, toaster: notices, colour });
    vroom.meeting = meeting;
    vroom.signalling = meeting.signalling;
    vroom.mesh = meeting.mesh;
    meeting.start();
    refusal = await meeting.refused;
    vroom.refusal = refusal;
    meeting.destroy();
    vroom.meeting = null;
    vroom.mesh = null;
  }
}

if (!exists) {
  missingRoom();
} else {
  run().catch((err) => {
    console.error(err);
    app.replaceChildren(
      h("section", { class: "card", role: "alert" }, h("h1", { text: t("error-unexpected") }), h("p", { text: String(err) })),
    );
  });
}

markReady();
