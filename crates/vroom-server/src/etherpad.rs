//! A client of Etherpad-Lite's HTTP API (version 1.2.15), for the rooms' collaborative notes.
//!
//! Every call is a form POST, so the API key travels in the body and never in a URL (which proxies and
//! Etherpad's own access log would keep). Etherpad answers `{"code", "message", "data"}`; the HTTP
//! status alone says little (a wrong parameter is a 200 with code 1), so `code` is always checked.
//! Nothing here logs, and no error carries the key.

use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::config::EtherpadConfig;

/// The API version the calls are written against (Etherpad 1.8.14 serves it, and later ones too).
pub const API_VERSION: &str = "1.2.15";

#[derive(Debug, thiserror::Error)]
pub enum EtherpadError {
    #[error("Etherpad at {url} cannot be reached: {reason}")]
    Unreachable { url: String, reason: String },
    #[error("Etherpad at {url} did not answer within {seconds} s")]
    Timeout { url: String, seconds: u64 },
    #[error("Etherpad at {url}: the API key is wrong")]
    BadKey { url: String },
    #[error("Etherpad at {url} refused {method}: {message} (code {code})")]
    Api {
        url: String,
        method: &'static str,
        code: i64,
        message: String,
    },
    #[error("Etherpad at {url} gave an unexpected answer to {method}: {reason}")]
    Malformed {
        url: String,
        method: &'static str,
        reason: String,
    },
    #[error("Etherpad client: {0}")]
    Setup(String),
}

/// Etherpad's reply envelope.
#[derive(Deserialize)]
struct Reply {
    code: i64,
    #[serde(default)]
    message: String,
    #[serde(default)]
    data: Value,
}

#[derive(Clone)]
pub struct Etherpad {
    http: reqwest::Client,
    /// The configured base URL, for messages.
    url: String,
    /// `<url>/api/<version>/`, to which method names are appended.
    api: String,
    key: String,
    timeout: u64,
}

// By hand, so that the key never shows in a `{:?}`.
impl std::fmt::Debug for Etherpad {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Etherpad").field("url", &self.url).finish()
    }
}

/// Builds the client from the configuration and checks the key with `checkToken`. `Ok(None)`: notes
/// are not configured. An error is one line fit for the log; the server then runs without notes.
pub async fn check(config: &EtherpadConfig) -> Result<Option<Etherpad>, EtherpadError> {
    if !config.enabled() {
        return Ok(None);
    }
    let key = config
        .key()
        .map_err(|e| EtherpadError::Setup(e.to_string()))?;
    let etherpad = Etherpad::new(&config.url, &key, Duration::from_secs(config.timeout))?;
    etherpad.check_token().await?;
    Ok(Some(etherpad))
}

impl Etherpad {
    /// A client of the Etherpad at `url` (its base, e.g. `http://127.0.0.1:9001`). No request yet.
    pub fn new(url: &str, key: &str, timeout: Duration) -> Result<Etherpad, EtherpadError> {
        let url = url.trim_end_matches('/').to_owned();
        let http = reqwest::Client::builder()
            .use_preconfigured_tls(tls_config()?)
            .timeout(timeout)
            .connect_timeout(timeout)
            // A redirect would turn the POST into a GET without its form: better a clear error.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| EtherpadError::Setup(chain(e)))?;
        Ok(Etherpad {
            http,
            api: format!("{url}/api/{API_VERSION}/"),
            url,
            key: key.to_owned(),
            timeout: timeout.as_secs(),
        })
    }

    /// The base URL this client talks to.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Whether the API answers and accepts the key.
    pub async fn check_token(&self) -> Result<(), EtherpadError> {
        self.call("checkToken", &[]).await.map(drop)
    }

    /// The group mapped to `mapper` (e.g. a room's id), created on the first call.
    pub async fn create_group_if_not_exists_for(
        &self,
        mapper: &str,
    ) -> Result<String, EtherpadError> {
        let data = self
            .call("createGroupIfNotExistsFor", &[("groupMapper", mapper)])
            .await?;
        self.field(data, "createGroupIfNotExistsFor", "groupID")
    }

    /// Creates the pad `name` in `group` with `text`, and returns its pad id. A pad that already
    /// exists is kept as it is (its text unchanged): this is "create on first use".
    pub async fn create_group_pad(
        &self,
        group: &str,
        name: &str,
        text: &str,
    ) -> Result<String, EtherpadError> {
        let result = self
            .call(
                "createGroupPad",
                &[("groupID", group), ("padName", name), ("text", text)],
            )
            .await;
        match result {
            Ok(data) => self.field(data, "createGroupPad", "padID"),
            Err(EtherpadError::Api {
                code: 1, message, ..
            }) if message.contains("already exist") => Ok(pad_id(group, name)),
            Err(e) => Err(e),
        }
    }

    /// The author mapped to `mapper` (e.g. a browser session), created on the first call; `name` is
    /// written every time, so a renamed participant is renamed in the pad.
    pub async fn create_author_if_not_exists_for(
        &self,
        mapper: &str,
        name: &str,
    ) -> Result<String, EtherpadError> {
        let data = self
            .call(
                "createAuthorIfNotExistsFor",
                &[("authorMapper", mapper), ("name", name)],
            )
            .await?;
        self.field(data, "createAuthorIfNotExistsFor", "authorID")
    }

