//! The admin JSON API: the dashboard's figures, the rooms (list, one room, its settings, join as
//! chairman, end, delete) and the audit log (list and export). Every handler takes [`Admin`]: without
//! a login (or a trusted proxy's identity, or the control socket) it answers 401. `docs/api.md`
//! describes each call.

use std::collections::HashMap;
use std::net::SocketAddr;

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use vroom_core::ParticipantInfo;
use vroom_core::protocol::EndReason;
use vroom_core::{Role, RoomName};
use vroom_store::{AuditQuery, AuditRecord, Room, RoomQuery, RoomSort};

use super::Admin;
use crate::audit::Event;
use crate::http::api::{body, client_ip};
use crate::http::error::ApiError;
use crate::http::rooms::{
    ChangedBy, SettingsChange, SettingsSaved, apply_settings, room_name, stored_room,
};
use crate::i18n::Message;
use crate::rooms::policy;
use crate::state::AppState;
use crate::{clock, msg};

/// Longest search text, in characters.
const MAX_SEARCH: usize = 200;
const ROOMS_PER_PAGE: u32 = 25;
const EVENTS_PER_PAGE: u32 = 50;
const MAX_PER_PAGE: u32 = 200;

fn bad_query(message: Message) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "invalid_query", message)
}

pub(super) fn query<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    q.map(|Query(q)| q)
        .map_err(|e| bad_query(msg!("error-admin-invalid-query", detail = e.body_text())))
}

pub(super) fn store_error(what: &'static str) -> impl Fn(vroom_store::StoreError) -> ApiError {
    move |e| ApiError::internal(what, e)
}

fn search_term(q: Option<String>) -> Result<Option<String>, ApiError> {
    let q = q.map(|q| q.trim().to_owned()).filter(|q| !q.is_empty());
    if q.as_ref().is_some_and(|q| q.chars().count() > MAX_SEARCH) {
        return Err(bad_query(msg!(
            "error-admin-search-too-long",
            max = MAX_SEARCH
        )));
    }
    Ok(q)
}

/// A 1-based page number and a page size into an offset, refusing nonsense.
fn paging(
    page: Option<u64>,
    per_page: Option<u32>,
    default: u32,
) -> Result<(u64, u32, u64), ApiError> {
    let page = page.unwrap_or(1);
    let per_page = per_page.unwrap_or(default);
    if page == 0 || page > 1_000_000 {
        return Err(bad_query(msg!("error-admin-bad-page")));
    }
    if !(1..=MAX_PER_PAGE).contains(&per_page) {
        return Err(bad_query(msg!(
            "error-admin-bad-page-size",
            max = MAX_PER_PAGE
        )));
    }
    Ok((page, per_page, (page - 1) * u64::from(per_page)))
}

// ---------------------------------------------------------------------------------------------
// Dashboard

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatsQuery {
    /// Joins are counted from here (the viewer's midnight); default: the last 24 hours.
    since: Option<i64>,
}

#[derive(Debug, Serialize)]
pub struct MailFigures {
    enabled: bool,
    pending: u64,
    sent: u64,
    failed: u64,
}

#[derive(Debug, Serialize)]
pub struct NotesFigures {
    /// `off` (not configured), `ready`, or `unavailable` (Etherpad does not answer, or refuses the key).
    state: crate::notes::Availability,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    /// Deleted rooms' pads still to delete from Etherpad.
    trash: TrashFigures,
}

