//! VROOM serving Etherpad's pad pages itself, under `/etherpad/` on its own address, when no
//! `etherpad.public_url` is set.
//!
//! Why: Etherpad's editor only works in an iframe whose top page is the same origin, or https on the
//! same site (its client writes `SameSite=None` cookies for any other embedder, which browsers drop
//! on http). Forwarding the few paths a pad needs makes the pad same-origin with the meeting, on
//! plain http at `127.0.0.1` as behind an https proxy, with no cookie domain to set up.
//!
//! Only what the editor needs is forwarded (the pad, its assets, socket.io — polling and
//! WebSocket —, its error reports); Etherpad's HTTP API and admin pages are not. VROOM's own
//! cookies are taken out of what Etherpad receives. The answers keep Etherpad's headers but may only
//! be framed by VROOM's own pages. The editors' socket.io connections are registered in
//! [`super::connections`], which cuts them when their Etherpad session ends.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, Limited};
use hyper_util::rt::TokioIo;

use super::PROXY_PREFIX;
use super::connections::{Admission, engine_session, sessions_in_cookie};
use crate::http::error::ApiError;
use crate::msg;
use crate::state::AppState;

/// The largest request body forwarded (socket.io's polling messages, a pad import).
pub const MAX_BODY: usize = 2 << 20;
/// How long socket.io's long-polling may hold a request before answering (engine.io waits up to its
/// ping interval, 25 s, when it has nothing to send).
const LONG_POLL: Duration = Duration::from_secs(60);

/// The first path segments a pad needs (below Etherpad's root).
const ALLOWED: &[&str] = &[
    "p",
    "static",
    "javascripts",
    "locales",
    "locales.json",
    "pluginfw",
    "socket.io",
    "jserror",
    "favicon.ico",
    "ep",
];

/// Headers that describe one connection, not the message: never passed on (RFC 9110, 7.6.1).
const HOP_BY_HOP: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

/// Whether `path` (of the request, starting with `/etherpad/`) is one a pad needs.
pub fn allowed(path: &str) -> bool {
    let Some(rest) = path
        .strip_prefix(PROXY_PREFIX)
        .and_then(|r| r.strip_prefix('/'))
    else {
        return false;
    };
    let first = rest.split('/').next().unwrap_or_default();
    if !ALLOWED.contains(&first) {
        return false;
    }
    // Of `ep/`, only the editor's connection report.
    first != "ep" || rest == "ep/pad/connection-diagnostic-info"
}

/// `/etherpad/{*rest}`: forwards the request to Etherpad and its answer back.
pub async fn forward(State(app): State<AppState>, mut request: Request) -> Response {
    let not_found = || {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            msg!("error-asset-not-found"),
        )
        .into_response()
    };
    let proxied = app.notes.config().is_some_and(|c| c.proxied());
    if !proxied || !allowed(request.uri().path()) {
        return not_found();
    }
    let Ok(client) = app.notes.client() else {
        return unavailable();
    };
    let path_and_query = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or_default()
        .strip_prefix(PROXY_PREFIX)
        .unwrap_or_default()
        .to_owned();
    let client_upgrade = request
        .extensions_mut()
        .remove::<hyper::upgrade::OnUpgrade>();
    let upgrading = is_upgrade(request.headers());
    // An editor's connection: known by the sessions it was opened with, so that it can be cut
    // when one of them ends (see `connections`).
    let editor = path_and_query
        .starts_with("/socket.io/")
        .then(|| app.notes.connections().cloned())
        .flatten()
        .map(|connections| {
            (
                connections,
                engine_session(request.uri().query()),
                sessions_in_cookie(request.headers()),
            )
        });
    if let Some((connections, sid, sessions)) = &editor
        && connections.admit(sid.as_deref(), sessions) == Admission::Cut
    {
        return engine_session_ended();
    }
    let (parts, body) = request.into_parts();
    let mut out = http::Request::new(Limited::new(body, MAX_BODY));
    *out.method_mut() = parts.method;
    *out.headers_mut() = request_headers(&parts.headers, upgrading);

    let wait = if path_and_query.starts_with("/socket.io/") {
        LONG_POLL
    } else {
        Duration::from_secs(app.notes.config().map(|c| c.timeout).unwrap_or(5))
    };
    let mut answer = match client.forward(out, &path_and_query, wait).await {
        Ok(answer) => answer,
        Err(e) => {
            tracing::warn!(error = %e, "could not forward a pad request to Etherpad");
            return unavailable();
        }
    };
    let status = answer.status();
    let mut headers = answer.headers().clone();
    strip_hop_by_hop(&mut headers, status == StatusCode::SWITCHING_PROTOCOLS);

    if status == StatusCode::SWITCHING_PROTOCOLS {
        let Some(client_upgrade) = client_upgrade else {
            return unavailable();
        };
        let etherpad_upgrade = hyper::upgrade::on(&mut answer);
        let tunnel = editor
            .as_ref()
            .map(|(connections, sid, sessions)| connections.tunnel(sid.as_deref(), sessions));
        tokio::spawn(async move {
            let (Ok(browser), Ok(etherpad)) = (client_upgrade.await, etherpad_upgrade.await) else {
                return;
            };
            let mut browser = TokioIo::new(browser);
            let mut etherpad = TokioIo::new(etherpad);
            let pipe = tokio::io::copy_bidirectional(&mut browser, &mut etherpad);
            match tunnel {
                // Cut: both ends are dropped, so closed.
                Some(mut tunnel) => {
                    tokio::select! {
                        _ = pipe => {}
                        _ = &mut tunnel.cut => {}
                    }
                }
                None => {
                    let _ = pipe.await;
                }
            }
        });
        let mut response = Response::new(Body::empty());
        *response.status_mut() = status;
        *response.headers_mut() = headers;
        return response;
    }

    if status.is_success()
        && let Some((connections, Some(sid), sessions)) = &editor
    {
        connections.remember(sid, sessions);
    }
    let body = answer.into_body().map_err(axum::Error::new);
    let mut response = Response::new(Body::new(body));
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}

