// The JSON API of the server, for the pages. No DOM.
//
// Requests go to the same origin with the session cookie (`vroom_session`, HttpOnly: set and read by the server
// only), which carries the roles this browser holds in rooms.

/** @typedef {import('./protocol').CreatedRoom} CreatedRoom */
/** @typedef {import('./protocol').RoomStatus} RoomStatus */
/** @typedef {import('./protocol').AuthResult} AuthResult */
/** @typedef {import('./protocol').RoomSettingsPatch} RoomSettingsPatch */
/** @typedef {import('./protocol').RoomSettingsSaved} RoomSettingsSaved */
/** @typedef {import('./protocol').InvitationList} InvitationList */
/** @typedef {import('./protocol').InvitationReply} InvitationReply */
/** @typedef {import('./protocol').InvitationResponse} InvitationResponse */
/** @typedef {import('./protocol').NotesAccess} NotesAccess */
/** @typedef {import('./protocol').NotesState} NotesState */

/** An API answer that is not a success: HTTP status, `error` code and the server's message. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   * @param {number | null} [retryAfter] Seconds to wait before trying again (`too_many_attempts`, `rate_limited`,
   *   `busy`).
   * @param {Record<string, unknown> | null} [body] The whole error body, for the fields some errors add (the
   *   `invalid` addresses of `invalid_email`).
   */
  constructor(status, code, message, retryAfter = null, body = null) {
    super(message || code);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
    this.body = body;
  }
}

/**
 * @param {string} path
 * @param {RequestInit} [init]
 * @returns {Promise<unknown>}
 */
async function call(path, init) {
  let res;
  try {
    res = await fetch(path, { credentials: "same-origin", ...init, headers: { Accept: "application/json", ...init?.headers } });
  } catch (err) {
    throw new ApiError(0, "network", err instanceof Error ? err.message : String(err));
  }
  /** @type {any} */
  let body = null;
  try {
    body = await res.json();
  } catch {
    // no JSON body
  }
  if (!res.ok) {
    const code = body && typeof body.error === "string" ? body.error : `http_${res.status}`;
    const message = body && typeof body.message === "string" ? body.message : "";
    throw new ApiError(res.status, code, message, retryAfterOf(res, body), body && typeof body === "object" ? body : null);
  }
  return body;
}

/**
 * Seconds to wait, from the body's `retry_after` or the Retry-After header (seconds form only).
 * @param {Response} res
 * @param {any} body
 * @returns {number | null}
 */
function retryAfterOf(res, body) {
  if (body && typeof body.retry_after === "number" && body.retry_after >= 0) return Math.ceil(body.retry_after);
  const header = res.headers.get("Retry-After");
  if (header && /^\d+$/.test(header.trim())) return Number(header.trim());
  return null;
}

/**
 * @param {string} method
 * @param {unknown} body
 * @returns {RequestInit}
 */
