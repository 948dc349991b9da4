//! The rooms' collaborative notes (Etherpad), as the browser reaches them.
//!
//! - `POST /api/rooms/{name}/notes` `{participant}`: a participant of the meeting, from its own
//!   browser session, opens the room's pad: the answer gives the pad's address, and the
//!   `sessionID` cookie that Etherpad's editor reads lets that participant in (for this room's group
//!   only; up to four rooms' sessions are kept side by side).
//! - `POST /api/rooms/{name}/notes/clear` (chairmen): empties the pad; everyone in the meeting is told.
//! - `GET /api/notes`: whether the notes can be used now (`off`, `ready`, `unavailable`), polled by
//!   an open notes panel. It asks nothing of Etherpad.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use vroom_core::ParticipantId;
use vroom_store::StoreError;

use super::api::{body, client_ip, rate_key, wait_seconds};
use super::error::ApiError;
use super::rooms::{current_session, require_chairman, room_name, stored_room};
use crate::audit::{Event, Who};
use crate::msg;
use crate::notes::connections::{SESSION_COOKIE, sessions_in_cookie};
use crate::notes::{Availability, NotesError, PadAccess};
use crate::state::AppState;

/// Etherpad sessions kept in the cookie, newest first (one per room open in this browser).
pub const MAX_COOKIE_SESSIONS: usize = 4;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenRequest {
    /// The caller's participant id in the meeting (from its `welcome`).
    participant: String,
}

#[derive(Debug, Serialize)]
pub struct OpenAnswer {
    /// The pad's address for the iframe, without the editor's options.
    pad: String,
    /// When the Etherpad session ends (Unix seconds): ask again before reloading the pad after it.
    expires_at: u64,
}

#[derive(Debug, Serialize)]
pub struct NotesStatus {
    state: Availability,
}

#[derive(Debug, Serialize)]
pub struct ClearAnswer {
    /// False when the room's notes were never opened (nothing to clear).
    cleared: bool,
}

pub async fn status(State(app): State<AppState>) -> Json<NotesStatus> {
    Json(NotesStatus {
        state: app.notes.room_state(),
    })
}

fn disabled() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "notes_disabled",
        msg!("error-notes-disabled"),
    )
}

fn not_in_room() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "not_in_room",
        msg!("error-notes-not-in-room"),
    )
}

/// Etherpad's failures are a 503 the panel explains; the room gone is a 404; the rest is ours.
fn notes_error(e: NotesError, room: &str) -> ApiError {
    match e {
        NotesError::Off => disabled(),
        NotesError::Store(StoreError::NotFound) => ApiError::new(
            StatusCode::NOT_FOUND,
            "room_not_found",
            msg!("error-room-not-found", name = room.to_owned()),
        ),
        e if e.is_unavailable() => {
            tracing::warn!(error = %e, room, "collaborative notes unavailable");
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "notes_unavailable",
                msg!("error-notes-unavailable"),
            )
        }
        e => ApiError::internal("opening a room's notes", e),
    }
}

fn rate_limit(app: &AppState, ip: std::net::IpAddr) -> Result<(), ApiError> {
    app.notes_requests
        .check_key(&rate_key(ip))
        .map_err(|not_until| {
            let wait = wait_seconds(&not_until);
            ApiError::too_many(
                "rate_limited",
                msg!("error-too-many-notes-requests", wait = wait),
                wait,
            )
        })
}