fn unavailable() -> Response {
    ApiError::new(
        StatusCode::BAD_GATEWAY,
        "notes_unavailable",
        msg!("error-notes-unavailable"),
    )
    .into_response()
}

/// What engine.io answers for a session it does not know: its client then starts a new one, whose
/// pad Etherpad judges again.
fn engine_session_ended() -> Response {
    let mut response = Response::new(Body::from(r#"{"code":1,"message":"Session ID unknown"}"#));
    *response.status_mut() = StatusCode::BAD_REQUEST;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

fn is_upgrade(headers: &HeaderMap) -> bool {
    headers
        .get(header::UPGRADE)
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"websocket"))
}

/// The browser's headers as Etherpad gets them: without the hop-by-hop ones (but an upgrade's), and
/// without VROOM's own cookies.
fn request_headers(incoming: &HeaderMap, upgrading: bool) -> HeaderMap {
    let mut headers = incoming.clone();
    strip_hop_by_hop(&mut headers, upgrading);
    headers.remove(header::COOKIE);
    let kept: Vec<&str> = incoming
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .map(str::trim)
        .filter(|c| !c.is_empty() && !is_vroom_cookie(c))
        .collect();
    if !kept.is_empty()
        && let Ok(value) = HeaderValue::from_str(&kept.join("; "))
    {
        headers.insert(header::COOKIE, value);
    }
    headers
}

/// `name=value` of one of VROOM's cookies (session, admin session, language).
fn is_vroom_cookie(pair: &str) -> bool {
    let name = pair.split('=').next().unwrap_or_default().trim();
    name.starts_with("vroom_") || name.starts_with("__Host-vroom_")
}

/// Removes the hop-by-hop headers, and those `Connection` names; an upgrade keeps `Connection:
/// upgrade` and `Upgrade`.
fn strip_hop_by_hop(headers: &mut HeaderMap, upgrading: bool) {
    let named: Vec<HeaderName> = headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|n| HeaderName::from_bytes(n.trim().as_bytes()).ok())
        .collect();
    let upgrade = headers.get(header::UPGRADE).cloned();
    for name in named {
        headers.remove(name);
    }
    for name in HOP_BY_HOP {
        headers.remove(*name);
    }
    if upgrading && let Some(upgrade) = upgrade {
        headers.insert(header::CONNECTION, HeaderValue::from_static("upgrade"));
        headers.insert(header::UPGRADE, upgrade);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_a_pad_needs_is_forwarded() {
        for path in [
            "/etherpad/p/g.abc$notes",
            "/etherpad/p/g.abc$notes/export/txt",
            "/etherpad/static/css/pad.css",
            "/etherpad/javascripts/lib/ep_etherpad-lite/static/js/pad.js",
            "/etherpad/locales.json",
            "/etherpad/socket.io/",
            "/etherpad/jserror",
            "/etherpad/ep/pad/connection-diagnostic-info",
        ] {
            assert!(allowed(path), "{path}");
        }
        for path in [
            "/etherpad",
            "/etherpad/",
            "/etherpad/api/1.2.15/deleteGroup",
            "/etherpad/api",
            "/etherpad/admin",
            "/etherpad/admin/settings",
            "/etherpad/stats",
            "/etherpad/tests/frontend",
            "/etherpad/ro/r.abc",
            "/etherpad/ep/other",
            "/etherpadx/p/x",
            "/etherpad/pp/x",
        ] {
            assert!(!allowed(path), "{path}");
        }
    }

    #[test]
    fn vroom_cookies_stay_here() {
        let mut incoming = HeaderMap::new();
        incoming.insert(
            header::COOKIE,
            HeaderValue::from_static(
                "vroom_session=secret; sessionID=s.1,s.2; __Host-vroom_admin=x; token=t-1",
            ),
        );
        incoming.append(header::COOKIE, HeaderValue::from_static("vroom_lang=fr"));
        incoming.insert(
            header::CONNECTION,
            HeaderValue::from_static("keep-alive, x-trace"),
        );
        incoming.insert("x-trace", HeaderValue::from_static("1"));
        incoming.insert(header::ACCEPT, HeaderValue::from_static("text/html"));
        let out = request_headers(&incoming, false);
        assert_eq!(
            out.get_all(header::COOKIE).iter().collect::<Vec<_>>(),
            ["sessionID=s.1,s.2; token=t-1"]
        );
        assert!(out.get(header::CONNECTION).is_none() && out.get("x-trace").is_none());
        assert_eq!(out.get(header::ACCEPT).unwrap(), "text/html");

        let mut ws = HeaderMap::new();
        ws.insert(header::CONNECTION, HeaderValue::from_static("Upgrade"));
        ws.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
        ws.insert(header::COOKIE, HeaderValue::from_static("vroom_session=x"));
        let out = request_headers(&ws, true);
        assert_eq!(out.get(header::UPGRADE).unwrap(), "websocket");
        assert_eq!(out.get(header::CONNECTION).unwrap(), "upgrade");
        assert!(out.get(header::COOKIE).is_none());
    }
}
