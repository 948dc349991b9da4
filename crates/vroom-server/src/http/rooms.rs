//! The room API beyond creation: status (anyone), password checks (anyone, rate limited) and
//! settings (chairmen of that room only). `docs/api.md` describes each call.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Deserializer, Serialize};
use vroom_core::protocol::RoomSettingsView;
use vroom_core::room_name::RoomNameError;
use vroom_core::{Role, RoomName};
use vroom_store::Session;

use super::api::{body, client_ip, invalid_room_name, rate_key, wait_seconds};
use super::error::ApiError;
use crate::audit::{Event, Who};
use crate::i18n::Message;
use crate::msg;
use crate::passwords::{
    self, MAX_PASSWORD_LEN, MIN_JOIN_PASSWORD_LEN, MIN_OWNER_PASSWORD_LEN, PasswordError,
};
use crate::rooms::policy;
use crate::state::AppState;
use crate::{access, clock};

/// Most addresses told when someone joins a room.
pub const MAX_NOTIFY: usize = 20;
const MAX_EMAIL_LEN: usize = 254;

#[derive(Debug, Serialize)]
pub struct RoomStatus {
    name: String,
    exists: bool,
    participants: usize,
    /// The room is at its member limit: a newcomer would be refused.
    full: bool,
    /// The caller's role in this room, if any.
    role: Option<Role>,
    /// A join password is needed and the caller holds no role.
    password_required: bool,
    /// Seconds the caller is still kept out after being removed (0: not banned).
    banned_seconds: u64,
    settings: Option<RoomSettingsView>,
    /// The addresses told of joins: chairmen only.
    #[serde(skip_serializing_if = "Option::is_none")]
    notify: Option<Vec<String>>,
    /// The server's member limit, the highest a room may set (0: none).
    max_members_limit: usize,
    /// The caller holds a usable invitation: neither the lock nor the join password stops them.
    invited: bool,
    /// Mail is configured: chairmen can invite by e-mail.
    mail: bool,
    /// The collaborative notes: `off`, `ready` or `unavailable` (for now).
    notes: crate::notes::Availability,
}

pub(crate) fn room_name(path: Result<Path<String>, PathRejection>) -> Result<RoomName, ApiError> {
    // A path that is not UTF-8 once decoded cannot name a room.
    let Path(raw) = path.map_err(|_| invalid_room_name(RoomNameError::InvalidCharacter))?;
    RoomName::parse(&raw).map_err(invalid_room_name)
}

pub(crate) async fn stored_room(
    app: &AppState,
    name: &RoomName,
) -> Result<vroom_store::Room, ApiError> {
    app.store
        .rooms()
        .get(name)
        .await
        .map_err(|e| ApiError::internal("reading a room", e))?
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "room_not_found",
                msg!("error-room-not-found", name = name.to_string()),
            )
        })
}

/// The room, the caller's session and who they are, when the caller is a chairman of the room;
/// otherwise the refusal (`not_allowed`, 403, with `refusal`), audited as "`what` refused".
pub(crate) async fn require_chairman(
    app: &AppState,
    headers: &HeaderMap,
    ip: std::net::IpAddr,
    name: &RoomName,
    what: &str,
    refusal: crate::i18n::Message,
) -> Result<(vroom_store::Room, Session, Who), ApiError> {
    let row = stored_room(app, name).await?;
    let session = current_session(app, headers).await?;
    let role = access::role(&app.store, row.id, session.as_ref().map(|s| s.id))
        .await
        .map_err(|e| ApiError::internal("reading a role", e))?;
    let who = Who::new(ip, session.as_ref().map(|s| s.reference.as_str()));
    match session.filter(|_| role == Some(Role::Chairman)) {
        Some(session) => Ok((row, session, who)),
        None => {
            app.audit.record(
                Event::ActionDenied,
                &who,
                Some(name.as_str()),
                format!("{what} refused: not a chairman of this room"),
            );
            Err(ApiError::new(StatusCode::FORBIDDEN, "not_allowed", refusal))
        }
    }
}

pub(crate) async fn current_session(
    app: &AppState,
    headers: &HeaderMap,
) -> Result<Option<Session>, ApiError> {
    app.sessions()
        .current(headers)
        .await
        .map_err(|e| ApiError::internal("reading the session", e))
}

