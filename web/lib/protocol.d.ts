/**
 * Types of what the client exchanges with the server.
 *
 * The signalling protocol's types are generated from the Rust definitions (`protocol.gen.d.ts`, see
 * crates/vroom-core/src/bindings.rs), so the two cannot drift. The HTTP API's bodies are declared here
 * and checked against docs/api.md by the server's integration tests.
 */

export * from "./protocol.gen";
import type { ServerMessage, Role, RoomSettingsView, InvitationResponse } from "./protocol.gen";

/** An `error` frame from the server. */
export type ErrorMessage = Extract<ServerMessage, { type: "error" }>;
/** A chairman's action, told to everyone. */
export type ModeratedMessage = Extract<ServerMessage, { type: "moderated" }>;
/** A chairman asks us to turn the microphone or camera on. */
export type RequestMessage = Extract<ServerMessage, { type: "request" }>;
/** We were removed from the room. */
export type KickedMessage = Extract<ServerMessage, { type: "kicked" }>;
/** The room's settings changed. */
export type RoomSettingsMessage = Extract<ServerMessage, { type: "room_settings" }>;

/** Every HTTP API error body. */
export interface ApiError {
  error: string;
  message?: string;
  /** `too_many_attempts`, `rate_limited` (429), `busy` (503): seconds to wait before the next try. */
  retry_after?: number;
}

/** 201 answer to `POST /api/rooms`. */
export interface CreatedRoom {
  name: string;
  url: string;
  role: Role;
}

/** 200 answer to `GET /api/rooms/{name}`. */
export interface RoomStatus {
  name: string;
  exists: boolean;
  participants: number;
  /** The room has as many people as it may hold. */
  full: boolean;
  /** Our session's role in the room, if any. */
  role: Role | null;
  /** The room has a join password and we hold no role. */
  password_required: boolean;
  /** Seconds until a removed person may come back (0: not banned). */
  banned_seconds: number;
  settings: RoomSettingsView | null;
  /** Addresses told when someone joins (chairmen only). */
  notify?: string[];
  /** The server's global member cap (0: none). */
  max_members_limit: number;
  /** We hold a usable invitation: neither the lock nor the join password stops us. */
  invited: boolean;
  /** Mail is configured: chairmen can invite by e-mail. */
  mail: boolean;
  /** The collaborative notes: `off` on this server, `ready`, or `unavailable` for now. */
  notes: NotesState;
}

/** Whether the collaborative notes can be used (`GET /api/notes`). */
export type NotesState = "off" | "ready" | "unavailable";

/** 200 answer to `POST /api/rooms/{name}/notes`; the `sessionID` cookie comes with it. */
export interface NotesAccess {
  /** The pad's address (same origin, or the Etherpad's public URL), without the editor's options. */
  pad: string;
  /** When the Etherpad session ends (Unix seconds). */
  expires_at: number;
}

/** 200 answer to `POST /api/rooms/{name}/auth`. */
export interface AuthResult {
  role: Role;
}

/** Body of `PATCH /api/rooms/{name}`: absent fields are left alone; a null password removes it. */
export interface RoomSettingsPatch {
  locked?: boolean;
  require_name?: boolean;
  max_members?: number;
  join_password?: string | null;
  owner_password?: string | null;
  /** The owner password in force: needed to change or remove it (else 403 `owner_password_required`). */
  current_owner_password?: string;
  notify?: string[];
}

/** 200 answer to `PATCH /api/rooms/{name}`. */
export interface RoomSettingsSaved {
  settings: RoomSettingsView;
  notify: string[];
}

/** How an invitation's mail is doing. */
export type InvitationDelivery = "queued" | "sent" | "failed";

/** One invitation, as a chairman of its room sees it. Times are Unix seconds. */
export interface InvitationView {
  id: number;
  email: string;
  /** The chairman's words in the mail. */
  message: string | null;
  created_at: number;
  expires_at: number;
  delivery: InvitationDelivery;
  /** Why the mail could not be delivered (`failed`). */
  delivery_error: string | null;
  response: InvitationResponse | null;
  response_message: string | null;
  responded_at: number | null;
  /** A browser has used the link (it is bound to that browser now). */
  used: boolean;
}

/** 201 answer to `POST /api/rooms/{name}/invitations`, 200 answer to `GET` (newest first). */
export interface InvitationList {
  invitations: InvitationView[];
}

/** 200 answer to `POST /api/invitations/{token}/response`. */
export interface InvitationReply {
  response: InvitationResponse;
}

/** The `invitation_answered` signalling message (chairmen in the room): an invitee answered on the page. */
export interface InvitationAnsweredEvent {
  email: string;
  response: InvitationResponse;
  message: string | null;
}
