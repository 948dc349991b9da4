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

fn token_hash(token: &str) -> String {
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
    /// The session the request's cookie names, if it is valid and still in the table.
    pub async fn current(&self, headers: &HeaderMap) -> Result<Option<Session>, StoreError> {
        let jar = PrivateCookieJar::from_headers(headers, self.key.clone());
        let Some(cookie) = jar.get(COOKIE) else {
            return Ok(None);
        };
        let Some(session) = self
            .store
            .sessions()
            .find(&token_hash(cookie.value()))
            .await?
        else {
            return Ok(None);
        };
        let now = clock::unix_now_i64();
        if now - session.last_seen >= TOUCH_EVERY {
            self.store.sessions().touch(session.id, now).await?;
        }
        Ok(Some(session))
    }

    /// The request's session, or a new one with the cookie that carries it (to send back).
    pub async fn ensure(
        &self,
        headers: &HeaderMap,
        ip: IpAddr,
    ) -> Result<(Session, Option<PrivateCookieJar>), StoreError> {
        if let Some(session) = self.current(headers).await? {
            return Ok((session, None));
        }
        let (session, token) = self.create(ip).await?;
        let cookie = Cookie::build((COOKIE, token))
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(self.secure)
            .path("/")
            .max_age(cookie::time::Duration::days(COOKIE_MAX_AGE_DAYS))
            .build();
        let jar = PrivateCookieJar::new(self.key.clone()).add(cookie);
        Ok((session, Some(jar)))
    }

    async fn create(&self, ip: IpAddr) -> Result<(Session, String), StoreError> {
        let token = ids::secret_token();
        let session = self
            .store
            .sessions()
            .create(
                &token_hash(&token),
                &ids::session_reference(),
                clock::unix_now_i64(),
            )
            .await?;
        self.audit.record(
            Event::SessionCreated,
            &Who::new(ip, Some(&session.reference)),
            None,
            "session created",
        );
        Ok((session, token))
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
