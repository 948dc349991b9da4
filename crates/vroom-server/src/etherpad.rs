//! A client of Etherpad-Lite's HTTP API (version 1.2.15), for the rooms' collaborative notes.
//!
//! Every call is a form POST, so the API key travels in the body and never in a URL (which proxies and
//! Etherpad's own access log would keep). Etherpad answers `{"code", "message", "data"}`; the HTTP
//! status alone says little (a wrong parameter is a 200 with code 1), so `code` is always checked.
//! Nothing here logs, and no error carries the key.

use std::sync::Arc;
use std::time::Duration;

use http::header::{CONTENT_TYPE, HOST};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::pki_types::ServerName;

use crate::config::EtherpadConfig;

/// The API version the calls are written against (Etherpad 1.8.14 serves it, and later ones too).
pub const API_VERSION: &str = "1.2.15";

/// The largest reply read: a pad's whole text comes back in one (Etherpad's own limit is lower).
const MAX_REPLY: usize = 16 << 20;

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
    /// The configured base URL, for messages.
    url: String,
    /// Where to connect (a name or an address, without brackets) and the `Host` header to send.
    host: String,
    port: u16,
    host_header: String,
    /// `<base path>/api/<version>/`, to which method names are appended.
    path: String,
    /// The base URL's path without its final `/` (empty at the root), for forwarded requests.
    base_path: String,
    /// Set for https: the TLS client and the name the certificate must match.
    tls: Option<(TlsConnector, ServerName<'static>)>,
    key: String,
    timeout: Duration,
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
        let base = url.trim_end_matches('/').to_owned();
        let not_usable = || EtherpadError::Setup(format!("{base} is not an http(s) base URL"));
        let parsed = url::Url::parse(&base).map_err(|_| not_usable())?;
        let host = match parsed.host() {
            Some(url::Host::Domain(name)) => name.to_owned(),
            Some(url::Host::Ipv4(ip)) => ip.to_string(),
            Some(url::Host::Ipv6(ip)) => ip.to_string(),
            None => return Err(not_usable()),
        };
        let port = parsed.port_or_known_default().ok_or_else(not_usable)?;
        let host_header = match (parsed.host_str(), parsed.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_owned(),
            (None, _) => return Err(not_usable()),
        };
        let tls = match parsed.scheme() {
            "http" => None,
            "https" => {
                let name = ServerName::try_from(host.clone())
                    .map_err(|e| EtherpadError::Setup(format!("{base}: {e}")))?;
                Some((TlsConnector::from(Arc::new(tls_config()?)), name))
            }
            _ => return Err(not_usable()),
        };
        let base_path = parsed.path().trim_end_matches('/').to_owned();
        Ok(Etherpad {
            path: format!("{base_path}/api/{API_VERSION}/"),
            base_path,
            url: base,
            host,
            port,
            host_header,
            tls,
            key: key.to_owned(),
            timeout,
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
        // Built before any await: the serializer is not `Send`.
        let form = {
            let mut form = url::form_urlencoded::Serializer::new(String::new());
            form.append_pair("apikey", &self.key);
            form.extend_pairs(params);
            form.finish()
        };
        let (status, body) =
            match tokio::time::timeout(self.timeout, self.exchange(method, form)).await {
                Ok(answer) => answer?,
                Err(_) => {
                    return Err(EtherpadError::Timeout {
                        url: self.url.clone(),
                        seconds: self.timeout.as_secs(),
                    });
                }
            };
        let reply: Reply = match serde_json::from_slice(&body) {
            Ok(reply) => reply,
            // A 401 without Etherpad's envelope (a proxy's login page, say) is still a refused key.
            Err(_) if status == http::StatusCode::UNAUTHORIZED => {
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

    /// Sends a browser's request to Etherpad (`path_and_query` relative to its base, starting with
    /// `/`) on a fresh connection, which stays usable for a protocol upgrade (socket.io's WebSocket).
    /// The answer's head must come within `wait`; its body then streams for as long as it takes.
    pub async fn forward<B>(
        &self,
        mut request: http::Request<B>,
        path_and_query: &str,
        wait: Duration,
    ) -> Result<http::Response<hyper::body::Incoming>, EtherpadError>
    where
        B: hyper::body::Body + Send + 'static,
        B::Data: Send,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let uri: http::Uri = format!("{}{path_and_query}", self.base_path)
            .parse()
            .map_err(|e| EtherpadError::Setup(format!("a forwarded path: {e}")))?;
        *request.uri_mut() = uri;
        let host = http::HeaderValue::from_str(&self.host_header)
            .map_err(|e| EtherpadError::Setup(e.to_string()))?;
        request.headers_mut().insert(HOST, host);
        match tokio::time::timeout(wait, self.send(request)).await {
            Ok(answer) => answer,
            Err(_) => Err(EtherpadError::Timeout {
                url: self.url.clone(),
                seconds: wait.as_secs(),
            }),
        }
    }

    /// One API call on a fresh connection (a handful of calls per meeting: no pool is worth keeping).
    async fn exchange(
        &self,
        method: &'static str,
        form: String,
    ) -> Result<(http::StatusCode, Bytes), EtherpadError> {
        let request = http::Request::post(format!("{}{method}", self.path))
            .header(HOST, &self.host_header)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Full::new(Bytes::from(form)))
            .map_err(|e| EtherpadError::Setup(e.to_string()))?;
        let response = self.send(request).await?;
        let status = response.status();
        let body = Limited::new(response.into_body(), MAX_REPLY)
            .collect()
            .await
            .map_err(|e| self.unreachable(format!("reading the reply: {e}")))?
            .to_bytes();
        Ok((status, body))
    }

    /// Sends `request` on a new connection (TLS for https), which is driven beside it and stays
    /// usable for a protocol upgrade; it ends once the answer is read and nothing holds it.
    async fn send<B>(
        &self,
        request: http::Request<B>,
    ) -> Result<http::Response<hyper::body::Incoming>, EtherpadError>
    where
        B: hyper::body::Body + Send + 'static,
        B::Data: Send,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let tcp = TcpStream::connect((self.host.as_str(), self.port))
            .await
            .map_err(|e| self.unreachable(e.to_string()))?;
        // Small requests, small replies: don't let Nagle hold either back.
        let _ = tcp.set_nodelay(true);
        let stream: Box<dyn Stream> = match &self.tls {
            None => Box::new(tcp),
            Some((connector, name)) => Box::new(
                connector
                    .connect(name.clone(), tcp)
                    .await
                    .map_err(|e| self.unreachable(format!("TLS: {e}")))?,
            ),
        };
        let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| self.unreachable(chain(&e)))?;
        tokio::spawn(async move {
            let _ = connection.with_upgrades().await;
        });
        sender
            .send_request(request)
            .await
            .map_err(|e| self.unreachable(chain(&e)))
    }

    fn unreachable(&self, reason: String) -> EtherpadError {
        EtherpadError::Unreachable {
            url: self.url.clone(),
            reason,
        }
    }
}

/// A connection to Etherpad, plain or TLS.
trait Stream: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send {}
impl<T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send> Stream for T {}

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

/// An error and its causes on one line.
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
