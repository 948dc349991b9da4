//! How a stored room's settings look to the people in it, and the limit that applies.

use vroom_core::protocol::RoomSettingsView;

use crate::config::RoomsConfig;

/// The member limit that applies: the lower of the server's and the room's, where 0 means none.
pub fn member_limit(global: u32, room: u32) -> u32 {
    match (global, room) {
        (0, r) => r,
        (g, 0) => g,
        (g, r) => g.min(r),
    }
}

pub fn view(room: &vroom_store::Room, rooms: &RoomsConfig) -> RoomSettingsView {
    let global = u32::try_from(rooms.max_members).unwrap_or(u32::MAX);
    RoomSettingsView {
        locked: room.locked,
        require_name: room.require_name,
        join_password: room.join_password.is_some(),
        owner_password: room.owner_password.is_some(),
        max_members: room.max_members,
        member_limit: member_limit(global, room.max_members),
        common_name: rooms.is_common_name(&room.name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lower_limit_wins_and_zero_means_none() {
        assert_eq!(member_limit(0, 0), 0);
        assert_eq!(member_limit(25, 0), 25);
        assert_eq!(member_limit(0, 5), 5);
        assert_eq!(member_limit(25, 5), 5);
        assert_eq!(member_limit(5, 25), 5);
    }
}
