// The admin JSON API (/api/admin/…, docs/api.md), for the admin pages. No DOM.
//
// Requests carry the admin cookie (HttpOnly, SameSite=Strict: set by POST /api/admin/login). Mutations are JSON
// bodies with `Content-Type: application/json`, which the server's same-origin rule expects. A request that finds
// the login gone (401 `admin_login_required`) throws like any other; `web/admin/common.js` sends the page back
// to the login form.

import { ApiError } from "../lib/api.js";

export { ApiError };

/**
 * @typedef {{username: string, via: {kind: "session", expires_at: number} | {kind: "proxy"} | {kind: "control_socket"}}} Me
 * @typedef {{enabled: boolean, pending: number, failed: number, sent?: number}} MailFigures
 * @typedef {{waiting: number, failing: number, last_error?: string}} TrashFigures
 * @typedef {{state: "off" | "ready" | "unavailable", reason?: string, trash: TrashFigures}} NotesFigures
 * @typedef {{rooms: number, live_rooms: number, people: number, joins_since: number, connections: number,
 *   mail: MailFigures, notes: NotesFigures, version: string, started_at: number, database: string}} Stats
 * @typedef {"name" | "created" | "activity" | "people"} RoomSort
 * @typedef {"asc" | "desc"} Direction
 * @typedef {{name: string, created_at: number, last_activity: number, people: number, reserved: boolean,
 *   persistent: boolean, locked: boolean, require_name: boolean, join_password: boolean, max_members: number}} RoomSummary
 * @typedef {{total: number, page: number, per_page: number, sort: RoomSort, dir: Direction, q: string,
 *   rooms: RoomSummary[]}} RoomList
 * @typedef {RoomSummary & {member_limit: number, notify: string[], common_name: boolean}} RoomDetail
 * @typedef {{id: string, name: string, role: "chairman" | "participant", audio: boolean, video: boolean,
 *   screen: boolean, hand: boolean, connected: boolean, colour: number, ip: string, session: string,
 *   joined_at: number}} LiveParticipant
 * @typedef {{room: RoomDetail, participants: LiveParticipant[], max_members_limit: number}} RoomView
 * @typedef {{locked?: boolean, require_name?: boolean, max_members?: number, join_password?: string | null,
 *   owner_password?: string | null, notify?: string[], persistent?: boolean}} RoomPatch
 * @typedef {{id: number, at: number, event: string, ip: string | null, user: string | null, room: string | null,
 *   message: string}} AuditEvent
 * @typedef {{total: number, page: number, per_page: number, events: AuditEvent[], event_types: string[]}} AuditPage
 */

/**
 * @param {string} path
 * @param {RequestInit} [init]
 * @returns {Promise<any>}
 */
async function call(path, init) {
  let res;
  try {
    res = await fetch(path, {
      credentials: "same-origin",
      cache: "no-store",
      ...init,
      headers: { Accept: "application/json", ...init?.headers },
    });
  } catch (err) {
    throw new ApiError(0, "network", err instanceof Error ? err.message : String(err));
  }
  if (res.status === 204) return null;
  /** @type {any} */
  let body = null;
  try {
    body = await res.json();
  } catch {
    // not JSON (a proxy's error page…)
  }
  if (!res.ok) {
    const code = body && typeof body.error === "string" ? body.error : `http_${res.status}`;
    const message = body && typeof body.message === "string" ? body.message : "";
    const header = res.headers.get("Retry-After");
    const wait =
      body && typeof body.retry_after === "number"
        ? Math.ceil(body.retry_after)
        : header && /^\d+$/.test(header.trim())
          ? Number(header.trim())
          : null;
    throw new ApiError(res.status, code, message, wait, body && typeof body === "object" ? body : null);
  }
  return body;
}

/**
 * @param {string} method
 * @param {unknown} [body]
 * @returns {RequestInit}
 */