pub async fn status(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<RoomStatus>, ApiError> {
    let name = room_name(path)?;
    let max_members_limit = app.config.rooms.max_members;
    let Some(row) = app
        .store
        .rooms()
        .get(&name)
        .await
        .map_err(|e| ApiError::internal("reading a room", e))?
    else {
        return Ok(Json(RoomStatus {
            name: name.to_string(),
            exists: false,
            participants: 0,
            full: false,
            role: None,
            password_required: false,
            banned_seconds: 0,
            settings: None,
            notify: None,
            max_members_limit,
            invited: false,
            mail: app.mailer.enabled(),
            notes: app.notes.room_state(),
        }));
    };
    let session = current_session(&app, &headers).await?;
    let session_id = session.as_ref().map(|s| s.id);
    let ip = client_ip(peer.ip(), &headers, &app.config.server.trusted_proxies);
    let now = clock::unix_now_i64();
    let store_error = |e| ApiError::internal("reading a role", e);
    let role = access::role(&app.store, row.id, session_id)
        .await
        .map_err(store_error)?;
    let banned = access::banned_for(&app.store, row.id, session_id, role, ip, now)
        .await
        .map_err(store_error)?;
    let notify = if role == Some(Role::Chairman) {
        Some(app.store.notify().list(row.id).await.map_err(store_error)?)
    } else {
        None
    };
    let invited = match session_id {
        Some(id) => app
            .store
            .invitations()
            .holds(row.id, id, now)
            .await
            .map_err(store_error)?,
        None => false,
    };
    let settings = policy::view(&row, &app.config.rooms);
    let participants = app.registry.count(name.clone()).await;
    let limit = settings.member_limit as usize;
    Ok(Json(RoomStatus {
        name: name.to_string(),
        exists: true,
        participants,
        full: limit > 0 && participants >= limit,
        role,
        password_required: settings.join_password && role.is_none() && !invited,
        banned_seconds: banned.unwrap_or(0),
        settings: Some(settings),
        notify,
        max_members_limit,
        invited,
        mail: app.mailer.enabled(),
        notes: app.notes.room_state(),
    }))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Authenticate {
    password: String,
}

#[derive(Debug, Serialize)]
pub struct Authenticated {
    role: Role,
}

/// Checks a password against the room's owner password (→ chairman) and join password
/// (→ participant), and records the role the session earns.
pub async fn authenticate(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    request: Result<Json<Authenticate>, JsonRejection>,
) -> Result<Response, ApiError> {
    let name = room_name(path)?;
    let request = body(request)?;
    if request.password.chars().count() > MAX_PASSWORD_LEN {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_body",
            msg!("error-password-too-long", max = MAX_PASSWORD_LEN),
        ));
    }
    let row = stored_room(&app, &name).await?;
    let ip = client_ip(peer.ip(), &headers, &app.config.server.trusted_proxies);
    // A session is made only for a success (to hold the role): failed guesses leave nothing behind.
    let session = current_session(&app, &headers).await?;
    let session_id = session.as_ref().map(|s| s.id);
    let who = Who::new(ip, session.as_ref().map(|s| s.reference.as_str()));
    let deny = |code: &'static str, status: StatusCode, message: Message| {
        app.audit.record(
            Event::ActionDenied,
            &who,
            Some(name.as_str()),
            format!("password check refused: {code}"),
        );
        Err(ApiError::new(status, code, message))
    };

    let limited = app
        .password_attempts
        .check_key(&(name.clone(), rate_key(ip)))
        .and_then(|()| app.password_attempts_per_address.check_key(&rate_key(ip)));
    if let Err(not_until) = limited {
        let wait = wait_seconds(&not_until);
        app.audit.record(
            Event::ActionDenied,
            &who,
            Some(name.as_str()),
            "password check refused: too many attempts",
        );
        return Err(ApiError::too_many(
            "too_many_attempts",
            msg!("error-too-many-attempts", wait = wait),
            wait,
        ));
    }

    let now = clock::unix_now_i64();
    let store_error = |e| ApiError::internal("checking a room password", e);
    let current = access::role(&app.store, row.id, session_id)
        .await
        .map_err(store_error)?;
    let password = request.password;
    let owner_match = match &row.owner_password {
        Some(hash) if !password.is_empty() => passwords::verify(password.clone(), hash.clone())
            .await
            .map_err(password_failure)?,
        _ => false,
    };
    // The owner password always gets the owner in, even past a ban (a chairman they promoted may
    // have removed them).
    let banned = if owner_match {
        None
    } else {
        access::banned_for(&app.store, row.id, session_id, current, ip, now)
            .await
            .map_err(store_error)?
    };
    if let Some(seconds) = banned {
        return deny(
            "banned",
            StatusCode::FORBIDDEN,
            msg!("error-banned", wait = seconds),
        );
    }
    let granted = if owner_match || current == Some(Role::Chairman) {
        Role::Chairman
    } else if row.locked {
        return deny("locked", StatusCode::FORBIDDEN, msg!("error-room-locked"));
    } else if let Some(hash) = &row.join_password {
        if !passwords::verify(password, hash.clone())
            .await
            .map_err(password_failure)?
        {
            return deny(
                "wrong_password",
                StatusCode::UNAUTHORIZED,
                msg!("error-wrong-password"),
            );
        }
        Role::Participant
    } else if !password.is_empty() {
        // An open room: the only password that means anything here is the owner password.
        return deny(
            "wrong_password",
            StatusCode::UNAUTHORIZED,
            msg!("error-wrong-password"),
        );
    } else {
        Role::Participant
    };

    let (session, jar) = app
        .sessions()
        .ensure(&headers, ip)
        .await
        .map_err(|e| ApiError::internal("opening a session", e))?;
    let who = Who::new(ip, Some(&session.reference));
    if current != Some(granted) {
        app.store
            .roles()
            .set(row.id, session.id, granted, now)
            .await
            .map_err(|e| ApiError::internal("recording a role", e))?;
        let how = if owner_match {
            "with the owner password"
        } else if row.join_password.is_some() {
            "with the join password"
        } else {
            "in an open room"
        };
        app.audit.record(
            Event::RoleChanged,
            &who,
            Some(name.as_str()),
            format!("session {} became {granted} {how}", session.reference),
        );
        if let Ok(Some(room)) = app.registry.find(name.clone()).await {
            room.role_granted(session.id, granted).await;
        }
    }
    app.audit.record(
        Event::ActionAllowed,
        &who,
        Some(name.as_str()),
        format!("password check passed: {granted}"),
    );
    Ok((jar, Json(Authenticated { role: granted })).into_response())
}

