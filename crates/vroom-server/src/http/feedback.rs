//! `POST /api/feedback`: a comment (and an optional reply address) mailed to `mail.contact`.
//!
//! Limits: `mail.feedback_per_hour` per client address (429), 1 to 4000 characters of comment, a
//! valid address if one is given. Spam is turned away quietly (the answer is the same as for a real
//! message, nothing is sent): a hidden field people leave empty, and a ticket from the form's page,
//! signed by the server, that must be at least 3 seconds and at most a day old.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;

use super::api::{body, client_ip, rate_key, wait_seconds};
use super::error::ApiError;
use crate::audit::{Event, Who};
use crate::clock;
use crate::i18n::Lang;
use crate::mail::compose;
use crate::msg;
use crate::state::AppState;

pub const MAX_COMMENT_CHARS: usize = 4000;
/// A form sent faster than this after its page was served was not typed by a person.
const MIN_FILL_SECS: i64 = 3;
const MAX_TICKET_AGE_SECS: i64 = 86_400;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedbackRequest {
    #[serde(default)]
    email: String,
    comment: String,
    /// The hidden field.
    #[serde(default)]
    website: String,
    #[serde(default)]
    ticket: String,
}

fn signature(app: &AppState, issued: i64) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(app.cookie_key.signing()) {
        Ok(mac) => mac,
        Err(_) => return String::new(),
    };
    mac.update(b"feedback-ticket:");
    mac.update(issued.to_string().as_bytes());
    let bytes = mac.finalize().into_bytes();
    bytes.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// A ticket for a form served at `now`.
pub fn ticket(app: &AppState, now: i64) -> String {
    format!("{now}.{}", signature(app, now))
}

/// Whether a ticket is genuine and was issued long enough ago (but not too long).
fn ticket_ok(app: &AppState, ticket: &str, now: i64) -> bool {
    let Some((issued, sig)) = ticket.split_once('.') else {
        return false;
    };
    let Ok(issued) = issued.parse::<i64>() else {
        return false;
    };
    let age = now - issued;
    let genuine: bool =
        subtle::ConstantTimeEq::ct_eq(sig.as_bytes(), signature(app, issued).as_bytes()).into();
    genuine && (MIN_FILL_SECS..=MAX_TICKET_AGE_SECS).contains(&age)
}

pub async fn send(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    lang: Lang,
    request: Result<Json<FeedbackRequest>, JsonRejection>,
) -> Result<StatusCode, ApiError> {
    let Some(contact) = app.mailer.contact().map(str::to_owned) else {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "feedback_disabled",
            msg!("error-feedback-disabled"),
        ));
    };
    let request = body(request)?;
    let comment = request.comment.trim();
    let email = request.email.trim();
    if comment.is_empty() || comment.chars().count() > MAX_COMMENT_CHARS {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_feedback",
            msg!("error-feedback-comment", max = MAX_COMMENT_CHARS as i64),
        ));
    }
    if !email.is_empty() && (email.len() > 254 || !email_address::EmailAddress::is_valid(email)) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_email",
            msg!("error-invalid-email", email = email.to_owned()),
        ));
    }
    let client = client_ip(peer.ip(), &headers, &app.config.server.trusted_proxies);
    if let Err(not_until) = app.feedback_sends.check_key(&rate_key(client)) {
        return Err(ApiError::too_many(
            "rate_limited",
            msg!("error-too-many-feedback"),
            wait_seconds(&not_until),
        ));
    }
    let now = clock::unix_now_i64();
    let who = Who::new(client, None);
    if !request.website.is_empty() || !ticket_ok(&app, &request.ticket, now) {
        // Quietly: the same answer as for a real message.
        app.audit
            .record(Event::ActionDenied, &who, None, "feedback ignored as spam");
        return Ok(StatusCode::ACCEPTED);
    }
    let mail_lang = Lang::from_code(&app.mailer.config().language).unwrap_or_default();
    let composed = compose(
        &app.templates,
        mail_lang,
        "feedback",
        &app.config.server.public_url,
        minijinja::context! { email => email, comment => comment, language => lang.code() },
    )
    .map_err(|e| ApiError::internal("writing the feedback mail", e))?;
    app.mailer
        .enqueue("feedback", &contact, composed, None)
        .await
        .map_err(|e| ApiError::internal("queueing the feedback mail", e))?;
    app.audit.record(
        Event::FeedbackSent,
        &who,
        None,
        format!("feedback queued ({} characters)", comment.chars().count()),
    );
    Ok(StatusCode::ACCEPTED)
}