#[derive(Debug, Serialize)]
pub struct TrashFigures {
    waiting: u64,
    /// Of those, the ones whose deletion failed already (retried, up to an hour apart).
    failing: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_error: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Stats {
    rooms: i64,
    live_rooms: usize,
    people: usize,
    joins_since: u64,
    since: i64,
    connections: usize,
    mail: MailFigures,
    notes: NotesFigures,
    version: &'static str,
    started_at: i64,
    database: &'static str,
}

pub async fn stats(
    _admin: Admin,
    State(app): State<AppState>,
    q: Result<Query<StatsQuery>, QueryRejection>,
) -> Result<Json<Stats>, ApiError> {
    let q = query(q)?;
    let now = clock::unix_now_i64();
    let since = q.since.unwrap_or(now - 86_400).clamp(0, now);
    let rooms = app
        .store
        .rooms()
        .count()
        .await
        .map_err(store_error("counting rooms"))?;
    let live = app
        .registry
        .live()
        .await
        .map_err(|e| ApiError::internal("listing live rooms", e))?;
    let joins_since = app
        .store
        .audit()
        .count_since(Event::Joined.as_str(), since)
        .await
        .map_err(store_error("counting joins"))?;
    let mail = if app.mailer.enabled() {
        app.store
            .mail_queue()
            .counts()
            .await
            .map_err(store_error("counting mails"))?
    } else {
        vroom_store::MailCounts::default()
    };
    let trash = app
        .store
        .notes()
        .trash_counts()
        .await
        .map_err(store_error("counting the notes' trash"))?;
    Ok(Json(Stats {
        rooms,
        live_rooms: live.len(),
        people: live.iter().map(|(_, n)| n).sum(),
        joins_since,
        since,
        connections: app
            .config
            .limits
            .max_connections
            .saturating_sub(app.connections.available_permits()),
        mail: MailFigures {
            enabled: app.mailer.enabled(),
            pending: mail.pending,
            sent: mail.sent,
            failed: mail.failed,
        },
        notes: NotesFigures {
            state: app.notes.availability(),
            reason: app.notes.reason(),
            trash: TrashFigures {
                waiting: trash.waiting,
                failing: trash.failing,
                last_error: trash.last_error,
            },
        },
        version: env!("CARGO_PKG_VERSION"),
        started_at: app.admin.started_at,
        database: database_kind(&app.config.database.url),
    }))
}

fn database_kind(url: &str) -> &'static str {
    if url.starts_with("sqlite:") {
        "sqlite"
    } else if url.starts_with("postgres") {
        "postgres"
    } else {
        "mysql"
    }
}

