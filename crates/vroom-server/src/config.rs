//! Configuration: built-in defaults, then a TOML file, then `VROOM_*` environment variables
//! (`VROOM_SERVER__LISTEN=0.0.0.0:8090` sets `server.listen`). Validated once at start; every error names
//! its key. `vroom.example.toml` documents every key.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

pub mod admin;
pub mod etherpad;
pub mod mail;
pub use admin::{AdminConfig, MetricsConfig};
pub use etherpad::EtherpadConfig;
pub use mail::{MailConfig, MailTransport, SmtpTls};

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration file {path}: {reason}")]
    File { path: PathBuf, reason: String },
    #[error("configuration: {0}")]
    Parse(String),
    #[error("configuration key `{key}`: {reason}")]
    Invalid { key: &'static str, reason: String },
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub server: ServerConfig,
    pub database: DatabaseConfig,
    pub rooms: RoomsConfig,
    pub sessions: SessionsConfig,
    pub signalling: SignallingConfig,
    pub ice: IceConfig,
    pub limits: LimitsConfig,
    pub log: LogConfig,
    pub mail: MailConfig,
    pub admin: AdminConfig,
    pub metrics: MetricsConfig,
    pub etherpad: EtherpadConfig,
    pub debug: DebugConfig,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerConfig {
    /// Address and port to listen on.
    pub listen: SocketAddr,
    /// The address people use to reach this server, e.g. `https://meet.example.org`. When empty, links
    /// are built from the request's `Host`. When it is `https`, HSTS is sent.
    pub public_url: String,
    /// Directory of templates that override the built-in ones (same file names). Empty: built-in only.
    pub templates_dir: String,
    /// Addresses of reverse proxies whose `X-Forwarded-For` is believed, to know each client's address
    /// (for rate limits). Empty: the connecting address is the client's.
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8090)),
            public_url: String::new(),
            templates_dir: String::new(),
            trusted_proxies: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseConfig {
    /// `sqlite://data/vroom.db`, `postgres://user@host/db` or `mysql://user@host/db`.
    pub url: String,
    pub max_connections: u32,
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        Self {
            url: "sqlite://data/vroom.db".into(),
            max_connections: 10,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RoomsConfig {
    /// Minutes without activity after which an empty room is deleted; 0 keeps rooms forever.
    pub inactivity_timeout: u64,
    /// Minutes without activity after which an empty *reserved* room (one with an owner password) is
    /// deleted; 0 keeps reserved rooms forever.
    pub reserved_inactivity_timeout: u64,
    /// Most people in one room at once; 0 means no limit. Every participant sends its media to every
    /// other one (mesh), so above 6–8 people bandwidth and CPU become the limit. A chairman may set a
    /// lower limit for their room, never a higher one.
    pub max_members: usize,
    /// Room names too common to be reserved: they can be used, but nobody may set an owner password on
    /// them (so nobody squats them).
    pub common_names: Vec<String>,
    /// Minutes a participant removed by a chairman stays out of that room (0: only the removal).
    pub kick_ban_time: u64,
    /// Chat messages a live room keeps for people who join later (0: none). Nothing is written to disk.
    pub chat_history: usize,
}

impl Default for RoomsConfig {
    fn default() -> Self {
        Self {
            inactivity_timeout: 60,
            reserved_inactivity_timeout: 60 * 24 * 60,
            max_members: 25,
            common_names: [
                "test",
                "demo",
                "meeting",
                "meet",
                "room",
                "team",
                "office",
                "chat",
                "call",
                "conference",
                "general",
                "lobby",
                "vroom",
            ]
            .map(String::from)
            .to_vec(),
            kick_ban_time: 10,
            chat_history: 200,
        }
    }
}

impl RoomsConfig {
    pub fn is_common_name(&self, name: &str) -> bool {
        self.common_names
            .iter()
            .any(|n| n.eq_ignore_ascii_case(name))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SessionsConfig {
    /// Days a browser session (and the room roles it holds) lives without being used.
    pub idle_days: u64,
}

impl Default for SessionsConfig {
    fn default() -> Self {
        Self { idle_days: 30 }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SignallingConfig {
    /// Largest signalling message accepted, in bytes.
    pub max_message_bytes: usize,
    /// Seconds between the server's WebSocket pings and the client's `ping` messages.
    pub ping_interval: u64,
    /// Seconds of silence after which a connection is considered dead and closed.
    pub idle_timeout: u64,
    /// Seconds a participant whose connection dropped keeps its place to reconnect.
    pub reconnect_grace: u64,
    /// Seconds a new connection has to send `join`.
    pub join_timeout: u64,
    /// Messages per second a connection may send on average, and in a burst.
    pub messages_per_second: u32,
    pub messages_burst: u32,
    /// Chat messages a participant may send per minute (in bursts of up to 10).
    pub chat_messages_per_minute: u32,
}

impl Default for SignallingConfig {
    fn default() -> Self {
        Self {
            max_message_bytes: 64 * 1024,
            ping_interval: 10,
            idle_timeout: 30,
            reconnect_grace: 30,
            join_timeout: 10,
            messages_per_second: 50,
            messages_burst: 300,
            chat_messages_per_minute: 30,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TurnCredentials {
    /// No TURN server.
    None,
    /// One username and password for everybody.
    Static,
    /// Short-lived credentials from a secret shared with the TURN server (TURN REST API, coturn's
    /// `use-auth-secret`).
    Rest,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IceConfig {
    /// STUN URIs, e.g. `stun:stun.example.org:3478`. Empty by default: no third party learns who meets.
    pub stun_urls: Vec<String>,
    /// TURN URIs, e.g. `turn:turn.example.org:3478?transport=udp`, `turns:turn.example.org:443?transport=tcp`.
    pub turn_urls: Vec<String>,
    pub turn_credentials: TurnCredentials,
    /// For `static` credentials.
    pub turn_username: String,
    pub turn_password: String,
    /// For `rest` credentials: the TURN server's shared secret.
    pub turn_secret: String,
    /// For `rest` credentials: their lifetime in seconds. Clients ask for fresh ones before expiry.
    pub turn_ttl: u64,
}

impl Default for IceConfig {
    fn default() -> Self {
        Self {
            stun_urls: Vec::new(),
            turn_urls: Vec::new(),
            turn_credentials: TurnCredentials::None,
            turn_username: String::new(),
            turn_password: String::new(),
            turn_secret: String::new(),
            turn_ttl: 12 * 3600,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LimitsConfig {
    /// Rooms one client address may create per minute (then 429).
    pub room_creations_per_minute: u32,
    /// Largest HTTP request body, in bytes.
    pub max_body_bytes: usize,
    /// Most WebSocket connections at once, over all rooms.
    pub max_connections: usize,
    /// Most WebSocket connections at once from one client address (one person may open a few tabs).
    pub max_connections_per_address: usize,
    /// Room password attempts one client address may make per room and minute (then 429).
    pub password_attempts_per_minute: u32,
    /// Room password attempts one client address may make per minute over all rooms (then 429).
    pub password_attempts_per_address_per_minute: u32,
    /// Room settings changes one client address may make per minute (then 429).
    pub settings_changes_per_minute: u32,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        Self {
            room_creations_per_minute: 10,
            max_body_bytes: 16 * 1024,
            max_connections: 2000,
            max_connections_per_address: 20,
            password_attempts_per_minute: 5,
            password_attempts_per_address_per_minute: 20,
            settings_changes_per_minute: 30,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogConfig {
    /// A `tracing` filter: `info`, `debug`, `vroom_server=debug,info`…
    pub level: String,
    pub format: LogFormat,
    /// Days the audit table keeps its entries (0: forever). The structured log is the operator's to keep.
    pub audit_retention_days: u64,
}

impl Default for LogConfig {
    fn default() -> Self {
        Self {
            level: "info".into(),
            format: LogFormat::Text,
            audit_retention_days: 365,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DebugConfig {
    /// Enables `POST /api/debug/drop-connection`, which cuts a participant's WebSocket from the server
    /// side. For tests of reconnection only: never enable it on a server people use.
    pub fault_injection: bool,
}

impl Config {
    /// Loads defaults, then `file` if given (it must exist), then the environment.
    pub fn load(file: Option<&Path>) -> Result<Config, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        if let Some(path) = file {
            if !path.is_file() {
                return Err(ConfigError::File {
                    path: path.to_owned(),
                    reason: "no such file".into(),
                });
            }
            figment = figment.merge(Toml::file_exact(path));
        }
        // Only VROOM_<SECTION>__<KEY> variables are configuration: VROOM_CONFIG names the file, and
        // other VROOM_* variables (such as the test suite's) are not for the server.
        figment = figment.merge(
            Env::prefixed("VROOM_")
                .filter(|key| key.as_str().contains("__"))
                .split("__"),
        );
        let config: Config = figment
            .extract()
            .map_err(|e| ConfigError::Parse(describe(e)))?;
        config.validate()?;
        Ok(config)
    }

    /// A copy fit to print: passwords and secrets replaced by `***`.
    pub fn redacted(&self) -> Config {
        let mut shown = self.clone();
        for secret in [
            &mut shown.ice.turn_password,
            &mut shown.ice.turn_secret,
            &mut shown.mail.smtp.password,
            &mut shown.etherpad.api_key,
        ] {
            if !secret.is_empty() {
                *secret = "***".into();
            }
        }
        shown.database.url = redact_url(&shown.database.url);
        shown
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |key: &'static str, reason: &str| {
            Err(ConfigError::Invalid {
                key,
                reason: reason.to_owned(),
            })
        };
        if !self.server.public_url.is_empty() {
            match url::Url::parse(&self.server.public_url) {
                Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {}
                _ => return invalid("server.public_url", "must be an http:// or https:// URL"),
            }
        }
        let db = &self.database.url;
        if !["sqlite:", "postgres:", "postgresql:", "mysql:", "mariadb:"]
            .iter()
            .any(|p| db.starts_with(p))
        {
            return invalid(
                "database.url",
                "must start with sqlite:, postgres:, postgresql:, mysql: or mariadb:",
            );
        }
        if self.database.max_connections == 0 {
            return invalid("database.max_connections", "must be at least 1");
        }
        let s = &self.signalling;
        if !(1024..=1024 * 1024).contains(&s.max_message_bytes) {
            return invalid(
                "signalling.max_message_bytes",
                "must be between 1024 and 1048576",
            );
        }
        if !(1..=300).contains(&s.ping_interval) {
            return invalid(
                "signalling.ping_interval",
                "must be between 1 and 300 seconds",
            );
        }
        if s.idle_timeout <= s.ping_interval || s.idle_timeout > 3600 {
            return invalid(
                "signalling.idle_timeout",
                "must be longer than signalling.ping_interval and at most 3600 seconds",
            );
        }
        if !(1..=300).contains(&s.join_timeout) {
            return invalid(
                "signalling.join_timeout",
                "must be between 1 and 300 seconds",
            );
        }
        if s.reconnect_grace > 3600 {
            return invalid("signalling.reconnect_grace", "must be at most 3600 seconds");
        }
        if s.messages_per_second == 0 || s.messages_burst == 0 {
            return invalid(
                "signalling.messages_per_second",
                "rates must be at least 1 (with signalling.messages_burst)",
            );
        }
        for (key, urls, schemes) in [
            (
                "ice.stun_urls",
                &self.ice.stun_urls,
                &["stun:", "stuns:"][..],
            ),
            (
                "ice.turn_urls",
                &self.ice.turn_urls,
                &["turn:", "turns:"][..],
            ),
        ] {
            if let Some(bad) = urls
                .iter()
                .find(|u| !schemes.iter().any(|s| u.starts_with(s)) || u.len() < 8)
            {
                return Err(ConfigError::Invalid {
                    key,
                    reason: format!("`{bad}` must start with {}", schemes.join(" or ")),
                });
            }
        }
        let ice = &self.ice;
        match ice.turn_credentials {
            TurnCredentials::None => {}
            TurnCredentials::Static => {
                if ice.turn_username.is_empty() || ice.turn_password.is_empty() {
                    return invalid(
                        "ice.turn_username",
                        "static TURN credentials need ice.turn_username and ice.turn_password",
                    );
                }
            }
            TurnCredentials::Rest => {
                if ice.turn_secret.len() < 16 {
                    return invalid(
                        "ice.turn_secret",
                        "rest TURN credentials need a shared secret of at least 16 characters",
                    );
                }
                if !(600..=7 * 24 * 3600).contains(&ice.turn_ttl) {
                    return invalid("ice.turn_ttl", "must be between 600 and 604800 seconds");
                }
            }
        }
        if ice.turn_credentials != TurnCredentials::None && ice.turn_urls.is_empty() {
            return invalid(
                "ice.turn_urls",
                "TURN credentials are configured but no TURN server is listed",
            );
        }
        if self.limits.room_creations_per_minute == 0 {
            return invalid("limits.room_creations_per_minute", "must be at least 1");
        }
        if self.limits.max_body_bytes < 1024 {
            return invalid("limits.max_body_bytes", "must be at least 1024");
        }
        if !(1..=100_000).contains(&self.limits.max_connections) {
            return invalid("limits.max_connections", "must be between 1 and 100000");
        }
        if self.limits.max_connections_per_address == 0 {
            return invalid("limits.max_connections_per_address", "must be at least 1");
        }
        if self.rooms.inactivity_timeout > 10 * 365 * 24 * 60 {
            return invalid(
                "rooms.inactivity_timeout",
                "must be at most ten years (in minutes)",
            );
        }
        if self.rooms.reserved_inactivity_timeout > 10 * 365 * 24 * 60 {
            return invalid(
                "rooms.reserved_inactivity_timeout",
                "must be at most ten years (in minutes)",
            );
        }
        if self.rooms.max_members > 10_000 {
            return invalid("rooms.max_members", "must be at most 10000 (0: no limit)");
        }
        if self.rooms.chat_history > 10_000 {
            return invalid("rooms.chat_history", "must be at most 10000");
        }
        if !(1..=600).contains(&self.signalling.chat_messages_per_minute) {
            return invalid(
                "signalling.chat_messages_per_minute",
                "must be between 1 and 600",
            );
        }
        if self.rooms.kick_ban_time > 7 * 24 * 60 {
            return invalid("rooms.kick_ban_time", "must be at most a week (in minutes)");
        }
        if let Some(bad) = self
            .rooms
            .common_names
            .iter()
            .find(|n| vroom_core::RoomName::parse(n).is_err())
        {
            return Err(ConfigError::Invalid {
                key: "rooms.common_names",
                reason: format!("`{bad}` is not a valid room name"),
            });
        }
        if !(1..=400).contains(&self.sessions.idle_days) {
            return invalid("sessions.idle_days", "must be between 1 and 400");
        }
        for (key, value) in [
            (
                "limits.password_attempts_per_minute",
                self.limits.password_attempts_per_minute,
            ),
            (
                "limits.password_attempts_per_address_per_minute",
                self.limits.password_attempts_per_address_per_minute,
            ),
            (
                "limits.settings_changes_per_minute",
                self.limits.settings_changes_per_minute,
            ),
        ] {
            if value == 0 {
                return invalid(key, "must be at least 1");
            }
        }
        self.mail.validate()?;
        self.admin.validate()?;
        self.metrics.validate()?;
        self.etherpad.validate()?;
        if self.mail.enabled() && self.server.public_url.is_empty() {
            return invalid(
                "server.public_url",
                "must be set when mail is on: the links in mails are built from it",
            );
        }
        if self.log.audit_retention_days > 36_500 {
            return invalid(
                "log.audit_retention_days",
                "must be at most 36500 (0: forever)",
            );
        }
        if tracing_subscriber::EnvFilter::try_new(&self.log.level).is_err() {
            return invalid("log.level", "is not a valid filter (try `info` or `debug`)");
        }
        Ok(())
    }
}

/// A URL without its password, for messages and printouts.
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_owned(),
    }
}

/// Figment's errors already name the key ("for key `server.listen`"); keep all of them, one per line.
fn describe(error: figment::Error) -> String {
    error
        .into_iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests;
