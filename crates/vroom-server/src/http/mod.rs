//! The HTTP surface: pages, assets, the JSON API and the WebSocket endpoint.

pub mod api;
pub mod assets;
pub mod error;
pub mod feedback;
pub mod invitations;
pub mod language;
pub mod notes;
pub mod pages;
pub mod rooms;
pub mod security;

use axum::Router;
use std::net::SocketAddr;

use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, State, WebSocketUpgrade};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

use crate::msg;
use crate::signalling;
use crate::state::AppState;
use error::ApiError;

const READ_BUFFER: usize = 16 * 1024;

pub fn router(app: AppState) -> Router {
    let mut api = Router::new()
        .route("/api/rooms", post(api::create_room))
        .route(
            "/api/rooms/{name}",
            get(rooms::status).patch(rooms::update_settings),
        )
        .route("/api/rooms/{name}/auth", post(rooms::authenticate))
        .route("/api/feedback", post(feedback::send))
        .route(
            "/api/rooms/{name}/invitations",
            get(invitations::list).post(invitations::create),
        )
        .route(
            "/api/invitations/{token}/response",
            post(invitations::respond),
        )
        .route("/api/notes", get(notes::status))
        .route("/api/rooms/{name}/notes", post(notes::open))
        .route("/api/rooms/{name}/notes/clear", post(notes::clear));
    if app.config.debug.fault_injection {
        tracing::warn!("debug.fault_injection is on: connections can be cut through the API");
        api = api.route("/api/debug/drop-connection", post(api::drop_connection));
    }
    let api = api.layer(middleware::from_fn(security::no_store));

    let content = Router::new()
        .route("/", get(pages::home))
        .route("/goodbye/{room}", get(pages::goodbye))
        .route("/feedback", get(pages::feedback))
        .route("/invitation/{token}", get(pages::invitation))
        .route("/assets/{*path}", get(assets::asset))
        .route("/{room}", get(pages::room))
        .fallback(pages::fallback)
        .layer(CompressionLayer::new());

    // Health checks are about this instant: a cached answer would hide a change.
    let health = Router::new()
        .route("/healthz", get(api::health))
        .route("/readyz", get(api::ready))
        .layer(middleware::from_fn(security::no_store));
    let mut router = Router::new()
        .route("/ws", get(websocket))
        .route("/etherpad/{*rest}", any(crate::notes::proxy::forward))
        .merge(health);
    // With a separate metrics address, the main one has no /metrics at all (it is a room name there,
    // reserved, so it answers 404).
    if app.config.metrics.listen_addr().is_none() {
        router = router.route("/metrics", get(crate::metrics::for_admin));
    }

    router
        .merge(crate::admin::routes())
        .merge(api)
        .merge(content)
        .method_not_allowed_fallback(pages::method_not_allowed)
        .layer(DefaultBodyLimit::max(app.config.limits.max_body_bytes))
        .layer(middleware::from_fn_with_state(
            app.clone(),
            security::same_origin,
        ))
        // Outside the same-origin rule, so that its refusal is said in the request's language too.
        .layer(middleware::from_fn_with_state(
            app.clone(),
            language::negotiate,
        ))
        .layer(middleware::from_fn_with_state(
            app.clone(),
            security::headers,
        ))
        .layer(TraceLayer::new_for_http())
        // Outermost, so that every answer is counted, refusals by the layers above included.
        .layer(middleware::from_fn_with_state(
            app.clone(),
            crate::metrics::count_responses,
        ))
        .with_state(app)
}

async fn websocket(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    let upgrade = match upgrade {
        Ok(upgrade) => upgrade,
        Err(rejection) => {
            return ApiError::new(
                rejection.status(),
                "websocket_required",
                msg!("error-websocket-required"),
            )
            .into_response();
        }
    };
    let client = api::client_ip(peer.ip(), &headers, &app.config.server.trusted_proxies);
    let Some(address_permit) = app.connections_per_address.try_acquire(client) else {
        return ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_connections",
            msg!("error-too-many-connections-address"),
        )
        .into_response();
    };
    let Ok(permit) = app.connections.clone().try_acquire_owned() else {
        return ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "too_many_connections",
            msg!("error-too-many-connections-server"),
        )
        .into_response();
    };
    let peer = signalling::Peer {
        ip: client,
        token: app.sessions().token(&headers),
    };
    let max = app.config.signalling.max_message_bytes;
    // Past twice the protocol limit the transport itself gives up (close 1009); between the two,
    // the connection answers with an error frame and goes on.
    upgrade
        // The default 128 KiB read buffer per connection is most of a connection's memory; signalling
        // frames are a few KiB, and larger ones still arrive whole (the buffer grows to the message).
        .read_buffer_size(READ_BUFFER)
        .max_message_size(max * 2)
        .max_frame_size(max * 2)
        .on_upgrade(move |socket| signalling::run(socket, app, peer, (permit, address_permit)))
}
