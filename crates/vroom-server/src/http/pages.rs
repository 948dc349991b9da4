//! HTML pages rendered from templates, in the request's language.

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use vroom_core::RoomName;

use super::api::client_ip;
use super::error::ApiError;
use crate::audit::{Event, Who};
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

#[derive(Debug, Deserialize)]
pub struct RoomQuery {
    /// The token of an invitation's link.
    invitation: Option<String>,
}

pub async fn room(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    lang: Lang,
    headers: HeaderMap,
    query: Result<Query<RoomQuery>, QueryRejection>,
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
    if let Ok(Query(RoomQuery {
        invitation: Some(token),
    })) = query
    {
        let ip = client_ip(peer.ip(), &headers, &app.config.server.trusted_proxies);
        return use_invitation(&app, lang, &headers, ip, &row, &name, &token).await;
    }
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

/// An invitation's link: binds it to this browser's session (the first to use it), then goes to the
/// room without the token in the address. A link for another room, declined, expired or bound to
/// another browser gets a page that says so.
async fn use_invitation(
    app: &AppState,
    lang: Lang,
    headers: &HeaderMap,
    ip: std::net::IpAddr,
    row: &vroom_store::Room,
    name: &RoomName,
    token: &str,
) -> Response {
    let now = clock::unix_now_i64();
    let invitation = match super::invitations::by_token(app, token).await {
        Ok(Some(inv)) if inv.room_id == row.id => inv,
        Ok(_) => {
            return error_page(
                app,
                lang,
                StatusCode::NOT_FOUND,
                msg!("invite-link-unknown-title"),
                msg!("invite-link-unknown-body"),
            );
        }
        Err(_) => return unavailable(app, lang),
    };
    if !invitation.usable(now) {
        let declined = invitation.response.as_deref() == Some(vroom_store::RESPONSE_DECLINE);
        return error_page(
            app,
            lang,
            StatusCode::GONE,
            msg!("invite-link-gone-title"),
            if declined {
                msg!("invite-link-declined-body")
            } else {
                msg!("invite-link-expired-body")
            },
        );
    }
    let (session, jar) = match app.sessions().ensure(headers, ip).await {
        Ok(pair) => pair,
        Err(e) => {
            tracing::error!(error = %e, "opening a session for an invitation");
            return unavailable(app, lang);
        }
    };
    let who = Who::new(ip, Some(&session.reference));
    match app
        .store
        .invitations()
        .bind(invitation.id, session.id)
        .await
    {
        Ok(true) => {
            app.audit.record(
                Event::InvitationUsed,
                &who,
                Some(name.as_str()),
                format!(
                    "invitation {} to {} opened",
                    invitation.id, invitation.email
                ),
            );
            (jar, Redirect::to(&format!("/{name}"))).into_response()
        }
        Ok(false) => {
            app.audit.record(
                Event::JoinRefused,
                &who,
                Some(name.as_str()),
                format!("invitation {} opened in another browser", invitation.id),
            );
            error_page(
                app,
                lang,
                StatusCode::FORBIDDEN,
                msg!("invite-link-used-title"),
                msg!("invite-link-used-body"),
            )
        }
        Err(e) => {
            tracing::error!(error = %e, "binding an invitation");
            unavailable(app, lang)
        }
    }
}

/// `GET /invitation/{token}`: the invitee's page (answer, or join).
pub async fn invitation(
    State(app): State<AppState>,
    lang: Lang,
    Path(token): Path<String>,
) -> Response {
    let now = clock::unix_now_i64();
    let invitation = match super::invitations::by_token(&app, &token).await {
        Ok(Some(inv)) => inv,
        Ok(None) => {
            return error_page(
                &app,
                lang,
                StatusCode::NOT_FOUND,
                msg!("invite-link-unknown-title"),
                msg!("invite-link-unknown-body"),
            );
        }
        Err(_) => return unavailable(&app, lang),
    };
    let room = match app.store.rooms().get_by_id(invitation.room_id).await {
        Ok(Some(room)) => room,
        Ok(None) => return not_found_page(&app, lang),
        Err(_) => return unavailable(&app, lang),
    };
    #[derive(Serialize)]
    struct Context {
        room: String,
        inviter: String,
        message: String,
        expires_at: i64,
        /// Shown until the page's script puts it in the reader's time zone (and without script).
        expires_utc: String,
        response: String,
        join_url: String,
        token: String,
        state: &'static str,
    }
    let declined = invitation.response.as_deref() == Some(vroom_store::RESPONSE_DECLINE);
    let state = if declined {
        "declined"
    } else if now >= invitation.expires_at {
        "expired"
    } else {
        "open"
    };
    let status = if state == "open" {
        StatusCode::OK
    } else {
        StatusCode::GONE
    };
    page(
        &app,
        lang,
        status,
        "invitation.html",
        Context {
            join_url: format!("/{}?invitation={token}", room.name),
            room: room.name,
            inviter: invitation.inviter_name,
            message: invitation.message.unwrap_or_default(),
            expires_at: invitation.expires_at,
            expires_utc: crate::clock::format_utc(invitation.expires_at),
            response: invitation.response.unwrap_or_default(),
            token,
            state,
        },
    )
}
