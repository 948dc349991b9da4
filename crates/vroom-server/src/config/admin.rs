//! `[admin]`: the administration area's sessions, its login limits, single sign-on through a reverse
//! proxy, the local control socket of the command line; `[metrics]`: where Prometheus scrapes.

use std::net::{IpAddr, SocketAddr};

use serde::{Deserialize, Serialize};

use super::ConfigError;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AdminConfig {
    /// Seconds an administrator's session lasts from its login, however busy.
    pub session_lifetime: u64,
    /// Seconds without a request after which an administrator's session ends.
    pub session_idle: u64,
    /// Login attempts one client address may make per minute (then 429).
    pub login_attempts_per_minute: u32,
    /// Login attempts per account name and minute, from all addresses together (then 429).
    pub login_attempts_per_account_per_minute: u32,
    /// A request header a single sign-on proxy sets to the administrator's account name, e.g.
    /// `X-Forwarded-User`. Empty: off. Believed only from `identity_proxies`.
    pub identity_header: String,
    /// Addresses of the proxies whose `identity_header` is believed.
    pub identity_proxies: Vec<IpAddr>,
    /// A Unix socket through which `vroom room ...` reaches the running server (mode 0600: whoever can
    /// open it is an administrator). Empty: off.
    pub control_socket: String,
    /// Most audit entries one export may hold (a wider range is refused: narrow it).
    pub export_max_rows: u32,
}

impl Default for AdminConfig {
    fn default() -> Self {
        Self {
            session_lifetime: 12 * 3600,
            session_idle: 3600,
            login_attempts_per_minute: 5,
            login_attempts_per_account_per_minute: 10,
            identity_header: String::new(),
            identity_proxies: Vec::new(),
            control_socket: "data/control.sock".into(),
            export_max_rows: 100_000,
        }
    }
}

impl AdminConfig {
    pub fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |key: &'static str, reason: &str| {
            Err(ConfigError::Invalid {
                key,
                reason: reason.to_owned(),
            })
        };
        if !(60..=30 * 86400).contains(&self.session_lifetime) {
            return invalid(
                "admin.session_lifetime",
                "must be between 60 and 2592000 seconds",
            );
        }
        if !(60..=self.session_lifetime).contains(&self.session_idle) {
            return invalid(
                "admin.session_idle",
                "must be at least 60 seconds and at most admin.session_lifetime",
            );
        }
        if self.login_attempts_per_minute == 0 || self.login_attempts_per_account_per_minute == 0 {
            return invalid(
                "admin.login_attempts_per_minute",
                "rates must be at least 1 (with admin.login_attempts_per_account_per_minute)",
            );
        }
        let header = &self.identity_header;
        if !header.is_empty() && http::HeaderName::from_bytes(header.as_bytes()).is_err() {
            return invalid("admin.identity_header", "must be a valid HTTP header name");
        }
        if !header.is_empty() && self.identity_proxies.is_empty() {
            return invalid(
                "admin.identity_proxies",
                "must list the proxies that set admin.identity_header",
            );
        }
        if !(1..=1_000_000).contains(&self.export_max_rows) {
            return invalid("admin.export_max_rows", "must be between 1 and 1000000");
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MetricsConfig {
    /// A separate address serving `/metrics` without login (e.g. `127.0.0.1:9100`, for a Prometheus
    /// on the same machine or network). Empty: `/metrics` is on the main address, for administrators.
    pub listen: String,
}

impl MetricsConfig {
    /// The separate address, if one is set (checked by `validate`).
    pub fn listen_addr(&self) -> Option<SocketAddr> {
        self.listen.parse().ok()
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        if !self.listen.is_empty() && self.listen_addr().is_none() {
            return Err(ConfigError::Invalid {
                key: "metrics.listen",
                reason: "must be an address and port, such as 127.0.0.1:9100, or empty".into(),
            });
        }
        Ok(())
    }
}
