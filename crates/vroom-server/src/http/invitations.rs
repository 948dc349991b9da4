//! Invitations by e-mail.
//!
//! - `POST /api/rooms/{name}/invitations` (chairmen): invites 1 to 20 addresses with an optional
//!   message; all are checked first, nothing is sent when one is wrong. Each gets its own random
//!   token (stored hashed) and a mail in the inviter's language.
//! - `GET /api/rooms/{name}/invitations` (chairmen): the list, with each mail's delivery and answer.
//! - `GET /{room}?invitation=<token>` (in pages.rs): binds the invitation to this browser session
//!   (the first that uses it) and lets it past the lock and the join password.
//! - `GET /invitation/{token}`: the invitee's page; `POST /api/invitations/{token}/response`: their
//!   answer ("later" or "decline"), told live to the room's chairmen.

use std::net::SocketAddr;
use std::num::NonZeroU32;

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use vroom_core::RoomName;
use vroom_core::protocol::{InvitationResponse, ServerMessage};
use vroom_store::{
    Invitation, NewInvitation, RESPONSE_DECLINE, RESPONSE_LATER, STATUS_FAILED, STATUS_SENT,
};

use super::api::{body, client_ip, rate_key, wait_seconds};
use super::error::ApiError;
use super::rooms::{require_chairman, room_name};
use crate::audit::{Event, Who};
use crate::i18n::Lang;
use crate::mail::compose;
use crate::sessions::token_hash;
use crate::state::AppState;
use crate::{clock, ids, msg};

pub const MAX_ADDRESSES: usize = 20;
pub const MAX_MESSAGE_CHARS: usize = 1000;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InviteRequest {
    emails: Vec<String>,
    #[serde(default)]
    message: Option<String>,
    /// The inviter's display name, as the room shows it (for the mail's first line).
    #[serde(default)]
    name: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct InvitationView {
    id: i64,
    email: String,
    message: Option<String>,
    created_at: i64,
    expires_at: i64,
    /// `queued`, `sent` or `failed`.
    delivery: &'static str,
    delivery_error: Option<String>,
    response: Option<String>,
    response_message: Option<String>,
    responded_at: Option<i64>,
    /// The link was opened (and bound to a browser).
    used: bool,
}

#[derive(Debug, Serialize)]
pub struct InvitationList {
    invitations: Vec<InvitationView>,
}

fn mail_disabled() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "mail_disabled",
        msg!("error-mail-disabled"),
    )
}

async fn view(app: &AppState, invitation: Invitation) -> InvitationView {
    let mail = match &invitation.mail_message_id {
        Some(id) => app
            .store
            .mail_queue()
            .by_message_id(id)
            .await
            .ok()
            .flatten(),
        None => None,
    };
    let (delivery, delivery_error) = match &mail {
        Some(m) if m.status == STATUS_SENT => ("sent", None),
        Some(m) if m.status == STATUS_FAILED => ("failed", m.last_error.clone()),
        _ => ("queued", None),
    };
    InvitationView {
        id: invitation.id,
        email: invitation.email,
        message: invitation.message,
        created_at: invitation.created_at,
        expires_at: invitation.expires_at,
        delivery,
        delivery_error,
        response: invitation.response,
        response_message: invitation.response_message,
        responded_at: invitation.responded_at,
        used: invitation.bound_session.is_some(),
    }
}