function json(method, body = {}) {
  return { method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
}

/** @param {string} name */
const roomPath = (name) => `/api/admin/rooms/${encodeURIComponent(name)}`;

/**
 * A query string of the set values (empty strings and null left out).
 * @param {Record<string, string | number | null | undefined>} params
 */
export function queryString(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === "") continue;
    q.set(key, String(value));
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}

/**
 * Errors: `bad_credentials` (401), `too_many_attempts` (429, `retryAfter`), `invalid_body` (400).
 * @param {string} username
 * @param {string} password
 * @returns {Promise<Me>}
 */
export const login = (username, password) => call("/api/admin/login", json("POST", { username, password }));

/** @returns {Promise<null>} */
export const logout = () => call("/api/admin/logout", json("POST"));

/**
 * @param {number} since Unix seconds: joins are counted from here.
 * @returns {Promise<Stats>}
 */
export const stats = (since) => call(`/api/admin/stats${queryString({ since })}`);

/**
 * @param {{q?: string, sort?: RoomSort, dir?: Direction, page?: number, per_page?: number}} params
 * @returns {Promise<RoomList>}
 */
export const rooms = (params) => call(`/api/admin/rooms${queryString(params)}`);

/**
 * @param {string} name
 * @returns {Promise<RoomView>}
 */
export const room = (name) => call(roomPath(name));

/**
 * Errors: `invalid_settings` / `common_room_name` (400, with `field` in `body`), `room_not_found` (404).
 * @param {string} name
 * @param {RoomPatch} patch
 * @returns {Promise<{settings: unknown, notify: string[], persistent: boolean}>}
 */
export const updateRoom = (name, patch) => call(roomPath(name), json("PATCH", patch));

/**
 * Makes this browser a chairman of the room; the answer's `url` is the meeting.
 * @param {string} name
 * @returns {Promise<{url: string}>}
 */
export const joinRoom = (name) => call(`${roomPath(name)}/join`, json("POST"));

/**
 * Ends the meeting (everyone told and disconnected); the room stays.
 * @param {string} name
 * @returns {Promise<{disconnected: number}>}
 */
export const endMeeting = (name) => call(`${roomPath(name)}/end`, json("POST"));

/**
 * Ends the meeting, then deletes the room.
 * @param {string} name
 * @returns {Promise<{disconnected: number}>}
 */
export const deleteRoom = (name) => call(roomPath(name), { method: "DELETE" });

/**
 * @typedef {{from: number, to: number, event?: string, q?: string}} AuditFilter
 */

/**
 * @param {AuditFilter & {page?: number, per_page?: number}} params
 * @returns {Promise<AuditPage>}
 */
export const audit = (params) => call(`/api/admin/audit${queryString(params)}`);

/**
 * Where the export of these filters downloads from.
 * @param {"xlsx" | "csv"} format
 * @param {AuditFilter} filter
 */
export const auditExportUrl = (format, filter) =>
  `/api/admin/audit/export.${format}${queryString({ from: filter.from, to: filter.to, event: filter.event, q: filter.q })}`;

/**
 * Fetches an export; a refusal (413 `too_many_rows`…) throws with the server's message.
 * @param {string} url
 * @returns {Promise<{blob: Blob, filename: string | null}>}
 */
export async function download(url) {
  let res;
  try {
    res = await fetch(url, { credentials: "same-origin", cache: "no-store" });
  } catch (err) {
    throw new ApiError(0, "network", err instanceof Error ? err.message : String(err));
  }
  if (!res.ok) {
    /** @type {any} */
    let body = null;
    try {
      body = await res.json();
    } catch {
      // not JSON
    }
    throw new ApiError(
      res.status,
      body && typeof body.error === "string" ? body.error : `http_${res.status}`,
      body && typeof body.message === "string" ? body.message : "",
    );
  }
  const disposition = res.headers.get("Content-Disposition") ?? "";
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  return { blob: await res.blob(), filename: match ? decodeURIComponent(match[1]) : null };
}
