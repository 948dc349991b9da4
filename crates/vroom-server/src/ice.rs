//! The ICE servers each participant gets, with TURN credentials when configured.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use vroom_core::ParticipantId;
use vroom_core::protocol::{IceConfig as IceOffer, IceServer};

use crate::config::{IceConfig, TurnCredentials};

#[derive(Debug, Clone)]
pub struct IceProvider {
    config: IceConfig,
}

impl IceProvider {
    pub fn new(config: IceConfig) -> Self {
        Self { config }
    }

    /// ICE servers for one participant at `now` (unix seconds). With `rest` credentials the username is
    /// `<expiry>:<participant id>`: it names no room, and each participant's credentials are its own.
    pub fn for_participant(&self, id: &ParticipantId, now: u64) -> IceOffer {
        let c = &self.config;
        let mut servers = Vec::new();
        if !c.stun_urls.is_empty() {
            servers.push(IceServer {
                urls: c.stun_urls.clone(),
                username: None,
                credential: None,
            });
        }
        let mut expires_at = None;
        if !c.turn_urls.is_empty() {
            let (username, credential) = match c.turn_credentials {
                TurnCredentials::None => (None, None),
                TurnCredentials::Static => {
                    (Some(c.turn_username.clone()), Some(c.turn_password.clone()))
                }
                TurnCredentials::Rest => {
                    let expiry = now + c.turn_ttl;
                    expires_at = Some(expiry);
                    let username = format!("{expiry}:{id}");
                    let credential = rest_credential(&c.turn_secret, &username);
                    (Some(username), Some(credential))
                }
            };
            servers.push(IceServer {
                urls: c.turn_urls.clone(),
                username,
                credential,
            });
        }
        IceOffer {
            ice_servers: servers,
            expires_at,
        }
    }
}

/// base64(HMAC-SHA1(secret, username)), the TURN REST API password.
fn rest_credential(secret: &str, username: &str) -> String {
    let mut mac =
        <Hmac<Sha1>>::new_from_slice(secret.as_bytes()).expect("HMAC accepts keys of any length");
    mac.update(username.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pid() -> ParticipantId {
        ParticipantId::parse("abc").unwrap()
    }

    #[test]
    fn nothing_configured_means_no_servers() {
        let offer = IceProvider::new(IceConfig::default()).for_participant(&pid(), 0);
        assert!(offer.ice_servers.is_empty());
        assert_eq!(offer.expires_at, None);
    }

    #[test]
    fn rest_credentials_follow_the_turn_rest_scheme() {
        let provider = IceProvider::new(IceConfig {
            stun_urls: vec!["stun:s.example:3478".into()],
            turn_urls: vec!["turn:t.example:3478".into()],
            turn_credentials: TurnCredentials::Rest,
            turn_secret: "0123456789abcdef-secret".into(),
            turn_ttl: 43200,
            ..IceConfig::default()
        });
        let offer = provider.for_participant(&pid(), 1_700_000_000);
        assert_eq!(offer.expires_at, Some(1_700_043_200));
        assert_eq!(offer.ice_servers.len(), 2);
        let turn = &offer.ice_servers[1];
        assert_eq!(turn.username.as_deref(), Some("1700043200:abc"));
        // Reference value computed independently (Python hmac + base64).
        assert_eq!(
            turn.credential.as_deref(),
            Some("ekEkyRd+ia1T8JR8c6S3DQ246pE=")
        );
    }

    #[test]
    fn static_credentials_are_passed_through() {
        let provider = IceProvider::new(IceConfig {
            turn_urls: vec!["turns:t.example:443?transport=tcp".into()],
            turn_credentials: TurnCredentials::Static,
            turn_username: "u".into(),
            turn_password: "p".into(),
            ..IceConfig::default()
        });
        let offer = provider.for_participant(&pid(), 5);
        assert_eq!(offer.expires_at, None);
        assert_eq!(offer.ice_servers[0].username.as_deref(), Some("u"));
        assert_eq!(offer.ice_servers[0].credential.as_deref(), Some("p"));
    }
}