fn clean_text(raw: Option<&str>) -> Option<String> {
    let text = raw?.replace("\r\n", "\n");
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn bad_text(text: &str) -> bool {
    text.chars().count() > MAX_MESSAGE_CHARS
        || text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
}

pub async fn create(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    lang: Lang,
    path: Result<Path<String>, PathRejection>,
    request: Result<Json<InviteRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<InvitationList>), ApiError> {
    let name = room_name(path)?;
    if !app.mailer.enabled() {
        return Err(mail_disabled());
    }
    let ip = client_ip(peer.ip(), &headers, &app.config.server.trusted_proxies);
    let (row, session, who) = require_chairman(
        &app,
        &headers,
        ip,
        &name,
        "invitation",
        msg!("error-invitation-not-allowed"),
    )
    .await?;
    let request = body(request)?;

    // Everything is checked before anything is sent.
    let mut emails: Vec<String> = Vec::new();
    for raw in &request.emails {
        let email = raw.trim().to_owned();
        if !emails.iter().any(|e| e.eq_ignore_ascii_case(&email)) {
            emails.push(email);
        }
    }
    if emails.is_empty() || emails.len() > MAX_ADDRESSES {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_invitation",
            msg!("error-invitation-count", max = MAX_ADDRESSES as i64),
        ));
    }
    let invalid: Vec<String> = emails
        .iter()
        .filter(|e| e.len() > 254 || !email_address::EmailAddress::is_valid(e))
        .cloned()
        .collect();
    if let Some(first) = invalid.first() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_email",
            msg!("error-invalid-email", email = first.clone()),
        )
        .with_field("invalid", serde_json::json!(invalid)));
    }
    let message = clean_text(request.message.as_deref());
    if message.as_deref().is_some_and(bad_text) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_invitation",
            msg!("error-invitation-message", max = MAX_MESSAGE_CHARS as i64),
        ));
    }
    let inviter = request
        .name
        .as_deref()
        .and_then(|n| vroom_core::participant::normalize_display_name(n).ok())
        .unwrap_or_default();
    let n =
        NonZeroU32::new(u32::try_from(emails.len()).unwrap_or(u32::MAX)).unwrap_or(NonZeroU32::MIN);
    for check in [
        app.invitations_per_room.check_key_n(&row.id, n),
        app.invitations_per_client.check_key_n(&rate_key(ip), n),
    ] {
        match check {
            Ok(Ok(())) => {}
            Ok(Err(not_until)) => {
                let wait = wait_seconds(&not_until);
                return Err(ApiError::too_many(
                    "rate_limited",
                    msg!("error-too-many-invitations", count = wait as i64),
                    wait,
                ));
            }
            Err(_) => {
                return Err(ApiError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "rate_limited",
                    msg!("error-too-many-invitations-later"),
                ));
            }
        }
    }

    let now = clock::unix_now_i64();
    let expires_at = now + i64::try_from(app.mailer.config().invitation_lifetime).unwrap_or(86_400);
    let public = app
        .config
        .server
        .public_url
        .trim_end_matches('/')
        .to_owned();
    let mut views = Vec::new();
    for email in emails {
        let token = ids::secret_token();
        let invitation = app
            .store
            .invitations()
            .create(&NewInvitation {
                room_id: row.id,
                token_hash: token_hash(&token),
                email: email.clone(),
                message: message.clone(),
                inviter_ref: session.reference.clone(),
                inviter_name: inviter.clone(),
                lang: lang.code().to_owned(),
                created_at: now,
                expires_at,
            })
            .await
            .map_err(|e| ApiError::internal("storing an invitation", e))?;
        let composed = compose(
            &app.templates,
            lang,
            "invitation",
            &public,
            minijinja::context! {
                room => name.as_str(),
                inviter => inviter.as_str(),
                message => message.as_deref().unwrap_or(""),
                join_url => format!("{public}/{name}?invitation={token}"),
                answer_url => format!("{public}/invitation/{token}"),
                days => (expires_at - now + 3599) / 86_400,
                hours => (expires_at - now + 3599) / 3600,
            },
        )
        .map_err(|e| ApiError::internal("writing an invitation mail", e))?;
        let message_id = app
            .mailer
            .enqueue("invitation", &email, composed, Some(name.as_str()))
            .await
            .map_err(|e| ApiError::internal("queueing an invitation mail", e))?;
        app.store
            .invitations()
            .set_mail(invitation.id, &message_id)
            .await
            .map_err(|e| ApiError::internal("storing an invitation", e))?;
        app.audit.record(
            Event::InvitationSent,
            &who,
            Some(name.as_str()),
            format!("invitation {} to {email}", invitation.id),
        );
        let mut stored = invitation;
        stored.mail_message_id = Some(message_id);
        views.push(view(&app, stored).await);
    }
    Ok((
        StatusCode::CREATED,
        Json(InvitationList { invitations: views }),
    ))
}

