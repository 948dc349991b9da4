// The JSON API of the server, for the pages. No DOM.

/** @typedef {import('./protocol').CreatedRoom} CreatedRoom */
/** @typedef {import('./protocol').RoomStatus} RoomStatus */

/** An API answer that is not a success: HTTP status, `error` code and the server's message. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   */
  constructor(status, code, message) {
    super(message || code);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
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
    throw new ApiError(res.status, code, message);
  }
  return body;
}

/**
 * Creates a room; an empty name asks the server for a random one.
 * @param {string} [name]
 * @returns {Promise<CreatedRoom>}
 */
export async function createRoom(name) {
  const body = name ? { name } : {};
  return /** @type {CreatedRoom} */ (
    await call("/api/rooms", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    })
  );
}

/**
 * @param {string} name
 * @returns {Promise<RoomStatus>}
 */
export async function getRoom(name) {
  return /** @type {RoomStatus} */ (await call(`/api/rooms/${encodeURIComponent(name)}`));
}
