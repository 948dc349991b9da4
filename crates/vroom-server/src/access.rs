//! What the store says about one session in one room: its role, and whether a kick keeps it out.

use std::net::IpAddr;

use vroom_core::Role;
use vroom_store::{Store, StoreError};

/// Seconds left of a ban on this session in this room. A session ban applies to everyone but a
/// chairman (the owner password gets the owner back in, whoever removed them); an address ban only to
/// people without a role here, so that removing someone does not shut out the colleagues who share
/// their address and were admitted before.
pub async fn banned_for(
    store: &Store,
    room_id: i64,
    session_id: Option<i64>,
    granted: Option<Role>,
    ip: IpAddr,
    now: i64,
) -> Result<Option<u64>, StoreError> {
    if granted == Some(Role::Chairman) {
        return Ok(None);
    }
    let bans = store.bans();
    let mut until = match session_id {
        Some(id) => bans.active(room_id, Some(id), None, now).await?,
        None => None,
    };
    if until.is_none() && granted.is_none() {
        until = bans
            .active(room_id, None, Some(&ip.to_string()), now)
            .await?;
    }
    Ok(until.map(|u| u64::try_from(u.saturating_sub(now)).unwrap_or(0).max(1)))
}

/// The session's role in this room, if it has a session and a role.
pub async fn role(
    store: &Store,
    room_id: i64,
    session_id: Option<i64>,
) -> Result<Option<Role>, StoreError> {
    match session_id {
        Some(id) => store.roles().get(room_id, id).await,
        None => Ok(None),
    }
}
