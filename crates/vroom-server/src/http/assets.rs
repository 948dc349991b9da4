//! The browser client's files (`web/`), embedded in the binary and served under `/assets/`.
//! In debug builds rust-embed reads them from disk, so edits show on reload.

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rust_embed::Embed;

use sha2::{Digest, Sha256};

use super::error::ApiError;
use crate::i18n::Lang;
use crate::msg;

#[derive(Embed)]
#[folder = "../../web/"]
#[exclude = "*.d.ts"]
#[exclude = "tsconfig.json"]
#[exclude = "jsconfig.json"]
#[exclude = "node_modules/*"]
#[exclude = "*.md"]
struct Web;

pub async fn asset(Path(path): Path<String>, headers: HeaderMap) -> Response {
    // One language's messages (every locales/<lang>/*.ftl, joined): what web/ui/i18n.js loads.
    if let Some(code) = path
        .strip_prefix("i18n/")
        .and_then(|p| p.strip_suffix(".ftl"))
        && let Some(lang) = Lang::from_code(code).filter(|l| l.code() == code)
    {
        let source = lang.source();
        let etag = format!("\"{}\"", hex(&Sha256::digest(source.as_bytes())[..16]));
        return serve(
            &headers,
            etag,
            "text/plain; charset=utf-8",
            source.as_bytes().to_vec(),
        );
    }
    let Some(file) = Web::get(&path) else {
        return not_found();
    };
    let etag = format!("\"{}\"", hex(&file.metadata.sha256_hash()[..16]));
    let mime = match path.rsplit('.').next() {
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        Some("ftl") => "text/plain; charset=utf-8",
        _ => file.metadata.mimetype(),
    };
    serve(&headers, etag, mime, file.data.into_owned())
}

fn not_found() -> Response {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        msg!("error-asset-not-found"),
    )
    .into_response()
}

/// A file with its ETag (304 when the browser has it already), revalidated on each use.
fn serve(headers: &HeaderMap, etag: String, mime: &str, data: Vec<u8>) -> Response {
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == etag.as_bytes())
    {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    let mut response = data.into_response();
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(mime) {
        h.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    // Revalidate on each use: a 304 is cheap and an upgraded server never serves stale code.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
