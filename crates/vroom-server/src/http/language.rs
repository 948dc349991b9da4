//! The language of each request (`crate::i18n`). A middleware negotiates it once (cookie, Accept-Language,
//! English), makes it current while the request is handled (so API errors say their message in it) and hands
//! it to page handlers (the [`Lang`] extractor).
//!
//! `?lang=fr` on a page (the language links of the pages that work without script) sets the `vroom_lang`
//! cookie and redirects to the same path without the parameter: always a path on this site, never another.

use std::convert::Infallible;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::i18n::{self, Lang};
use crate::state::AppState;

/// How long the language choice is remembered.
const COOKIE_MAX_AGE: u64 = 365 * 24 * 60 * 60;

pub async fn negotiate(State(app): State<AppState>, mut request: Request, next: Next) -> Response {
    if let Some(response) = switch(&app, &request) {
        return response;
    }
    let lang = Lang::negotiate(request.headers());
    request.extensions_mut().insert(lang);
    i18n::scope(lang, next.run(request)).await
}

/// A page asked with `?lang=<supported>`: remember it and come back without the parameter.
fn switch(app: &AppState, request: &Request) -> Option<Response> {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return None;
    }
    let uri = request.uri();
    let path = uri.path();
    if path.starts_with("/api/")
        || path.starts_with("/assets/")
        || path.starts_with("/etherpad/")
        || path == "/ws"
        || matches!(path, "/healthz" | "/readyz" | "/metrics")
    {
        return None;
    }
    let mut chosen = None;
    let mut rest = Vec::new();
    for pair in uri.query()?.split('&') {
        match pair.split_once('=') {
            Some(("lang", value)) => chosen = chosen.or_else(|| Lang::from_code(value)),
            _ if pair == "lang" => {}
            _ => rest.push(pair),
        }
    }
    let lang = chosen?;
    Some(redirect(
        &local_target(path, &rest),
        lang,
        app.sessions().secure,
    ))
}

/// The same path on this site: a path that a browser could read as another host (`//host`, `/\host`) becomes
/// the home page.
fn local_target(path: &str, query: &[&str]) -> String {
    let path = if !path.starts_with('/') || path.starts_with("//") || path.contains('\\') {
        "/"
    } else {
        path
    };
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

fn redirect(target: &str, lang: Lang, secure: bool) -> Response {
    let cookie = format!(
        "{}={}; Path=/; Max-Age={COOKIE_MAX_AGE}; SameSite=Lax{}",
        i18n::COOKIE,
        lang.code(),
        if secure { "; Secure" } else { "" }
    );
    let location = HeaderValue::from_str(target).unwrap_or(HeaderValue::from_static("/"));
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    headers.insert(header::LOCATION, location);
    if let Ok(cookie) = HeaderValue::from_str(&cookie) {
        headers.insert(header::SET_COOKIE, cookie);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The request's language, as the middleware negotiated it.
impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Lang>()
            .copied()
            .unwrap_or_else(|| Lang::negotiate(&parts.headers)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_redirect_stays_on_this_site() {
        assert_eq!(local_target("/team-sync", &[]), "/team-sync");
        assert_eq!(local_target("/goodbye/x", &["a=1"]), "/goodbye/x?a=1");
        assert_eq!(local_target("//evil.example/x", &[]), "/");
        assert_eq!(local_target("/\\evil.example", &[]), "/");
        assert_eq!(local_target("http://evil.example/", &[]), "/");
    }
}