    /// A session letting `author` into `group`'s pads until `valid_until` (Unix seconds).
    pub async fn create_session(
        &self,
        group: &str,
        author: &str,
        valid_until: u64,
    ) -> Result<String, EtherpadError> {
        let until = valid_until.to_string();
        let data = self
            .call(
                "createSession",
                &[
                    ("groupID", group),
                    ("authorID", author),
                    ("validUntil", &until),
                ],
            )
            .await?;
        self.field(data, "createSession", "sessionID")
    }

    /// Ends a session (a missing one counts as ended). An editor already open stays connected.
    pub async fn delete_session(&self, session: &str) -> Result<(), EtherpadError> {
        missing_is_fine(self.call("deleteSession", &[("sessionID", session)]).await)
    }

    /// Replaces the pad's text (an empty text clears it).
    pub async fn set_text(&self, pad: &str, text: &str) -> Result<(), EtherpadError> {
        self.call("setText", &[("padID", pad), ("text", text)])
            .await
            .map(drop)
    }

    /// The pad's text (Etherpad always ends it with a newline).
    pub async fn get_text(&self, pad: &str) -> Result<String, EtherpadError> {
        let data = self.call("getText", &[("padID", pad)]).await?;
        self.field(data, "getText", "text")
    }

    /// Deletes a pad (a missing one counts as deleted).
    pub async fn delete_pad(&self, pad: &str) -> Result<(), EtherpadError> {
        missing_is_fine(self.call("deletePad", &[("padID", pad)]).await)
    }

    /// Deletes a group with its pads and sessions (a missing one counts as deleted).
    pub async fn delete_group(&self, group: &str) -> Result<(), EtherpadError> {
        missing_is_fine(self.call("deleteGroup", &[("groupID", group)]).await)
    }

    /// One API call: POSTs the key and `params`, returns `data` when `code` is 0.
    async fn call(
        &self,
        method: &'static str,
        params: &[(&str, &str)],
    ) -> Result<Value, EtherpadError> {
        let mut form = Vec::with_capacity(params.len() + 1);
        form.push(("apikey", self.key.as_str()));
        form.extend_from_slice(params);
        let response = self
            .http
            .post(format!("{}{method}", self.api))
            .form(&form)
            .send()
            .await
            .map_err(|e| self.transport_error(e))?;
        let status = response.status();
        let body = response
            .bytes()
            .await
            .map_err(|e| self.transport_error(e))?;
        let reply: Reply = match serde_json::from_slice(&body) {
            Ok(reply) => reply,
            // A 401 without Etherpad's envelope (a proxy's login page, say) is still a refused key.
            Err(_) if status == reqwest::StatusCode::UNAUTHORIZED => {
                return Err(EtherpadError::BadKey {
                    url: self.url.clone(),
                });
            }
            Err(e) => {
                return Err(EtherpadError::Malformed {
                    url: self.url.clone(),
                    method,
                    reason: format!("HTTP {status}, not Etherpad's JSON reply ({e})"),
                });
            }
        };
        match reply.code {
            0 => Ok(reply.data),
            4 => Err(EtherpadError::BadKey {
                url: self.url.clone(),
            }),
            code => Err(EtherpadError::Api {
                url: self.url.clone(),
                method,
                code,
                message: reply.message,
            }),
        }
    }

    /// A string field of a reply's `data`.
    fn field<T: DeserializeOwned>(
        &self,
        data: Value,
        method: &'static str,
        name: &str,
    ) -> Result<T, EtherpadError> {
        let malformed = |reason: String| EtherpadError::Malformed {
            url: self.url.clone(),
            method,
            reason,
        };
        let value = match data {
            Value::Object(mut map) => map
                .remove(name)
                .ok_or_else(|| malformed(format!("no `{name}` in its data")))?,
            _ => return Err(malformed("its data is not an object".into())),
        };
        serde_json::from_value(value).map_err(|e| malformed(format!("`{name}`: {e}")))
    }

    fn transport_error(&self, e: reqwest::Error) -> EtherpadError {
        if e.is_timeout() {
            EtherpadError::Timeout {
                url: self.url.clone(),
                seconds: self.timeout,
            }
        } else {
            EtherpadError::Unreachable {
                url: self.url.clone(),
                reason: chain(e),
            }
        }
    }
}

/// The id of the pad `name` in `group`, as Etherpad builds it.
pub fn pad_id(group: &str, name: &str) -> String {
    format!("{group}${name}")
}

/// Etherpad says "… does not exist" (code 1) when what a delete aims at is already gone.
fn missing_is_fine(result: Result<Value, EtherpadError>) -> Result<(), EtherpadError> {
    match result {
        Ok(_) => Ok(()),
        Err(EtherpadError::Api {
            code: 1, message, ..
        }) if message.contains("does not exist") => Ok(()),
        Err(e) => Err(e),
    }
}

/// rustls with the ring provider (as lettre and sqlx use here) and Mozilla's roots, so that no second
/// crypto library (aws-lc-rs) and no system certificate store are needed.
fn tls_config() -> Result<rustls::ClientConfig, EtherpadError> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| EtherpadError::Setup(e.to_string()))?
    .with_root_certificates(roots)
    .with_no_client_auth();
    Ok(config)
}

/// An error and its causes on one line, without the request's URL (reqwest's own text repeats it).
fn chain(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut text = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
