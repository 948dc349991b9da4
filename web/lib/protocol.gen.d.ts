// Generated from crates/vroom-core by its `bindings` tests: do not edit.
// Regenerate with `VROOM_BLESS=1 cargo test -p vroom-core bindings`.

export type ParticipantId = string;

export type ParticipantInfo = { id: ParticipantId, name: string, 
/**
 * Microphone on (not muted).
 */
audio: boolean, 
/**
 * Camera on.
 */
video: boolean, 
/**
 * False while its connection is down and it may still come back.
 */
connected: boolean, role: Role, 
/**
 * Hand raised (to ask for the floor).
 */
hand: boolean, colour: Colour, 
/**
 * Sharing their screen (the share is an extra video track, with tab audio where there is some).
 */
screen: boolean, };

export type Colour = number;

export type Role = "participant" | "chairman";

export type ClientMessage = { "type": "join" } & JoinRequest | { "type": "signal", to: ParticipantId, payload: SignalPayload, } | { "type": "update" } & UpdateRequest | { "type": "ping", t?: number, } | { "type": "ice_refresh" } | { "type": "leave" } | { "type": "moderate", action: ModerationAction, target: ParticipantId, } | { "type": "mute_all" } | { "type": "chat", text: string, } | { "type": "react", reaction: Reaction, };

export type JoinRequest = { protocol: number, room: string, name: string, audio: boolean, video: boolean, 
/**
 * The colour the person chose last time; the room picks the least used one when absent.
 */
colour?: Colour, 
/**
 * Still sharing the screen (a resume: the share survived the dropped connection).
 */
screen: boolean, 
/**
 * Present when the client had a place in the room and its connection dropped.
 */
resume?: ResumeRequest, };

export type ResumeRequest = { participant: ParticipantId, token: string, };

export type UpdateRequest = { name?: string, audio?: boolean, video?: boolean, 
/**
 * Raise (true) or lower (false) one's hand.
 */
hand?: boolean, colour?: Colour, 
/**
 * Started (true) or stopped (false) sharing the screen.
 */
screen?: boolean, };

export type SignalPayload = { "kind": "description", description: SessionDescription, } | { "kind": "candidate", candidate: IceCandidate, };

export type SessionDescription = { type: SdpKind, sdp: string, };

export type SdpKind = "offer" | "answer";

export type IceCandidate = { candidate: string, sdpMid?: string, sdpMLineIndex?: number, usernameFragment?: string, };

export type ServerMessage = { "type": "welcome" } & Welcome | { "type": "participant_joined", participant: ParticipantInfo, } | { "type": "participant_updated", participant: ParticipantInfo, } | { "type": "participant_left", id: ParticipantId, reason: LeaveReason, } | { "type": "signal", from: ParticipantId, payload: SignalPayload, } | { "type": "ice_servers" } & IceConfig | { "type": "pong", t?: number, } | { "type": "error", code: ErrorCode, message: string, } | { "type": "moderated", action: ModerationNotice, by: ParticipantRef, target?: ParticipantRef, } | { "type": "request", kind: RequestKind, by: ParticipantRef, } | { "type": "kicked", by: ParticipantRef, 
/**
 * How long the room refuses them, in seconds (0: they may come back at once).
 */
ban_seconds: number, } | { "type": "chat" } & ChatMessage | { "type": "reaction", from: ParticipantRef, reaction: Reaction, } | { "type": "invitation_answered", email: string, response: InvitationResponse, message?: string, } | { "type": "room_settings", settings: RoomSettingsView, by?: ParticipantRef, 
/**
 * Which settings changed, by name (`locked`, `join_password`...).
 */
changed: Array<string>, } | { "type": "ended", reason: EndReason, } | { "type": "notes_cleared", by?: ParticipantRef, };

export type Welcome = { protocol: number, room: string, you: ParticipantInfo, 
/**
 * Secret that lets this participant take its place back after a dropped connection.
 */
resume_token: string, 
/**
 * True when this connection took back an existing place (same id, peers kept).
 */
resumed: boolean, 
/**
 * Everyone else in the room.
 */
participants: Array<ParticipantInfo>, settings: RoomSettingsView, 
/**
 * The chat so far (the room keeps its last `rooms.chat_history` messages while it is live).
 */
chat: Array<ChatMessage>, ice: IceConfig, limits: Limits, };

export type Limits = { 
/**
 * Largest message the server accepts, in bytes of UTF-8.
 */
max_message_bytes: number, 
/**
 * How often the client should send `ping`, in milliseconds.
 */
ping_interval_ms: number, 
/**
 * How long a participant whose connection dropped keeps its place, in milliseconds.
 */
reconnect_grace_ms: number, };

export type IceConfig = { iceServers: Array<IceServer>, 
/**
 * Unix time (seconds) after which the TURN credentials stop working, if they do.
 */
expires_at?: number, };

export type IceServer = { urls: Array<string>, username?: string, credential?: string, };

export type LeaveReason = "left" | "timed_out" | "kicked";

export type ErrorCode = "malformed" | "unknown_type" | "message_too_large" | "rate_limited" | "unsupported_protocol" | "not_joined" | "already_joined" | "room_not_found" | "room_full" | "invalid_room_name" | "invalid_name" | "not_allowed" | "locked" | "password_required" | "name_required" | "invalid_chat" | "banned" | "unknown_participant" | "participant_unavailable" | "resume_failed" | "join_timeout" | "server_shutting_down" | "internal";

export type ModerationAction = "mute" | "stop_video" | "ask_unmute" | "ask_video" | "kick" | "promote" | "lower_hand";

export type ModerationNotice = "muted" | "video_stopped" | "muted_all" | "kicked" | "promoted" | "hand_lowered";

export type ParticipantRef = { id: ParticipantId, name: string, };

export type RequestKind = "unmute" | "video";

export type RoomSettingsView = { 
/**
 * Nobody new gets in, except with the owner password.
 */
locked: boolean, 
/**
 * Newcomers must give a display name.
 */
require_name: boolean, 
/**
 * Newcomers need the join password.
 */
join_password: boolean, 
/**
 * The room is reserved: an owner password claims the chair.
 */
owner_password: boolean, 
/**
 * The room's own member limit (0: none).
 */
max_members: number, 
/**
 * The limit that applies: the lower of the room's and the server's (0: none).
 */
member_limit: number, 
/**
 * The name is too common to be reserved (no owner password may be set).
 */
common_name: boolean, };

export type ChatMessage = { 
/**
 * Increases by one per message in the room's life.
 */
seq: number, from: ParticipantRef, 
/**
 * The sender's colour when they sent it.
 */
colour: Colour, 
/**
 * When the server received it, unix milliseconds.
 */
at: number, 
/**
 * Plain text: clients show it as text, never as HTML.
 */
text: string, };

export type Reaction = "thumbs_up" | "clap" | "laugh" | "heart" | "surprised" | "celebrate";

export type InvitationResponse = "later" | "decline";

export type EndReason = "ended" | "deleted";
