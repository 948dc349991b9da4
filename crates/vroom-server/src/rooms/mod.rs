//! Live rooms: one actor task per room ([`actor`]), reached through its [`handle`], found or started
//! through the [`registry`] actor.

pub mod actor;
pub mod handle;
pub mod policy;
pub mod registry;

pub use actor::RoomShared;
pub use handle::{
    CLOSE_ENDED, ConnId, Connection, Entrant, JoinRefused, LiveParticipant, Outbound, RoomHandle,
};
pub use registry::{Registry, RegistryStopped};