/// Tells an absent field (leave alone) from `null` (remove).
fn present<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(d).map(Some)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsChange {
    locked: Option<bool>,
    require_name: Option<bool>,
    max_members: Option<u32>,
    #[serde(default, deserialize_with = "present")]
    join_password: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    owner_password: Option<Option<String>>,
    /// Needed to change or remove an owner password that is set (not from an administrator).
    current_owner_password: Option<String>,
    notify: Option<Vec<String>>,
    /// Never deleted for inactivity: administrators only.
    persistent: Option<bool>,
}

/// Who changes a room's settings: one of its chairmen, or an administrator (who may also make it
/// persistent, and change its owner password without knowing it).
#[derive(Debug, Clone, Copy)]
pub(crate) enum ChangedBy<'a> {
    Chairman(&'a Session),
    Admin,
}

#[derive(Debug, Serialize)]
pub struct SettingsSaved {
    settings: RoomSettingsView,
    notify: Vec<String>,
    persistent: bool,
}

/// A failed hash or check: "busy" (503, try again) when too many run at once, else a server fault.
pub(crate) fn password_failure(e: PasswordError) -> ApiError {
    match e {
        PasswordError::Busy => ApiError {
            retry_after: Some(passwords::QUEUE_WAIT.as_secs()),
            ..ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                msg!("error-passwords-busy"),
            )
        },
        other => ApiError::internal("hashing a password", other),
    }
}

/// A setting that cannot be: `field` names it, for the form to show the message next to it.
fn invalid(field: &'static str, message: Message) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "invalid_settings", message)
        .with_field("field", field.into())
}

fn check_password(field: &'static str, value: &str, min: usize) -> Result<(), ApiError> {
    let len = value.chars().count();
    if !(min..=MAX_PASSWORD_LEN).contains(&len) {
        return Err(invalid(
            field,
            msg!(
                "error-settings-password-length",
                field = field,
                min = min,
                max = MAX_PASSWORD_LEN
            ),
        ));
    }
    Ok(())
}

/// The notify list, trimmed, checked and without duplicates (case-insensitive).
fn clean_notify(list: Vec<String>) -> Result<Vec<String>, ApiError> {
    let mut out: Vec<String> = Vec::new();
    for raw in list {
        let address = raw.trim().to_owned();
        if address.is_empty() {
            continue;
        }
        if address.len() > MAX_EMAIL_LEN || !email_address::EmailAddress::is_valid(&address) {
            let shown: String = address.chars().take(60).collect();
            return Err(invalid(
                "notify",
                msg!(
                    "error-settings-notify-invalid",
                    field = "notify",
                    address = shown
                ),
            ));
        }
        if !out.iter().any(|a| a.eq_ignore_ascii_case(&address)) {
            out.push(address);
        }
    }
    if out.len() > MAX_NOTIFY {
        return Err(invalid(
            "notify",
            msg!(
                "error-settings-notify-too-many",
                field = "notify",
                max = MAX_NOTIFY
            ),
        ));
    }
    Ok(out)
}

