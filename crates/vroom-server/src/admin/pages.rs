//! The administration area's HTML pages: shells rendered from `templates/admin/`, in the request's
//! language, each loading one module of `web/admin/` that fills it from the admin API. Every page
//! but the login page takes [`AdminPage`], which sends a visitor without a login to the login page
//! and back.

use axum::Router;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::{Deserialize, Serialize};
use vroom_core::RoomName;

use super::auth::{Admin, AdminPage, Via, safe_next};
use crate::http::error::ApiError;
use crate::i18n::Lang;
use crate::msg;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin", get(dashboard))
        .route("/admin/", get(|| async { Redirect::permanent("/admin") }))
        .route("/admin/login", get(login))
        .route("/admin/rooms", get(rooms))
        .route("/admin/rooms/{name}", get(room))
        .route("/admin/audit", get(audit))
}

/// Which entry of the area's navigation a page belongs to (marked `aria-current` in the header).
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "snake_case")]
enum Section {
    Dashboard,
    Rooms,
    Audit,
}

/// The context of a page that has nothing of its own.
#[derive(Serialize)]
struct NoContext {}

/// What every page of the area knows besides its own context.
#[derive(Serialize)]
struct Frame<'a, C: Serialize> {
    /// The administrator's account name, for the header (empty on the login page).
    username: &'a str,
    /// Whether "Log out" means anything: not behind a single sign-on proxy, which logs in again.
    can_log_out: bool,
    section: Option<Section>,
    #[serde(flatten)]
    page: C,
}

fn render<C: Serialize>(
    app: &AppState,
    lang: Lang,
    status: StatusCode,
    template: &str,
    admin: Option<&Admin>,
    section: Option<Section>,
    context: C,
) -> Response {
    let frame = Frame {
        username: admin.map(|a| a.username.as_str()).unwrap_or(""),
        can_log_out: admin.is_some_and(|a| matches!(a.via, Via::Session { .. })),
        section,
        page: context,
    };
    match app.templates.render(template, lang, frame) {
        Ok(html) => (
            status,
            [
                // The language comes from these (the admin routes add no-store on top).
                (header::VARY, "Accept-Language, Cookie"),
            ],
            Html(html),
        )
            .into_response(),
        Err(e) => {
            tracing::error!(template, error = %e, "template failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                lang.text(&msg!("page-render-failed")),
            )
                .into_response()
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

/// `GET /admin/login`: the login form; someone already logged in goes straight on.
async fn login(
    State(app): State<AppState>,
    lang: Lang,
    admin: Result<Admin, ApiError>,
    query: Result<Query<LoginQuery>, QueryRejection>,
) -> Response {
    let next = safe_next(
        query
            .ok()
            .and_then(|Query(q)| q.next)
            .as_deref()
            .filter(|n| !n.is_empty()),
    );
    if admin.is_ok() {
        return Redirect::to(&next).into_response();
    }
    #[derive(Serialize)]
    struct Context {
        next: String,
    }
    render(
        &app,
        lang,
        StatusCode::OK,
        "admin/login.html",
        None,
        None,
        Context { next },
    )
}

async fn dashboard(
    State(app): State<AppState>,
    lang: Lang,
    AdminPage(admin): AdminPage,
) -> Response {
    render(
        &app,
        lang,
        StatusCode::OK,
        "admin/dashboard.html",
        Some(&admin),
        Some(Section::Dashboard),
        NoContext {},
    )
}

async fn rooms(State(app): State<AppState>, lang: Lang, AdminPage(admin): AdminPage) -> Response {
    render(
        &app,
        lang,
        StatusCode::OK,
        "admin/rooms.html",
        Some(&admin),
        Some(Section::Rooms),
        NoContext {},
    )
}

/// `GET /admin/rooms/{name}`: one room. A name that is not a room's (never was, or deleted since)
/// still gets the area's frame, with a 404 and the way back to the list.
async fn room(
    State(app): State<AppState>,
    lang: Lang,
    AdminPage(admin): AdminPage,
    path: Result<Path<String>, PathRejection>,
) -> Response {
    let raw = path.map(|Path(raw)| raw).unwrap_or_default();
    let name = RoomName::parse(&raw).ok();
    if let Some(name) = &name
        && name.as_str() != raw
    {
        let encoded: String =
            url::form_urlencoded::byte_serialize(name.as_str().as_bytes()).collect();
        return Redirect::permanent(&format!("/admin/rooms/{encoded}")).into_response();
    }
    let exists = match &name {
        Some(name) => match app.store.rooms().get(name).await {
            Ok(found) => found.is_some(),
            Err(e) => {
                tracing::error!(error = %e, "reading a room for its admin page");
                return ApiError::internal("reading a room", e).into_response();
            }
        },
        None => false,
    };
    #[derive(Serialize)]
    struct Context {
        room: String,
        exists: bool,
    }
    render(
        &app,
        lang,
        if exists {
            StatusCode::OK
        } else {
            StatusCode::NOT_FOUND
        },
        "admin/room.html",
        Some(&admin),
        Some(Section::Rooms),
        Context {
            // Shown as text only; a name that does not parse is not echoed back.
            room: name.map(|n| n.to_string()).unwrap_or_default(),
            exists,
        },
    )
}

async fn audit(State(app): State<AppState>, lang: Lang, AdminPage(admin): AdminPage) -> Response {
    render(
        &app,
        lang,
        StatusCode::OK,
        "admin/audit.html",
        Some(&admin),
        Some(Section::Audit),
        NoContext {},
    )
}