pub async fn open(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    request: Result<Json<OpenRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    let name = room_name(path)?;
    if app.notes.room_state() == Availability::Off {
        return Err(disabled());
    }
    let ip = client_ip(peer.ip(), &headers, &app.config.server.trusted_proxies);
    rate_limit(&app, ip)?;
    let request = body(request)?;
    let participant = ParticipantId::parse(&request.participant).map_err(|_| not_in_room())?;
    let row = stored_room(&app, &name).await?;
    let session = current_session(&app, &headers)
        .await?
        .ok_or_else(not_in_room)?;
    let who = Who::new(ip, Some(&session.reference));
    // Only someone in the meeting now, from their own browser, gets the pad.
    let room = app
        .registry
        .find(name.clone())
        .await
        .map_err(|e| ApiError::internal("finding a live room", e))?;
    let info = match &room {
        Some(room) => {
            room.participant(participant.clone(), session.reference.clone())
                .await
        }
        None => None,
    };
    let (Some(room), Some(info)) = (room, info) else {
        app.audit.record(
            Event::ActionDenied,
            &who,
            Some(name.as_str()),
            format!("notes refused: {participant} is not this session's participant in the room"),
        );
        return Err(not_in_room());
    };
    let access = app
        .notes
        .open(
            row.id,
            name.as_str(),
            &format!("vroom-{}", session.reference),
            &info.name,
            &who,
        )
        .await
        .map_err(|e| notes_error(e, name.as_str()))?;
    let replaced = match room
        .notes_session(
            participant,
            session.reference.clone(),
            access.session.clone(),
        )
        .await
    {
        Ok(replaced) => replaced,
        Err(_) => {
            // Gone while the session was being made: it must not outlive them.
            app.notes.end_session(access.session);
            return Err(not_in_room());
        }
    };
    let cookie = session_cookie(&app, &headers, &access, replaced.as_deref());
    let answer = OpenAnswer {
        pad: pad_address(&app, &access.pad_id),
        expires_at: access.valid_until,
    };
    let mut response = Json(answer).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    Ok(response)
}

pub async fn clear(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<ClearAnswer>, ApiError> {
    let name = room_name(path)?;
    if app.notes.room_state() == Availability::Off {
        return Err(disabled());
    }
    let ip = client_ip(peer.ip(), &headers, &app.config.server.trusted_proxies);
    rate_limit(&app, ip)?;
    let (row, session, who) = require_chairman(
        &app,
        &headers,
        ip,
        &name,
        "clearing the notes",
        msg!("error-notes-clear-not-allowed"),
    )
    .await?;
    let cleared = app
        .notes
        .clear(row.id)
        .await
        .map_err(|e| notes_error(e, name.as_str()))?;
    if cleared {
        app.audit.record(
            Event::NotesCleared,
            &who,
            Some(name.as_str()),
            "notes cleared by a chairman",
        );
        if let Ok(Some(room)) = app.registry.find(name.clone()).await {
            room.notes_cleared(Some(session.id)).await;
        }
    }
    Ok(Json(ClearAnswer { cleared }))
}

/// The pad's address for browsers: `$` and the rest of the id escaped for a path segment.
fn pad_address(app: &AppState, pad_id: &str) -> String {
    let base = app.notes.browser_base().unwrap_or_default();
    let id: String = url::form_urlencoded::byte_serialize(pad_id.as_bytes()).collect();
    format!("{base}/p/{id}")
}

/// `sessionID=<this session>,<up to three earlier ones>` (other rooms open in this browser; not the
/// one this session `replaced`): readable by Etherpad's editor (so not HttpOnly), for the whole site
/// (or `etherpad.cookie_domain`), `Secure` where the pads are https.
fn session_cookie(
    app: &AppState,
    headers: &HeaderMap,
    access: &PadAccess,
    replaced: Option<&str>,
) -> String {
    let mut sessions = vec![access.session.clone()];
    for earlier in sessions_in_cookie(headers) {
        if sessions.len() < MAX_COOKIE_SESSIONS
            && !sessions.contains(&earlier)
            && replaced != Some(earlier.as_str())
        {
            sessions.push(earlier);
        }
    }
    let config = app.notes.config();
    let https = match config {
        Some(c) if !c.proxied() => c.public_url.starts_with("https://"),
        _ => app.config.server.public_url.starts_with("https://"),
    };
    let lifetime = config.map(|c| c.session_lifetime).unwrap_or_default();
    let mut cookie = format!(
        "{SESSION_COOKIE}={}; Path=/; Max-Age={lifetime}; SameSite=Lax",
        sessions.join(",")
    );
    if let Some(domain) = config
        .map(|c| c.cookie_domain.trim_start_matches('.'))
        .filter(|d| !d.is_empty())
    {
        cookie.push_str("; Domain=");
        cookie.push_str(domain);
    }
    if https {
        cookie.push_str("; Secure");
    }
    cookie
}