function json(method, body) {
  return { method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
}

/** @param {string} name */
function roomPath(name) {
  return `/api/rooms/${encodeURIComponent(name)}`;
}

/**
 * Creates a room; an empty name asks the server for a random one. The creator becomes its chairman.
 * @param {string} [name]
 * @returns {Promise<CreatedRoom>}
 */
export async function createRoom(name) {
  return /** @type {CreatedRoom} */ (await call("/api/rooms", json("POST", name ? { name } : {})));
}

/**
 * The room's status as this browser sees it (its role, whether it needs a password, is banned…).
 * @param {string} name
 * @returns {Promise<RoomStatus>}
 */
export async function getRoom(name) {
  return /** @type {RoomStatus} */ (await call(roomPath(name)));
}

/**
 * Gives a room password: the owner password makes this browser a chairman, the join password a participant.
 * Errors: `wrong_password` (401), `locked` / `banned` (403), `too_many_attempts` (429, `retryAfter`; per room and
 * address, and per address over all rooms), `busy` (503, `retryAfter`: the server is checking many passwords at
 * once), `room_not_found` (404).
 * @param {string} name
 * @param {string} password
 * @returns {Promise<AuthResult>}
 */
export async function authRoom(name, password) {
  return /** @type {AuthResult} */ (await call(`${roomPath(name)}/auth`, json("POST", { password })));
}

/**
 * Changes a room's settings (chairmen only: else `not_allowed`, 403). Changing or removing an owner password
 * that is set needs `current_owner_password` (else `owner_password_required`, 403). Errors: `invalid_settings`
 * (400, the message names the field), `common_room_name` (400), `rate_limited` (429, `retryAfter`: too many
 * changes from this address), `busy` (503, `retryAfter`, when a password is set or checked).
 * @param {string} name
 * @param {RoomSettingsPatch} patch
 * @returns {Promise<RoomSettingsSaved>}
 */
export async function patchRoom(name, patch) {
  return /** @type {RoomSettingsSaved} */ (await call(roomPath(name), json("PATCH", patch)));
}

/**
 * Sends the feedback form (202, nothing in the body). Errors: `invalid_feedback` / `invalid_email` (400),
 * `rate_limited` (429, `retryAfter`), `feedback_disabled` (404: no mail or no contact address on this server).
 * @param {{email: string, comment: string, website: string, ticket: string}} form
 */
export async function sendFeedback(form) {
  await call("/api/feedback", json("POST", form));
}

/**
 * The invitations sent for a room, newest first (chairmen only: else `not_allowed`, 403). Errors: `room_not_found`
 * (404), `mail_disabled` (404: this server sends no mail).
 * @param {string} room
 * @returns {Promise<InvitationList>}
 */
export async function listInvitations(room) {
  return /** @type {InvitationList} */ (await call(`${roomPath(room)}/invitations`));
}

/**
 * Invites people by e-mail to a room (chairmen only): 1 to 20 addresses and an optional message (at most 1000
 * characters); answers the invitations made (201). Nothing is sent when one address is refused. Errors:
 * `invalid_email` (400; `err.body.invalid` lists the addresses refused), `invalid_invitation` (400: no address,
 * too many, message too long), `not_allowed` (403), `room_not_found` / `mail_disabled` (404), `rate_limited`
 * (429, `retryAfter`). `name`: the inviter's display name, for the mail's first line ("Ana invites you…").
 * @param {string} room
 * @param {string[]} emails
 * @param {string} [message]
 * @param {string} [name]
 * @returns {Promise<InvitationList>}
 */
export async function invite(room, emails, message, name) {
  /** @type {{emails: string[], message?: string, name?: string}} */
  const body = { emails };
  if (message) body.message = message;
  if (name) body.name = name;
  return /** @type {InvitationList} */ (await call(`${roomPath(room)}/invitations`, json("POST", body)));
}

/**
 * The invitee's answer on the invitation page: "later" (the link keeps working) or "decline" (it stops), with an
 * optional message (at most 1000 characters) for the chairman. Errors: `invitation_gone` (410: declined or
 * expired), `invalid_body` (400), `rate_limited` (429, `retryAfter`).
 * @param {string} token the invitation link's token
 * @param {InvitationResponse} response
 * @param {string} [message]
 * @returns {Promise<InvitationReply>}
 */
export async function answerInvitation(token, response, message) {
  const body = message ? { response, message } : { response };
  return /** @type {InvitationReply} */ (
    await call(`/api/invitations/${encodeURIComponent(token)}/response`, json("POST", body))
  );
}

/**
 * Whether the collaborative notes can be used now: `off` (not on this server), `ready`, or `unavailable` (Etherpad
 * is not answering for now). Asks nothing of Etherpad: cheap enough to poll.
 * @returns {Promise<NotesState>}
 */
export async function notesState() {
  const answer = /** @type {{state: NotesState}} */ (await call("/api/notes"));
  return answer.state;
}

/**
 * Opens the room's notes for us, a participant of the meeting (`participant`: our id from the welcome). The answer
 * gives the pad's address; the server sets the `sessionID` cookie the pad needs. Errors: `not_in_room` (403),
 * `notes_disabled` / `room_not_found` (404), `notes_unavailable` (503: Etherpad is not answering), `rate_limited`
 * (429, `retryAfter`).
 * @param {string} room
 * @param {string} participant
 * @returns {Promise<NotesAccess>}
 */
export async function openNotes(room, participant) {
  return /** @type {NotesAccess} */ (await call(`${roomPath(room)}/notes`, json("POST", { participant })));
}

/**
 * Empties the room's notes (chairmen only: else `not_allowed`, 403); everyone in the meeting is told. `cleared` is
 * false when the notes were never opened. Errors as for `openNotes`.
 * @param {string} room
 * @returns {Promise<{cleared: boolean}>}
 */
export async function clearNotes(room) {
  return /** @type {{cleared: boolean}} */ (await call(`${roomPath(room)}/notes/clear`, json("POST", {})));
}
