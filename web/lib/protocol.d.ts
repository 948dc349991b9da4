/**
 * Types of what the client exchanges with the server.
 *
 * The signalling protocol's types are generated from the Rust definitions (`protocol.gen.d.ts`, see
 * crates/vroom-core/src/bindings.rs), so the two cannot drift. The HTTP API's bodies are declared here
 * and checked against docs/api.md by the server's integration tests.
 */

export * from "./protocol.gen";
import type { ServerMessage } from "./protocol.gen";

/** An `error` frame from the server. */
export type ErrorMessage = Extract<ServerMessage, { type: "error" }>;

/** Every HTTP API error body. */
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
