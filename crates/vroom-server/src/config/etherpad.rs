//! `[etherpad]`: the Etherpad-Lite instance that holds each room's collaborative notes, how VROOM's
//! server reaches its HTTP API and where browsers open the pads.

use serde::{Deserialize, Serialize};

use super::ConfigError;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EtherpadConfig {
    /// Base URL of Etherpad as this server reaches it, e.g. `http://127.0.0.1:9001`. Empty: notes off.
    pub url: String,
    /// Base URL where browsers open the pads, e.g. `https://pad.example.org`. Empty: VROOM serves
    /// the pads itself, under `/etherpad/` on its own address (it forwards to `url`).
    pub public_url: String,
    /// The key of Etherpad's HTTP API (its `APIKEY.txt`).
    pub api_key: String,
    /// A file holding the API key (its first line), instead of `api_key`.
    pub api_key_file: String,
    /// The base domain of the `sessionID` cookie that lets browsers into the pads, e.g. `example.org`
    /// when VROOM is meet.example.org and Etherpad pad.example.org. Empty: a host-only cookie.
    pub cookie_domain: String,
    /// Seconds one API call may take.
    pub timeout: u64,
    /// Seconds an Etherpad session given to a participant stays valid.
    pub session_lifetime: u64,
    /// Seconds between two checks that Etherpad answers (and knows the key).
    pub check_interval: u64,
}

impl Default for EtherpadConfig {
    fn default() -> Self {
        Self {
            url: String::new(),
            public_url: String::new(),
            api_key: String::new(),
            api_key_file: String::new(),
            cookie_domain: String::new(),
            timeout: 5,
            session_lifetime: 12 * 3600,
            check_interval: 30,
        }
    }
}

impl EtherpadConfig {
    pub fn enabled(&self) -> bool {
        !self.url.is_empty()
    }

    /// VROOM serves the pads itself (no `public_url`): browsers open them on its own address.
    pub fn proxied(&self) -> bool {
        self.public_url.is_empty()
    }

    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |key: &'static str, reason: &str| {
            Err(ConfigError::Invalid {
                key,
                reason: reason.to_owned(),
            })
        };
        for (key, value) in [
            ("etherpad.url", &self.url),
            ("etherpad.public_url", &self.public_url),
        ] {
            if !value.is_empty() && !is_http_base(value) {
                return invalid(
                    key,
                    "must be an http:// or https:// URL without query or fragment, or empty",
                );
            }
        }
        if !self.api_key.is_empty() && !self.api_key_file.is_empty() {
            return invalid(
                "etherpad.api_key_file",
                "cannot be set together with etherpad.api_key",
            );
        }
        if self.enabled() && self.api_key.is_empty() && self.api_key_file.is_empty() {
            return invalid(
                "etherpad.api_key",
                "must be set (or etherpad.api_key_file) when etherpad.url is set",
            );
        }
        let domain = self.cookie_domain.trim_start_matches('.');
        if !self.cookie_domain.is_empty()
            && (domain.is_empty()
                || !domain
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.'))
        {
            return invalid(
                "etherpad.cookie_domain",
                "must be a domain name such as example.org, or empty",
            );
        }
        if !(1..=120).contains(&self.timeout) {
            return invalid("etherpad.timeout", "must be between 1 and 120 seconds");
        }
        if !(1..=3600).contains(&self.check_interval) {
            return invalid(
                "etherpad.check_interval",
                "must be between 1 and 3600 seconds",
            );
        }
        if !(60..=30 * 86400).contains(&self.session_lifetime) {
            return invalid(
                "etherpad.session_lifetime",
                "must be between 60 and 2592000 seconds",
            );
        }
        Ok(())
    }

    /// The API key: `api_key`, or the first line of `api_key_file`.
    pub fn key(&self) -> Result<String, ConfigError> {
        if self.api_key_file.is_empty() {
            return Ok(self.api_key.clone());
        }
        let text =
            std::fs::read_to_string(&self.api_key_file).map_err(|e| ConfigError::Invalid {
                key: "etherpad.api_key_file",
                reason: format!("cannot read {}: {e}", self.api_key_file),
            })?;
        // Etherpad trims its own key file, so surrounding blanks are never part of the key.
        let key = text.lines().next().unwrap_or_default().trim().to_owned();
        if key.is_empty() {
            return Err(ConfigError::Invalid {
                key: "etherpad.api_key_file",
                reason: format!("{} has an empty first line", self.api_key_file),
            });
        }
        Ok(key)
    }
}

/// An http(s) URL that API paths can be appended to.
fn is_http_base(value: &str) -> bool {
    match url::Url::parse(value) {
        Ok(u) => {
            matches!(u.scheme(), "http" | "https")
                && u.has_host()
                && u.query().is_none()
                && u.fragment().is_none()
                && u.username().is_empty()
                && u.password().is_none()
        }
        Err(_) => false,
    }
}
