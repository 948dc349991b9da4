//! Live rooms: one actor task per room ([`actor`]), found or started through the [`registry`] actor.

pub mod actor;
pub mod policy;
pub mod registry;

pub use actor::{ConnId, Connection, Entrant, JoinRefused, Outbound, RoomHandle, RoomShared};
pub use registry::Registry;