// ---------------------------------------------------------------------------------------------
// Rooms

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SortBy {
    #[default]
    Name,
    Created,
    Activity,
    People,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    #[default]
    Asc,
    Desc,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoomsQuery {
    q: Option<String>,
    sort: Option<SortBy>,
    dir: Option<Direction>,
    page: Option<u64>,
    per_page: Option<u32>,
}

/// A room as the admin list shows it.
#[derive(Debug, Serialize)]
pub struct RoomSummary {
    name: String,
    created_at: i64,
    last_activity: i64,
    people: usize,
    reserved: bool,
    persistent: bool,
    locked: bool,
    require_name: bool,
    join_password: bool,
    max_members: u32,
}

impl RoomSummary {
    fn new(room: &Room, people: usize) -> Self {
        RoomSummary {
            name: room.name.clone(),
            created_at: room.created_at,
            last_activity: room.last_activity,
            people,
            reserved: room.owner_password.is_some(),
            persistent: room.persistent,
            locked: room.locked,
            require_name: room.require_name,
            join_password: room.join_password.is_some(),
            max_members: room.max_members,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct RoomList {
    total: u64,
    page: u64,
    per_page: u32,
    sort: SortBy,
    dir: Direction,
    q: String,
    rooms: Vec<RoomSummary>,
}

/// The rooms, a page at a time, searched by name and sorted by any column, "people now" included:
/// the live rooms are few and in memory, so that sort puts them (ordered by head count) before or
/// after the others (ordered by name), and pages across the seam.
pub async fn rooms(
    _admin: Admin,
    State(app): State<AppState>,
    q: Result<Query<RoomsQuery>, QueryRejection>,
) -> Result<Json<RoomList>, ApiError> {
    let q = query(q)?;
    let search = search_term(q.q)?;
    let (page, per_page, offset) = paging(q.page, q.per_page, ROOMS_PER_PAGE)?;
    let sort = q.sort.unwrap_or_default();
    let dir = q.dir.unwrap_or_default();
    let live: HashMap<String, usize> = app
        .registry
        .live()
        .await
        .map_err(|e| ApiError::internal("listing live rooms", e))?
        .into_iter()
        .map(|(name, n)| (name.to_string(), n))
        .collect();
    let people = |room: &Room| live.get(&room.name).copied().unwrap_or(0);
    let rooms = app.store.rooms();
    let base = RoomQuery {
        search: search.clone(),
        descending: dir == Direction::Desc,
        ..RoomQuery::default()
    };
    let (total, list) = if sort == SortBy::People {
        // The live rooms that match, from the store (a live room just deleted is not listed).
        let names: Vec<String> = live.keys().cloned().collect();
        let mut live_rows = rooms
            .page(&RoomQuery {
                only: Some(names.clone()),
                limit: u32::try_from(names.len()).unwrap_or(u32::MAX),
                descending: false,
                ..base.clone()
            })
            .await
            .map_err(store_error("listing rooms"))?
            .rooms;
        live_rows.sort_by(|a, b| {
            let order = people(a).cmp(&people(b));
            let order = if dir == Direction::Desc {
                order.reverse()
            } else {
                order
            };
            order.then_with(|| a.name.cmp(&b.name))
        });
        let idle = |offset: u64, limit: u32| {
            let query = RoomQuery {
                exclude: names.clone(),
                offset,
                limit,
                descending: false,
                ..base.clone()
            };
            async move { rooms.page(&query).await }
        };
        let idle_total = idle(0, 0)
            .await
            .map_err(store_error("listing rooms"))?
            .total;
        let live_total = live_rows.len() as u64;
        // Desc: live rooms first, then the empty ones; asc: the other way round.
        let (first_len, live_first) = if dir == Direction::Desc {
            (live_total, true)
        } else {
            (idle_total, false)
        };
        let want = u64::from(per_page);
        let mut out: Vec<Room> = Vec::new();
        let take_live = |from: u64, n: u64| -> Vec<Room> {
            live_rows
                .iter()
                .skip(usize::try_from(from).unwrap_or(usize::MAX))
                .take(usize::try_from(n).unwrap_or(usize::MAX))
                .cloned()
                .collect()
        };
        // The part of this page in the first segment, then the rest from the second.
        let in_first = first_len.saturating_sub(offset).min(want);
        let second_from = offset.saturating_sub(first_len);
        let in_second = want - in_first;
        let (from_live, n_live, from_idle, n_idle) = if live_first {
            (offset, in_first, second_from, in_second)
        } else {
            (second_from, in_second, offset, in_first)
        };
        let idle_rows = if n_idle > 0 {
            idle(from_idle, u32::try_from(n_idle).unwrap_or(u32::MAX))
                .await
                .map_err(store_error("listing rooms"))?
                .rooms
        } else {
            Vec::new()
        };
        let live_part = if n_live > 0 {
            take_live(from_live, n_live)
        } else {
            Vec::new()
        };
        if live_first {
            out.extend(live_part);
            out.extend(idle_rows);
        } else {
            out.extend(idle_rows);
            out.extend(live_part);
        }
        (live_total + idle_total, out)
    } else {
        let found = rooms
            .page(&RoomQuery {
                sort: match sort {
                    SortBy::Created => RoomSort::Created,
                    SortBy::Activity => RoomSort::Activity,
                    _ => RoomSort::Name,
                },
                limit: per_page,
                offset,
                ..base
            })
            .await
            .map_err(store_error("listing rooms"))?;
        (found.total, found.rooms)
    };
    Ok(Json(RoomList {
        total,
        page,
        per_page,
        sort,
        dir,
        q: search.unwrap_or_default(),
        rooms: list
            .iter()
            .map(|room| RoomSummary::new(room, people(room)))
            .collect(),
    }))
}

#[derive(Debug, Serialize)]
pub struct RoomDetail {
    #[serde(flatten)]
    summary: RoomSummary,
    /// The limit that applies: the lower of the room's and the server's (0: none).
    member_limit: u32,
    notify: Vec<String>,
    /// Too common a name to be reserved with an owner password.
    common_name: bool,
}

#[derive(Debug, Serialize)]
pub struct LiveParticipantView {
    #[serde(flatten)]
    info: ParticipantInfo,
    ip: String,
    session: String,
    joined_at: i64,
}

#[derive(Debug, Serialize)]
pub struct RoomView {
    room: RoomDetail,
    participants: Vec<LiveParticipantView>,
    max_members_limit: usize,
}

async fn room_view(app: &AppState, name: &RoomName) -> Result<RoomView, ApiError> {
    let row = stored_room(app, name).await?;
    let notify = app
        .store
        .notify()
        .list(row.id)
        .await
        .map_err(store_error("reading the notify list"))?;
    let participants = app
        .registry
        .participants(name.clone())
        .await
        .map_err(|e| ApiError::internal("listing participants", e))?;
    let settings = policy::view(&row, &app.config.rooms);
    Ok(RoomView {
        room: RoomDetail {
            summary: RoomSummary::new(&row, participants.len()),
            member_limit: settings.member_limit,
            notify,
            common_name: app.config.rooms.is_common_name(name.as_str()),
        },
        participants: participants
            .into_iter()
            .map(|p| LiveParticipantView {
                info: p.info,
                ip: p.ip.to_string(),
                session: p.session,
                joined_at: p.joined_at,
            })
            .collect(),
        max_members_limit: app.config.rooms.max_members,
    })
}

/// One room: its settings, notify list and the people in it now.
pub async fn room(
    _admin: Admin,
    State(app): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<RoomView>, ApiError> {
    let name = room_name(path)?;
    Ok(Json(room_view(&app, &name).await?))
}

/// Changes any setting of a room, persistent included; an owner password can be changed without
/// the current one. Announced to the room like a chairman's change.
pub async fn update_room(
    admin: Admin,
    State(app): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    request: Result<Json<SettingsChange>, JsonRejection>,
) -> Result<Json<SettingsSaved>, ApiError> {
    let name = room_name(path)?;
    let change = body(request)?;
    apply_settings(&app, &admin.who(), ChangedBy::Admin, &name, change).await
}

#[derive(Debug, Serialize)]
pub struct Joining {
    url: String,
}

/// Makes the administrator's browser a chairman of the room (its meeting session, made if needed),
/// so that opening the room puts them in the chair.
pub async fn join_room(
    admin: Admin,
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let name = room_name(path)?;
    let row = stored_room(&app, &name).await?;
    let ip = client_ip(peer.ip(), &headers, &app.config.server.trusted_proxies);
    let (session, jar) = app
        .sessions()
        .ensure(&headers, ip)
        .await
        .map_err(|e| ApiError::internal("opening a session", e))?;
    app.store
        .roles()
        .set(row.id, session.id, Role::Chairman, clock::unix_now_i64())
        .await
        .map_err(store_error("recording a role"))?;
    if let Ok(Some(room)) = app.registry.find(name.clone()).await {
        room.role_granted(session.id, Role::Chairman).await;
    }
    app.audit.record(
        Event::AdminJoined,
        &admin.who(),
        Some(name.as_str()),
        format!(
            "{} made session {} a chairman to enter the room",
            admin.username, session.reference
        ),
    );
    Ok((
        jar,
        Json(Joining {
            url: format!("/{name}"),
        }),
    )
        .into_response())
}

#[derive(Debug, Serialize)]
pub struct Ended {
    disconnected: usize,
}

/// Ends the meeting: everyone in it is told and disconnected. The room stays.
pub async fn end_room(
    admin: Admin,
    State(app): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<Ended>, ApiError> {
    let name = room_name(path)?;
    stored_room(&app, &name).await?;
    let disconnected = app
        .registry
        .end(name.clone(), EndReason::Ended)
        .await
        .map_err(|e| ApiError::internal("ending a meeting", e))?;
    app.audit.record(
        Event::MeetingEnded,
        &admin.who(),
        Some(name.as_str()),
        format!(
            "meeting ended by {}: {disconnected} disconnected",
            admin.username
        ),
    );
    Ok(Json(Ended { disconnected }))
}

/// Deletes the room: gone from the store first (so nobody can come back in), then everyone in it
/// is told and disconnected.
pub async fn delete_room(
    admin: Admin,
    State(app): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<Ended>, ApiError> {
    let name = room_name(path)?;
    let deleted = app
        .store
        .rooms()
        .delete(&name)
        .await
        .map_err(store_error("deleting a room"))?;
    if !deleted {
        // Not found; the same answer as the other calls give.
        stored_room(&app, &name).await?;
    }
    let disconnected = app
        .registry
        .end(name.clone(), EndReason::Deleted)
        .await
        .map_err(|e| ApiError::internal("ending a meeting", e))?;
    app.audit.record(
        Event::RoomDeleted,
        &admin.who(),
        Some(name.as_str()),
        format!(
            "room deleted by {}: {disconnected} disconnected",
            admin.username
        ),
    );
    // Its notes, if it had any, went to the trash with it: off to Etherpad now.
    app.notes.poke_trash();
    Ok(Json(Ended { disconnected }))
}

// ---------------------------------------------------------------------------------------------
// Audit

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditParams {
    /// Unix seconds, inclusive; default: the last 24 hours.
    from: Option<i64>,
    to: Option<i64>,
    /// Event types, comma-separated; empty: all.
    event: Option<String>,
    q: Option<String>,
    page: Option<u64>,
    per_page: Option<u32>,
}

#[derive(Debug, Serialize)]
pub struct AuditEvent {
    id: i64,
    at: i64,
    event: String,
    ip: Option<String>,
    user: Option<String>,
    room: Option<String>,
    message: String,
}

impl From<AuditRecord> for AuditEvent {
    fn from(r: AuditRecord) -> Self {
        AuditEvent {
            id: r.id,
            at: r.at,
            event: r.event,
            ip: r.ip,
            user: r.user_ref,
            room: r.room,
            message: r.message,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct AuditPage {
    total: u64,
    page: u64,
    per_page: u32,
    from: i64,
    to: i64,
    events: Vec<AuditEvent>,
    event_types: Vec<&'static str>,
}

/// The filter of an audit request, checked.
pub(super) fn audit_query(p: &AuditParams) -> Result<AuditQuery, ApiError> {
    let now = clock::unix_now_i64();
    let to = p.to.unwrap_or(now);
    let from = p.from.unwrap_or(to.saturating_sub(86_400));
    if from > to {
        return Err(bad_query(msg!("error-admin-bad-range")));
    }
    let mut events = Vec::new();
    for name in p
        .event
        .as_deref()
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        if !Event::ALL.iter().any(|e| e.as_str() == name) {
            let shown: String = name.chars().take(40).collect();
            return Err(bad_query(msg!("error-admin-unknown-event", name = shown)));
        }
        events.push(name.to_owned());
    }
    Ok(AuditQuery {
        from,
        to,
        events,
        text: search_term(p.q.clone())?,
    })
}

/// The audit log, filtered, newest first, a page at a time.
pub async fn audit(
    _admin: Admin,
    State(app): State<AppState>,
    q: Result<Query<AuditParams>, QueryRejection>,
) -> Result<Json<AuditPage>, ApiError> {
    let params = query(q)?;
    let filter = audit_query(&params)?;
    let (page, per_page, offset) = paging(params.page, params.per_page, EVENTS_PER_PAGE)?;
    let (records, total) = app
        .store
        .audit()
        .page(&filter, per_page, offset)
        .await
        .map_err(store_error("reading the audit log"))?;
    Ok(Json(AuditPage {
        total,
        page,
        per_page,
        from: filter.from,
        to: filter.to,
        events: records.into_iter().map(AuditEvent::from).collect(),
        event_types: Event::ALL.iter().map(|e| e.as_str()).collect(),
    }))
}
