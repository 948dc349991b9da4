/**
 * The signalling protocol, version 1, as TypeScript declarations.
 *
 * Hand-written to match `crates/vroom-core/src/protocol.rs` and `participant.rs` exactly: JSON objects tagged by
 * `"type"` (snake_case); optional fields are absent rather than null. When the Rust types change, change these.
 */

/** `PROTOCOL_VERSION` in protocol.rs. */
export type ProtocolVersion = 1;

/** A participant's id within a room, chosen by the server: 1–32 of letters, digits, '-' or '_'. */
export type ParticipantId = string;

/** What every participant knows about another (`ParticipantInfo`). */
export interface ParticipantInfo {
  id: ParticipantId;
  /** Display name, trimmed, at most 50 characters; may be empty (the client then shows "Guest"). */
  name: string;
  /** Microphone on (not muted). */
  audio: boolean;
  /** Camera on. */
  video: boolean;
  /** False while its connection is down and it may still come back. */
  connected: boolean;
}

// ---------------------------------------------------------------------------------------------- client → server

export interface ResumeRequest {
  participant: ParticipantId;
  token: string;
}

export interface JoinRequest {
  type: "join";
  protocol: number;
  room: string;
  /** Defaults to "" on the server. */
  name?: string;
  /** Defaults to true on the server. */
  audio?: boolean;
  /** Defaults to true on the server. */
  video?: boolean;
  /** Present when the client had a place in the room and its connection dropped. */
  resume?: ResumeRequest | null;
}

export interface SignalRequest {
  type: "signal";
  to: ParticipantId;
  payload: SignalPayload;
}

export interface UpdateRequest {
  type: "update";
  name?: string;
  audio?: boolean;
  video?: boolean;
}

export interface PingRequest {
  type: "ping";
  t?: number | null;
}

export interface IceRefreshRequest {
  type: "ice_refresh";
}

export interface LeaveRequest {
  type: "leave";
}

/** `ClientMessage`. */
export type ClientMessage =
  | JoinRequest
  | SignalRequest
  | UpdateRequest
  | PingRequest
  | IceRefreshRequest
  | LeaveRequest;

// ------------------------------------------------------------------------------------------ negotiation payload

/** `SdpKind`: rollback is never sent over the wire. */
export type SdpKind = "offer" | "answer";

export interface SessionDescription {
  type: SdpKind;
  sdp: string;
}

/** As `RTCIceCandidate.toJSON()` gives it; an empty `candidate` means end of candidates. */
export interface IceCandidate {
  candidate: string;
  sdpMid?: string;
  sdpMLineIndex?: number;
  usernameFragment?: string;
}

/** `SignalPayload`, tagged by `"kind"`. */
export type SignalPayload =
  | { kind: "description"; description: SessionDescription }
  | { kind: "candidate"; candidate: IceCandidate };

// ---------------------------------------------------------------------------------------------- server → client

export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

/** `IceConfig`: the ICE servers for `RTCPeerConnection`, and when their credentials expire. */
export interface IceConfig {
  iceServers: IceServer[];
  /** Unix time (seconds) after which the TURN credentials stop working, if they do. */
  expires_at?: number;
}

export interface Limits {
  /** Largest message the server accepts, in bytes of UTF-8. */
  max_message_bytes: number;
  /** How often the client should send `ping`, in milliseconds. */
  ping_interval_ms: number;
  /** How long a participant whose connection dropped keeps its place, in milliseconds. */
  reconnect_grace_ms: number;
}

export interface Welcome {
  type: "welcome";
  protocol: number;
  room: string;
  you: ParticipantInfo;
  /** Secret that lets this participant take its place back after a dropped connection. */
  resume_token: string;
  /** True when this connection took back an existing place (same id, peers kept). */
  resumed: boolean;
  /** Everyone else in the room. */
  participants: ParticipantInfo[];
  ice: IceConfig;
  limits: Limits;
}

export interface ParticipantJoined {
  type: "participant_joined";
  participant: ParticipantInfo;
}

/** A participant changed name or media state, or lost (`connected: false`) or regained its connection. */
export interface ParticipantUpdated {
  type: "participant_updated";
  participant: ParticipantInfo;
}

/** `LeaveReason`. */
export type LeaveReason = "left" | "timed_out";

export interface ParticipantLeft {
  type: "participant_left";
  id: ParticipantId;
  reason: LeaveReason;
}

export interface SignalMessage {
  type: "signal";
  from: ParticipantId;
  payload: SignalPayload;
}

export interface IceServersMessage extends IceConfig {
  type: "ice_servers";
}

export interface Pong {
  type: "pong";
  t?: number;
}

/** `ErrorCode`. */
export type ErrorCode =
  | "malformed"
  | "unknown_type"
  | "message_too_large"
  | "rate_limited"
  | "unsupported_protocol"
  | "not_joined"
  | "already_joined"
  | "room_not_found"
  | "room_full"
  | "invalid_room_name"
  | "invalid_name"
  | "unknown_participant"
  | "participant_unavailable"
  | "resume_failed"
  | "join_timeout"
  | "server_shutting_down"
  | "internal";

export interface ErrorMessage {
  type: "error";
  code: ErrorCode;
  message: string;
}

/** `ServerMessage`. */
export type ServerMessage =
  | Welcome
  | ParticipantJoined
  | ParticipantUpdated
  | ParticipantLeft
  | SignalMessage
  | IceServersMessage
  | Pong
  | ErrorMessage;

// ------------------------------------------------------------------------------------------------- HTTP JSON API

/** Every API error body. */
export interface ApiError {
  error: string;
  message?: string;
}

/** 201 answer to `POST /api/rooms`. */
export interface CreatedRoom {
  name: string;
  url: string;
}

/** 200 answer to `GET /api/rooms/{name}`. */
export interface RoomStatus {
  name: string;
  exists: boolean;
  participants: number;
  password_required: boolean;
}
