//! Security headers on every response, and the same-origin rule for requests that change something.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use crate::msg;
use crate::state::AppState;

/// VROOM's own pages: everything from here; frames only from here (the notes, when VROOM serves
/// them) or from the Etherpad of `etherpad.public_url`.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
img-src 'self' data: blob:; media-src 'self' blob: mediastream:; connect-src 'self'; font-src 'self'; \
object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
/// The pads VROOM serves itself (see `notes::proxy`).
const PAD_PATHS: &str = "/etherpad/";
/// Etherpad's pages served under `/etherpad/`: its own scripts decide the rest; only our pages may
/// frame them.
const PAD_CSP: &str = "frame-ancestors 'self'";
const PERMISSIONS: &str = "camera=(self), microphone=(self), display-capture=(self), \
speaker-selection=(self), fullscreen=(self), autoplay=(self), geolocation=(), payment=(), usb=()";

/// The policy of VROOM's pages, allowing the notes' frames from where they come.
pub fn content_security_policy(notes: &crate::notes::Notes) -> HeaderValue {
    let origin = notes
        .config()
        .filter(|c| !c.proxied())
        .and_then(|c| url::Url::parse(&c.public_url).ok())
        .map(|u| u.origin().ascii_serialization())
        .filter(|o| o != "null");
    let policy = match origin {
        Some(origin) => format!("{CSP}; frame-src 'self' {origin}"),
        None => format!("{CSP}; frame-src 'self'"),
    };
    HeaderValue::from_str(&policy).unwrap_or_else(|_| HeaderValue::from_static(CSP))
}

pub async fn headers(State(app): State<AppState>, request: Request, next: Next) -> Response {
    let pad = request.uri().path().starts_with(PAD_PATHS);
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    let set = |h: &mut HeaderMap, name: &'static str, value: &'static str| {
        h.insert(name, HeaderValue::from_static(value));
    };
    if pad {
        set(h, "content-security-policy", PAD_CSP);
        set(h, "x-frame-options", "SAMEORIGIN");
    } else {
        h.insert("content-security-policy", app.csp.clone());
        set(h, "x-frame-options", "DENY");
        set(h, "referrer-policy", "no-referrer");
    }
    set(h, "permissions-policy", PERMISSIONS);
    set(h, "x-content-type-options", "nosniff");
    set(h, "cross-origin-opener-policy", "same-origin");
    set(h, "cross-origin-resource-policy", "same-origin");
    if app.config.server.public_url.starts_with("https://") {
        set(
            h,
            "strict-transport-security",
            "max-age=31536000; includeSubDomains",
        );
    }
    response
}

/// Refuses cross-site requests that change state, and cross-site WebSocket upgrades, so a page on
/// another site cannot act with a visitor's browser. Requests without browser headers (curl, scripts)
/// carry no ambient authority and pass.
pub async fn same_origin(State(app): State<AppState>, request: Request, next: Next) -> Response {
    let changes_state = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let upgrade = request
        .headers()
        .get(header::UPGRADE)
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"websocket"));
    if (changes_state || upgrade)
        && !is_same_origin(request.headers(), &app.config.server.public_url)
    {
        return forbidden();
    }
    next.run(request).await
}

fn forbidden() -> Response {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "cross_origin",
        msg!("error-cross-origin"),
    )
    .into_response()
}

fn is_same_origin(headers: &HeaderMap, public_url: &str) -> bool {
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    if let Some(site) = text("sec-fetch-site") {
        return matches!(site, "same-origin" | "none");
    }
    let Some(origin) = text("origin") else {
        return true;
    };
    let Ok(origin) = url::Url::parse(origin) else {
        return false; // includes "null"
    };
    let origin_authority = match (origin.host_str(), origin.port_or_known_default()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        _ => return false,
    };
    if let Ok(public) = url::Url::parse(public_url)
        && let (Some(host), Some(port)) = (public.host_str(), public.port_or_known_default())
    {
        return origin.scheme() == public.scheme() && origin_authority == format!("{host}:{port}");
    }
    let Some(host) = text("host") else {
        return false;
    };
    let default_port = if origin.scheme() == "https" { 443 } else { 80 };
    let host_authority = if host
        .rsplit_once(':')
        .is_some_and(|(_, p)| p.parse::<u16>().is_ok())
        && !host.ends_with(']')
    {
        host.to_owned()
    } else {
        format!("{host}:{default_port}")
    };
    origin_authority.eq_ignore_ascii_case(&host_authority)
}

/// Adds `Cache-Control: no-store` to API answers, which are about live state.
pub async fn no_store(request: Request<Body>, next: Next) -> Response {
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn same_origin_rules() {
        assert!(is_same_origin(&headers(&[]), ""));
        assert!(is_same_origin(
            &headers(&[("sec-fetch-site", "same-origin")]),
            ""
        ));
        assert!(!is_same_origin(
            &headers(&[("sec-fetch-site", "cross-site")]),
            ""
        ));
        assert!(!is_same_origin(
            &headers(&[("sec-fetch-site", "same-site")]),
            ""
        ));
        let local = [
            ("origin", "http://127.0.0.1:8090"),
            ("host", "127.0.0.1:8090"),
        ];
        assert!(is_same_origin(&headers(&local), ""));
        let evil = [
            ("origin", "http://evil.example"),
            ("host", "127.0.0.1:8090"),
        ];
        assert!(!is_same_origin(&headers(&evil), ""));
        assert!(!is_same_origin(
            &headers(&[("origin", "null"), ("host", "a")]),
            ""
        ));
        let default_port = [("origin", "https://meet.example"), ("host", "meet.example")];
        assert!(is_same_origin(&headers(&default_port), ""));
        // Behind a proxy, the configured public URL is the reference, not Host.
        let proxied = [
            ("origin", "https://meet.example"),
            ("host", "127.0.0.1:8090"),
        ];
        assert!(is_same_origin(&headers(&proxied), "https://meet.example"));
        assert!(!is_same_origin(&headers(&proxied), "https://other.example"));
    }
}
