//! VROOM's domain without I/O: room names, participants, the signalling protocol and the room state
//! machine. The server crate drives it; nothing here touches sockets, clocks or databases.

pub mod participant;
pub mod protocol;
pub mod role;
pub mod room;
pub mod room_name;

#[cfg(test)]
mod bindings;

pub use participant::{Colour, PALETTE_SIZE, ParticipantId, ParticipantInfo};
pub use protocol::{ClientMessage, ErrorCode, PROTOCOL_VERSION, ServerMessage};
pub use role::Role;
pub use room::{
    Admission, Effect, JoinError, Joined, Moderation, ModerationOutcome, Outgoing, Recipient, Room,
    RoomCommand,
};
pub use room_name::{RoomName, RoomNameError};