fn flag(set: bool) -> &'static str {
    if set { "set" } else { "unset" }
}

/// Changes a room's settings. Chairmen of this room only; every change is audited (passwords only
/// as set / changed / unset) and announced to the people in the room.
pub async fn update_settings(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    request: Result<Json<SettingsChange>, JsonRejection>,
) -> Result<Json<SettingsSaved>, ApiError> {
    let name = room_name(path)?;
    let ip = client_ip(peer.ip(), &headers, &app.config.server.trusted_proxies);
    if let Err(not_until) = app.settings_changes.check_key(&rate_key(ip)) {
        let wait = wait_seconds(&not_until);
        return Err(ApiError::too_many(
            "rate_limited",
            msg!("error-too-many-settings-changes", wait = wait),
            wait,
        ));
    }
    let (_, session, who) = require_chairman(
        &app,
        &headers,
        ip,
        &name,
        "settings change",
        msg!("error-settings-not-allowed"),
    )
    .await?;
    let change = body(request)?;
    apply_settings(&app, &who, ChangedBy::Chairman(&session), &name, change).await
}

pub(crate) async fn apply_settings(
    app: &AppState,
    who: &Who,
    by: ChangedBy<'_>,
    name: &RoomName,
    change: SettingsChange,
) -> Result<Json<SettingsSaved>, ApiError> {
    if change.persistent.is_some() && matches!(by, ChangedBy::Chairman(_)) {
        app.audit.record(
            Event::ActionDenied,
            who,
            Some(name.as_str()),
            "settings change refused: persistent is for administrators",
        );
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "admin_only",
            msg!("error-settings-persistent-admin-only"),
        )
        .with_field("field", "persistent".into()));
    }
    let rooms_config = &app.config.rooms;
    let global = rooms_config.max_members;
    if let Some(max) = change.max_members
        && (max > 10_000 || (global > 0 && max as usize > global))
    {
        let cap = if global > 0 { global } else { 10_000 };
        return Err(invalid(
            "max_members",
            msg!(
                "error-settings-max-members",
                field = "max_members",
                cap = cap
            ),
        ));
    }
    if let Some(Some(p)) = &change.join_password {
        check_password("join_password", p, MIN_JOIN_PASSWORD_LEN)?;
    }
    if let Some(Some(p)) = &change.owner_password {
        if rooms_config.is_common_name(name.as_str()) {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "common_room_name",
                msg!("error-common-room-name", name = name.to_string()),
            )
            .with_field("field", "owner_password".into()));
        }
        check_password("owner_password", p, MIN_OWNER_PASSWORD_LEN)?;
    }
    let notify = change.notify.map(clean_notify).transpose()?;
    // Hashed before the lock: they are slow, and do not depend on the row.
    let hash = |p: Option<Option<String>>| async move {
        match p {
            Some(Some(plain)) => passwords::hash(plain)
                .await
                .map(|h| Some(Some(h)))
                .map_err(password_failure),
            other => Ok(other),
        }
    };
    let join_password = hash(change.join_password).await?;
    let owner_password = hash(change.owner_password).await?;

    // One change at a time: each reads the row, changes it and writes it back, and tells the room in
    // the same order.
    let _one_at_a_time = app.settings_lock.lock().await;
    let row = stored_room(app, name).await?;
    if row.owner_password.is_some()
        && owner_password.is_some()
        && matches!(by, ChangedBy::Chairman(_))
    {
        // Changing or removing a reservation takes its password: a chairman someone promoted cannot
        // take the room from its owner.
        let given = change.current_owner_password.unwrap_or_default();
        let stored = row.owner_password.clone().unwrap_or_default();
        let matches = !given.is_empty()
            && given.chars().count() <= MAX_PASSWORD_LEN
            && passwords::verify(given, stored)
                .await
                .map_err(password_failure)?;
        if !matches {
            app.audit.record(
                Event::ActionDenied,
                who,
                Some(name.as_str()),
                "settings change refused: owner password change without the current one",
            );
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "owner_password_required",
                msg!("error-owner-password-required"),
            ));
        }
    }
    let mut updated = row.clone();
    let mut changed: Vec<String> = Vec::new();
    let mut described: Vec<String> = Vec::new();
    if let Some(v) = change.locked
        && v != row.locked
    {
        updated.locked = v;
        changed.push("locked".into());
        described.push(format!("locked: {} -> {v}", row.locked));
    }
    if let Some(v) = change.require_name
        && v != row.require_name
    {
        updated.require_name = v;
        changed.push("require_name".into());
        described.push(format!("require_name: {} -> {v}", row.require_name));
    }
    if let Some(v) = change.max_members
        && v != row.max_members
    {
        updated.max_members = v;
        changed.push("max_members".into());
        described.push(format!("max_members: {} -> {v}", row.max_members));
    }
    if let Some(v) = change.persistent
        && v != row.persistent
    {
        updated.persistent = v;
        changed.push("persistent".into());
        described.push(format!("persistent: {} -> {v}", row.persistent));
    }
    let mut join_password_changed = false;
    for (field, new, old, slot) in [
        (
            "join_password",
            join_password,
            &row.join_password,
            &mut updated.join_password,
        ),
        (
            "owner_password",
            owner_password,
            &row.owner_password,
            &mut updated.owner_password,
        ),
    ] {
        let Some(new) = new else { continue };
        let before = flag(old.is_some());
        match new {
            Some(hashed) => {
                *slot = Some(hashed);
                let after = if old.is_some() { "changed" } else { "set" };
                described.push(format!("{field}: {before} -> {after}"));
                join_password_changed |= field == "join_password";
            }
            None if old.is_none() => continue,
            None => {
                *slot = None;
                described.push(format!("{field}: set -> unset"));
            }
        }
        changed.push(field.into());
    }

    if !described.is_empty() {
        app.store
            .rooms()
            .save_settings(&updated)
            .await
            .map_err(|e| ApiError::internal("saving room settings", e))?;
        if join_password_changed {
            // Those admitted under no or another password must give the new one next time; the
            // people in the room now stay.
            app.store
                .roles()
                .revoke_participants(row.id)
                .await
                .map_err(|e| ApiError::internal("revoking participant roles", e))?;
        }
        app.audit.record(
            Event::RoomChanged,
            who,
            Some(name.as_str()),
            described.join("; "),
        );
    }
    let notify = match notify {
        Some(list) => {
            let (added, removed) = app
                .store
                .notify()
                .replace(row.id, &list)
                .await
                .map_err(|e| ApiError::internal("saving the notify list", e))?;
            if !added.is_empty() || !removed.is_empty() {
                changed.push("notify".into());
                app.audit.record(
                    Event::NotifyChanged,
                    who,
                    Some(name.as_str()),
                    format!(
                        "added: [{}]; removed: [{}]",
                        added.join(", "),
                        removed.join(", ")
                    ),
                );
            }
            let mut list = list;
            list.sort();
            list
        }
        None => app
            .store
            .notify()
            .list(row.id)
            .await
            .map_err(|e| ApiError::internal("reading the notify list", e))?,
    };
    app.audit.record(
        Event::ActionAllowed,
        who,
        Some(name.as_str()),
        format!("settings change: [{}]", changed.join(", ")),
    );
    let settings = policy::view(&updated, rooms_config);
    if !changed.is_empty()
        && let Ok(Some(room)) = app.registry.find(name.clone()).await
    {
        let by_session = match by {
            ChangedBy::Chairman(session) => Some(session.id),
            ChangedBy::Admin => None,
        };
        room.settings_changed(settings.clone(), by_session, changed)
            .await;
    }
    Ok(Json(SettingsSaved {
        settings,
        notify,
        persistent: updated.persistent,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notify_lists_are_cleaned_and_checked() {
        let list = clean_notify(vec![
            " ada@example.org ".into(),
            "ADA@example.org".into(),
            "".into(),
            "bob@example.org".into(),
        ])
        .unwrap();
        assert_eq!(list, ["ada@example.org", "bob@example.org"]);
        assert!(clean_notify(vec!["not an address".into()]).is_err());
        let many = (0..=MAX_NOTIFY)
            .map(|i| format!("p{i}@example.org"))
            .collect();
        assert!(clean_notify(many).is_err());
    }

    #[test]
    fn an_absent_password_differs_from_null() {
        let absent: SettingsChange = serde_json::from_str("{}").unwrap();
        assert_eq!(absent.join_password, None);
        let null: SettingsChange = serde_json::from_str(r#"{"join_password":null}"#).unwrap();
        assert_eq!(null.join_password, Some(None));
        let set: SettingsChange = serde_json::from_str(r#"{"join_password":"x"}"#).unwrap();
        assert_eq!(set.join_password, Some(Some("x".into())));
        // What the original product's dialog sent to clear a password must not set one.
        assert!(serde_json::from_str::<SettingsChange>(r#"{"join_password":false}"#).is_err());
    }
}
