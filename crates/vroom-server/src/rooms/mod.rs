//! Live rooms: one actor task per room ([`actor`]), found or started through the [`registry`] actor.

pub mod actor;
pub mod policy;
pub mod registry;

pub use actor::{
    CLOSE_ENDED, ConnId, Connection, Entrant, JoinRefused, LiveParticipant, Outbound, RoomHandle,
    RoomShared,
};
pub use registry::{Registry, RegistryStopped};
