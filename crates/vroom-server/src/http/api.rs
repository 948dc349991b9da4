//! The JSON API (`docs/api.md`).

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use vroom_core::room_name::{MAX_ROOM_NAME_LEN, RoomNameError};
use vroom_core::{ParticipantId, Role, RoomName};
use vroom_store::{Store, StoreError};

use super::error::ApiError;
use crate::audit::{Event, Who};
use crate::msg;
use crate::state::AppState;
use crate::{clock, ids};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateRoom {
    #[serde(default)]
    name: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct RoomCreated {
    name: String,
    url: String,
    role: Role,
}

/// Turns axum's plain-text body rejections into our JSON errors.
pub fn body<T>(body: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    body.map(|Json(v)| v).map_err(|rejection| {
        let (status, code) = match rejection.status() {
            StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            StatusCode::PAYLOAD_TOO_LARGE => (StatusCode::PAYLOAD_TOO_LARGE, "body_too_large"),
            // Syntax and shape errors alike are the client's bad request.
            _ => (StatusCode::BAD_REQUEST, "invalid_body"),
        };
        let message = match code {
            "unsupported_media_type" => msg!("error-unsupported-media-type"),
            "body_too_large" => msg!("error-body-too-large"),
            _ => msg!("error-invalid-body", detail = rejection.body_text()),
        };
        ApiError::new(status, code, message)
    })
}

pub async fn create_room(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    request: Result<Json<CreateRoom>, JsonRejection>,
) -> Result<Response, ApiError> {
    let request = body(request)?;
    let requested = match request.name.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => Some(RoomName::parse(raw).map_err(invalid_room_name)?),
    };
    let client = client_ip(peer.ip(), &headers, &app.config.server.trusted_proxies);
    if let Err(not_until) = app.room_creations.check_key(&rate_key(client)) {
        app.audit.record(
            Event::ActionDenied,
            &Who::new(client, None),
            None,
            "room creation refused: too many from this address",
        );
        return Err(ApiError::too_many(
            "rate_limited",
            msg!("error-too-many-rooms"),
            wait_seconds(&not_until),
        ));
    }
    let (session, jar) = app
        .sessions()
        .ensure(&headers, client)
        .await
        .map_err(|e| ApiError::internal("opening a session", e))?;
    let now = clock::unix_now_i64();
    let rooms = app.store.rooms();
    let created = match requested {
        Some(name) => rooms.create(&name, now).await.map_err(|e| match e {
            StoreError::Conflict => ApiError::new(
                StatusCode::CONFLICT,
                "room_exists",
                msg!("error-room-exists", name = name.to_string()),
            ),
            other => ApiError::internal("creating a room", other),
        })?,
        None => {
            // Random names collide with probability ~n/2^60; retry a few times anyway.
            let mut attempt = 0;
            loop {
                match rooms.create(&ids::room_name(), now).await {
                    Ok(room) => break room,
                    Err(StoreError::Conflict) if attempt < 5 => attempt += 1,
                    Err(e) => return Err(ApiError::internal("creating a random room", e)),
                }
            }
        }
    };
    app.store
        .roles()
        .set(created.id, session.id, Role::Chairman, now)
        .await
        .map_err(|e| ApiError::internal("recording the creator's role", e))?;
    let who = Who::new(client, Some(&session.reference));
    app.audit.record(
        Event::RoomCreated,
        &who,
        Some(&created.name),
        format!("room {} created; its creator is chairman", created.name),
    );
    app.audit.record(
        Event::ActionAllowed,
        &who,
        Some(&created.name),
        "create room",
    );
    let url = format!("{}/{}", base_url(&app, &headers), created.name);
    let body = RoomCreated {
        name: created.name,
        url,
        role: Role::Chairman,
    };
    Ok((StatusCode::CREATED, jar, Json(body)).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DropConnection {
    room: RoomName,
    participant: ParticipantId,
}

/// Test hook (only routed when `debug.fault_injection` is on): cuts one participant's WebSocket.
pub async fn drop_connection(
    State(app): State<AppState>,
    request: Result<Json<DropConnection>, JsonRejection>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let request = body(request)?;
    let found = match app.registry.find(request.room).await {
        Ok(Some(room)) => room.drop_connection(request.participant).await,
        _ => false,
    };
    if !found {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "unknown_participant",
            msg!("error-unknown-participant"),
        ));
    }
    Ok(Json(serde_json::json!({ "dropped": true })))
}

/// `/healthz`: the process answers. Nothing else is asked (the database is `/readyz`'s question), so
/// that an orchestrator's liveness probe does not restart a healthy process during a database outage.
pub async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

/// How long the database has to answer a readiness check.
const READY_DEADLINE: Duration = Duration::from_secs(2);