pub async fn list(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<InvitationList>, ApiError> {
    let name = room_name(path)?;
    let ip = client_ip(peer.ip(), &headers, &app.config.server.trusted_proxies);
    let (row, _, _) = require_chairman(
        &app,
        &headers,
        ip,
        &name,
        "invitation list",
        msg!("error-invitation-not-allowed"),
    )
    .await?;
    let rows = app
        .store
        .invitations()
        .list(row.id)
        .await
        .map_err(|e| ApiError::internal("reading invitations", e))?;
    let mut invitations = Vec::with_capacity(rows.len());
    for invitation in rows {
        invitations.push(view(&app, invitation).await);
    }
    Ok(Json(InvitationList { invitations }))
}

/// The invitation a token names, if any.
pub async fn by_token(app: &AppState, token: &str) -> Result<Option<Invitation>, ApiError> {
    if token.is_empty() || token.len() > 128 {
        return Ok(None);
    }
    app.store
        .invitations()
        .by_token_hash(&token_hash(token))
        .await
        .map_err(|e| ApiError::internal("reading an invitation", e))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerRequest {
    response: InvitationResponse,
    #[serde(default)]
    message: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct AnswerSaved {
    response: InvitationResponse,
}

pub async fn respond(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(token): Path<String>,
    request: Result<Json<AnswerRequest>, JsonRejection>,
) -> Result<Json<AnswerSaved>, ApiError> {
    let ip = client_ip(peer.ip(), &headers, &app.config.server.trusted_proxies);
    if let Err(not_until) = app.invitation_answers.check_key(&rate_key(ip)) {
        let wait = wait_seconds(&not_until);
        return Err(ApiError::too_many(
            "rate_limited",
            msg!("error-too-many-invitations", count = wait as i64),
            wait,
        ));
    }
    let request = body(request)?;
    let now = clock::unix_now_i64();
    let gone = || {
        ApiError::new(
            StatusCode::GONE,
            "invitation_gone",
            msg!("error-invitation-gone"),
        )
    };
    let invitation = by_token(&app, &token).await?.ok_or_else(gone)?;
    if !invitation.usable(now) {
        return Err(gone());
    }
    let message = clean_text(request.message.as_deref());
    if message.as_deref().is_some_and(bad_text) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_invitation",
            msg!("error-invitation-message", max = MAX_MESSAGE_CHARS as i64),
        ));
    }
    let response = match request.response {
        InvitationResponse::Later => RESPONSE_LATER,
        InvitationResponse::Decline => RESPONSE_DECLINE,
    };
    app.store
        .invitations()
        .respond(invitation.id, response, message.as_deref(), now)
        .await
        .map_err(|e| ApiError::internal("storing an answer", e))?;
    let room = app
        .store
        .rooms()
        .get_by_id(invitation.room_id)
        .await
        .map_err(|e| ApiError::internal("reading a room", e))?;
    if let Some(room) = room {
        app.audit.record(
            Event::InvitationAnswered,
            &Who::new(ip, None),
            Some(room.name.as_str()),
            format!(
                "invitation {} to {}: {response}",
                invitation.id, invitation.email
            ),
        );
        if let Ok(name) = RoomName::parse(&room.name)
            && let Ok(Some(handle)) = app.registry.find(name).await
        {
            handle
                .to_chairmen(ServerMessage::InvitationAnswered {
                    email: invitation.email.clone(),
                    response: request.response,
                    message,
                })
                .await;
        }
    }
    Ok(Json(AnswerSaved {
        response: request.response,
    }))
}
