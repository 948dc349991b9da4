//! HTML pages rendered from templates, in the request's language.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Serialize;
use vroom_core::RoomName;

use super::error::ApiError;
use crate::clock;
use crate::i18n::{Lang, Message};
use crate::msg;
use crate::rooms::policy;
use crate::state::AppState;

fn page<S: Serialize>(
    app: &AppState,
    lang: Lang,
    status: StatusCode,
    name: &str,
    context: S,
) -> Response {
    // Every page's footer links to the feedback form when there is one.
    let context = minijinja::context! {
        feedback => app.mailer.contact().is_some(),
        ..minijinja::Value::from(minijinja::value::Serde(context))
    };
    match app.templates.render(name, lang, context) {
        Ok(html) => (
            status,
            [
                (header::CACHE_CONTROL, "no-cache"),
                // The language comes from these.
                (header::VARY, "Accept-Language, Cookie"),
            ],
            Html(html),
        )
            .into_response(),
        Err(e) => {
            tracing::error!(template = name, error = %e, "template failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                lang.text(&msg!("page-render-failed")),
            )
                .into_response()
        }
    }
}

pub fn error_page(
    app: &AppState,
    lang: Lang,
    status: StatusCode,
    title: Message,
    message: Message,
) -> Response {
    #[derive(Serialize)]
    struct Context {
        status: u16,
        title: String,
        message: String,
    }
    page(
        app,
        lang,
        status,
        "error.html",
        Context {
            status: status.as_u16(),
            title: lang.text(&title),
            message: lang.text(&message),
        },
    )
}

pub async fn home(State(app): State<AppState>, lang: Lang) -> Response {
    page(&app, lang, StatusCode::OK, "home.html", ())
}

pub async fn room(
    State(app): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Response {
    // A path that is not even UTF-8 names no room.
    let Ok(Path(raw)) = path else {
        return not_found_page(&app, lang);
    };
    if raw == "api" {
        return api_not_found();
    }
    let Ok(name) = RoomName::parse(&raw) else {
        return not_found_page(&app, lang);
    };
    if name.as_str() != raw {
        return Redirect::permanent(&format!("/{name}")).into_response();
    }
    let exists = match app.store.rooms().touch(&name, clock::unix_now_i64()).await {
        // Opening the page counts as activity: a room is not deleted under someone on its pre-join screen.
        Ok(found) => found,
        Err(e) => {
            tracing::error!(error = %e, "reading a room for its page");
            return unavailable(&app, lang);
        }
    };
    if !exists {
        return room_page(&app, lang, StatusCode::NOT_FOUND, &name, false);
    }
    let row = match app.store.rooms().get(&name).await {
        Ok(Some(row)) => row,
        Ok(None) => return room_page(&app, lang, StatusCode::NOT_FOUND, &name, false),
        Err(e) => {
            tracing::error!(error = %e, "reading a room for its page");
            return unavailable(&app, lang);
        }
    };
    let limit = policy::view(&row, &app.config.rooms).member_limit as usize;
    if limit > 0 && app.registry.count(name.clone()).await >= limit {
        return full_page(&app, lang, &name, limit);
    }
    // The cookie that will carry this visitor's role in the room (the WebSocket sends it). Its row
    // is written only when it first holds something.
    let sessions = app.sessions();
    let jar = sessions
        .token(&headers)
        .is_none()
        .then(|| sessions.issue().1);
    (jar, room_page(&app, lang, StatusCode::OK, &name, true)).into_response()
}

fn room_page(
    app: &AppState,
    lang: Lang,
    status: StatusCode,
    name: &RoomName,
    exists: bool,
) -> Response {
    #[derive(Serialize)]
    struct Context {
        room: String,
        exists: bool,
    }
    page(
        app,
        lang,
        status,
        "room.html",
        Context {
            room: name.to_string(),
            exists,
        },
    )
}

/// The room is at its member limit: a page that says so and looks again by itself (no script needed).
fn full_page(app: &AppState, lang: Lang, name: &RoomName, limit: usize) -> Response {
    const RETRY_SECONDS: u64 = 15;
    #[derive(Serialize)]
    struct Context {
        room: String,
        limit: usize,
        retry_seconds: u64,
    }
    let context = Context {
        room: name.to_string(),
        limit,
        retry_seconds: RETRY_SECONDS,
    };
    let mut response = page(
        app,
        lang,
        StatusCode::SERVICE_UNAVAILABLE,
        "full.html",
        context,
    );
    response.headers_mut().insert(
        header::RETRY_AFTER,
        header::HeaderValue::from(RETRY_SECONDS),
    );
    response
}

fn unavailable(app: &AppState, lang: Lang) -> Response {
    error_page(
        app,
        lang,
        StatusCode::SERVICE_UNAVAILABLE,
        msg!("page-unavailable-title"),
        msg!("page-unavailable-body"),
    )
}

pub async fn goodbye(
    State(app): State<AppState>,
    lang: Lang,
    path: Result<Path<String>, PathRejection>,
) -> Response {
    let raw = path.map(|Path(raw)| raw).unwrap_or_default();
    #[derive(Serialize)]
    struct Context {
        room: String,
    }
    let room = RoomName::parse(&raw)
        .map(|n| n.to_string())
        .unwrap_or_default();
    page(&app, lang, StatusCode::OK, "goodbye.html", Context { room })
}

fn not_found_page(app: &AppState, lang: Lang) -> Response {
    error_page(
        app,
        lang,
        StatusCode::NOT_FOUND,
        msg!("page-not-found-title"),
        msg!("page-not-found-body"),
    )
}

/// Unknown paths: JSON under /api, a page elsewhere.
pub async fn fallback(State(app): State<AppState>, lang: Lang, uri: Uri) -> Response {
    if uri.path().starts_with("/api/") || uri.path() == "/api" {
        return api_not_found();
    }
    not_found_page(&app, lang)
}

fn api_not_found() -> Response {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        msg!("error-api-not-found"),
    )
    .into_response()
}

pub async fn method_not_allowed() -> Response {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        msg!("error-method-not-allowed"),
    )
    .into_response()
}

/// `GET /feedback`: the feedback form (404 when mail or the contact address is not configured).
pub async fn feedback(State(app): State<AppState>, lang: Lang) -> Response {
    if app.mailer.contact().is_none() {
        return not_found_page(&app, lang);
    }
    #[derive(Serialize)]
    struct Context {
        ticket: String,
        max_comment: usize,
    }
    let ticket = super::feedback::ticket(&app, clock::unix_now_i64());
    page(
        &app,
        lang,
        StatusCode::OK,
        "feedback.html",
        Context {
            ticket,
            max_comment: super::feedback::MAX_COMMENT_CHARS,
        },
    )
}