/// Why the server should get no traffic now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotReady {
    Stopping,
    Database,
}

/// Ready when the server is not stopping and the database answers a trivial query in time.
pub async fn readiness(stopping: bool, store: &Store) -> Result<(), NotReady> {
    if stopping {
        return Err(NotReady::Stopping);
    }
    match tokio::time::timeout(READY_DEADLINE, store.ping()).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness check: the database failed");
            Err(NotReady::Database)
        }
        Err(_) => {
            tracing::warn!(
                "readiness check: the database did not answer within {} s",
                READY_DEADLINE.as_secs()
            );
            Err(NotReady::Database)
        }
    }
}

/// `/readyz`, for load balancers: 200 when this server should get traffic, else 503 and why.
pub async fn ready(State(app): State<AppState>) -> Response {
    let stopping = *app.shutdown.borrow();
    match readiness(stopping, &app.store).await {
        Ok(()) => Json(serde_json::json!({ "status": "ready" })).into_response(),
        Err(reason) => {
            let reason = match reason {
                NotReady::Stopping => "stopping",
                NotReady::Database => "database",
            };
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({ "status": "not_ready", "reason": reason })),
            )
                .into_response()
        }
    }
}

/// A refused room name, said as the client says it (the `room-name-*` messages are shared).
pub fn invalid_room_name(e: RoomNameError) -> ApiError {
    let message = match e {
        RoomNameError::Empty => msg!("room-name-empty"),
        RoomNameError::TooLong => msg!("room-name-too-long", max = MAX_ROOM_NAME_LEN),
        RoomNameError::InvalidCharacter => msg!("room-name-invalid-character"),
        RoomNameError::Reserved => msg!("room-name-reserved"),
    };
    ApiError::new(StatusCode::BAD_REQUEST, "invalid_room_name", message)
}

/// The client's address: the connecting one, unless that is a trusted proxy, in which case the nearest
/// address in `X-Forwarded-For` that is not itself a trusted proxy.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    // On a dual-stack listener IPv4 clients arrive as ::ffff:a.b.c.d: as IPv6 they would share one
    // rate-limit bucket (the /64) and never match a configured IPv4 proxy.
    let peer = peer.to_canonical();
    if !trusted.contains(&peer) {
        return peer;
    }
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|ip| ip.trim().parse::<IpAddr>().ok())
        .map(|ip| ip.to_canonical())
        .collect::<Vec<_>>();
    forwarded
        .into_iter()
        .rev()
        .find(|ip| !trusted.contains(ip))
        .unwrap_or(peer)
}

/// Whole seconds (at least 1) until a rate limiter lets the next request through.
pub fn wait_seconds(not_until: &governor::NotUntil<governor::clock::QuantaInstant>) -> u64 {
    let now = governor::clock::Clock::now(&governor::clock::DefaultClock::default());
    not_until.wait_time_from(now).as_secs().max(1)
}

/// Rate limits count an IPv6 client by its /64, which one subscriber usually has whole.
pub fn rate_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => {
            let mut segments = v6.segments();
            segments[4..].fill(0);
            IpAddr::V6(segments.into())
        }
    }
}

/// Where links point: the configured public URL, else this request's host.
pub fn base_url(app: &AppState, headers: &HeaderMap) -> String {
    let public = app.config.server.public_url.trim_end_matches('/');
    if !public.is_empty() {
        return public.to_owned();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .map(str::to_owned)
        .unwrap_or_else(|| app.config.server.listen.to_string());
    format!("http://{host}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn readiness_says_stopping_first_then_asks_the_database() {
        let store = Store::connect("sqlite::memory:", 1).await.unwrap();
        assert_eq!(readiness(false, &store).await, Ok(()));
        assert_eq!(readiness(true, &store).await, Err(NotReady::Stopping));
        store.close().await;
        assert_eq!(readiness(false, &store).await, Err(NotReady::Database));
        assert_eq!(readiness(true, &store).await, Err(NotReady::Stopping));
    }

    #[test]
    fn client_address_behind_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let client: IpAddr = "203.0.113.7".parse().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            "198.51.100.1, 203.0.113.7".parse().unwrap(),
        );
        // Not trusted: the header is ignored.
        assert_eq!(client_ip(proxy, &headers, &[]), proxy);
        // Trusted: the nearest untrusted hop (the left part can be forged by the client).
        assert_eq!(client_ip(proxy, &headers, &[proxy]), client);
        assert_eq!(client_ip(proxy, &HeaderMap::new(), &[proxy]), proxy);
    }

    #[test]
    fn ipv6_clients_are_limited_by_their_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        assert_eq!(rate_key(a), rate_key(b));
        let v4: IpAddr = "192.0.2.1".parse().unwrap();
        assert_eq!(rate_key(v4), v4);
    }
}
