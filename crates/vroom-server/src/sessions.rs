//! Browser sessions: a row in our `sessions` table, reached through an encrypted cookie that holds a
//! 256-bit secret. The table keeps only the secret's SHA-256, so a copy of the database opens no
//! session. Room roles hang off the session (table `room_roles`), one room at a time.

use std::net::IpAddr;

use axum::http::HeaderMap;
use axum_extra::extract::cookie::{Cookie, Key, PrivateCookieJar, SameSite};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use vroom_store::{Session, Store, StoreError};

use crate::audit::{Audit, Event, Who};
use crate::{clock, ids};

pub const COOKIE: &str = "vroom_session";
const SECURE_COOKIE: &str = "__Host-vroom_session";
/// Browsers cap cookie lifetimes near 400 days; the table's idle expiry is what ends a session.
const COOKIE_MAX_AGE_DAYS: i64 = 400;
/// `last_seen` is refreshed at most this often, to spare the database a write per request.
const TOUCH_EVERY: i64 = 600;
const KEY_NAME: &str = "cookie_key";

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the stored cookie key is not valid key material")]
    Invalid,
}

/// The cookie key, made once and kept in the database so that every node and restart shares it.
pub async fn load_key(store: &Store) -> Result<Key, KeyError> {
    let stored = store
        .secrets()
        .get_or_create(KEY_NAME, &ids::cookie_key(), clock::unix_now_i64())
        .await?;
    let bytes = URL_SAFE_NO_PAD
        .decode(stored.as_bytes())
        .map_err(|_| KeyError::Invalid)?;
    Key::try_from(bytes.as_slice()).map_err(|_| KeyError::Invalid)
}

pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What the session layer needs from the application.
pub struct Sessions<'a> {
    pub store: &'a Store,
    pub key: &'a Key,
    pub audit: &'a Audit,
    /// Set `Secure` on the cookie (the server is reached over HTTPS).
    pub secure: bool,
}

impl Sessions<'_> {
    /// Behind HTTPS the cookie takes the `__Host-` prefix, so that no sibling subdomain can plant one.
    pub fn cookie_name(&self) -> &'static str {
        if self.secure { SECURE_COOKIE } else { COOKIE }
    }

    /// The secret of the request's cookie, if it carries one this server issued (it decrypts).
    pub fn token(&self, headers: &HeaderMap) -> Option<String> {
        let jar = PrivateCookieJar::from_headers(headers, self.key.clone());
        jar.get(self.cookie_name())
            .map(|c| c.value().to_owned())
            .filter(|t| !t.is_empty())
    }

    /// The session the request's cookie names, if it is valid and has a row.
    pub async fn current(&self, headers: &HeaderMap) -> Result<Option<Session>, StoreError> {
        let Some(token) = self.token(headers) else {
            return Ok(None);
        };
        let Some(session) = self.store.sessions().find(&token_hash(&token)).await? else {
            return Ok(None);
        };
        let now = clock::unix_now_i64();
        if now - session.last_seen >= TOUCH_EVERY {
            self.store.sessions().touch(session.id, now).await?;
        }
        Ok(Some(session))
    }

    /// A cookie with a fresh secret and no row yet: the row is written only when the session first
    /// needs to hold something (a role), so that page views cost the database nothing.
    pub fn issue(&self) -> (String, PrivateCookieJar) {
        let token = ids::secret_token();
        let cookie = Cookie::build((self.cookie_name(), token.clone()))
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(self.secure)
            .path("/")
            .max_age(cookie::time::Duration::days(COOKIE_MAX_AGE_DAYS))
            .build();
        (token, PrivateCookieJar::new(self.key.clone()).add(cookie))
    }

    /// The row of the session with this secret, written now if it has none.
    pub async fn for_token(&self, token: &str, ip: IpAddr) -> Result<Session, StoreError> {
        let hash = token_hash(token);
        let sessions = self.store.sessions();
        if let Some(session) = sessions.find(&hash).await? {
            return Ok(session);
        }
        let reference = ids::session_reference();
        match sessions
            .create(&hash, &reference, clock::unix_now_i64())
            .await
        {
            Ok(session) => {
                self.audit.record(
                    Event::SessionCreated,
                    &Who::new(ip, Some(&session.reference)),
                    None,
                    "session created",
                );
                Ok(session)
            }
            // Two requests of one browser raced to write it: the other one's row is the session.
            Err(StoreError::Conflict) => sessions.find(&hash).await?.ok_or(StoreError::Conflict),
            Err(e) => Err(e),
        }
    }

    /// The request's session (its row written if needed), or a new one with the cookie to send back.
    pub async fn ensure(
        &self,
        headers: &HeaderMap,
        ip: IpAddr,
    ) -> Result<(Session, Option<PrivateCookieJar>), StoreError> {
        if let Some(token) = self.token(headers) {
            return Ok((self.for_token(&token, ip).await?, None));
        }
        let (token, jar) = self.issue();
        Ok((self.for_token(&token, ip).await?, Some(jar)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_keeps_a_hash_not_the_secret() {
        let token = ids::secret_token();
        let hash = token_hash(&token);
        assert_eq!(hash.len(), 64);
        assert!(!hash.contains(&token));
        assert_eq!(hash, token_hash(&token));
    }
}
