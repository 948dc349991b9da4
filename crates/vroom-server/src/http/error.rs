//! API errors: always `{"error": code, "message": text}` with the matching status. The code is for programs and
//! never changes; the message is for people, in the request's language (`crate::i18n`).

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::i18n::Message;
use crate::msg;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    /// Said in the language of the request when the response is made.
    pub message: Message,
    /// Seconds to wait before trying again (429): sent as `Retry-After` and in the body.
    pub retry_after: Option<u64>,
    /// One more member of the body, for details a program can use (e.g. the bad addresses).
    pub extra: Option<Box<(&'static str, serde_json::Value)>>,
}

#[derive(Serialize)]
struct Body<'a> {
    error: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    retry_after: Option<u64>,
    #[serde(flatten)]
    extra: serde_json::Map<String, serde_json::Value>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: Message) -> Self {
        Self {
            status,
            code,
            message,
            retry_after: None,
            extra: None,
        }
    }

    /// Adds `name: value` to the body.
    pub fn with_field(mut self, name: &'static str, value: serde_json::Value) -> Self {
        self.extra = Some(Box::new((name, value)));
        self
    }

    pub fn too_many(code: &'static str, message: Message, wait_seconds: u64) -> Self {
        Self {
            retry_after: Some(wait_seconds.max(1)),
            ..Self::new(StatusCode::TOO_MANY_REQUESTS, code, message)
        }
    }

    pub fn internal(context: &str, error: impl std::fmt::Display) -> Self {
        tracing::error!(%error, "{context}");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            msg!("error-internal"),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let message = self.message.text();
        let mut extra = serde_json::Map::new();
        if let Some(pair) = self.extra {
            let (name, value) = *pair;
            extra.insert(name.to_owned(), value);
        }
        let body = Body {
            error: self.code,
            message: &message,
            retry_after: self.retry_after,
            extra,
        };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(seconds) = self.retry_after
            && let Ok(value) = HeaderValue::from_str(&seconds.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}
