//! Live rooms: one actor task per room ([`actor`]), found or started through the [`registry`] actor.

pub mod actor;
pub mod registry;

pub use actor::{ConnId, Connection, JoinRefused, Outbound, RoomHandle};
pub use registry::Registry;
