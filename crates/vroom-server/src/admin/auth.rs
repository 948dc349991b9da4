//! Who is an administrator: a login session (its own cookie, separate from the meeting session),
//! the identity header of a trusted single sign-on proxy, or the local control socket. Handlers ask
//! for [`Admin`] (API: 401 without it) or [`AdminPage`] (pages: a redirect to the login page).

use std::net::{IpAddr, SocketAddr};

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use serde::{Deserialize, Serialize};

use super::accounts_cli::{self, NO_PASSWORD};
use crate::audit::{Event, Who};
use crate::http::api::{body, client_ip, rate_key, wait_seconds};
use crate::http::error::ApiError;
use crate::passwords::{self, MAX_PASSWORD_LEN};
use crate::sessions::token_hash;
use crate::state::AppState;
use crate::{clock, ids, msg};

const COOKIE: &str = "vroom_admin";
/// Behind HTTPS: the `__Host-` prefix keeps sibling subdomains from planting one.
const SECURE_COOKIE: &str = "__Host-vroom_admin";
/// The longest account name an administrator can have (see `vroom admin add`).
const MAX_NAME_LEN: usize = 64;

/// Put in a request's extensions by the control socket's listener: whoever could open the socket
/// (mode 0600) is the operator of this machine.
#[derive(Debug, Clone, Copy)]
pub struct ControlSocket;

/// How the administrator proved who they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Via {
    /// A login session; the hash of its cookie's secret (to end it on logout).
    Session {
        #[serde(skip)]
        token_hash: String,
        expires_at: i64,
    },
    /// The identity header of a trusted proxy.
    Proxy,
    /// The local control socket (`vroom room ...`).
    ControlSocket,
}

/// An authenticated administrator and the address of their request.
#[derive(Debug, Clone)]
pub struct Admin {
    pub username: String,
    pub via: Via,
    pub ip: IpAddr,
}

impl Admin {
    /// Who did it, for the audit: the account, marked as an administrator's.
    pub fn who(&self) -> Who {
        let user = match self.via {
            Via::ControlSocket => "admin:control-socket".to_owned(),
            _ => format!("admin:{}", self.username),
        };
        Who::new(self.ip, Some(&user))
    }
}

fn cookie_name(app: &AppState) -> &'static str {
    if app.config.server.public_url.starts_with("https://") {
        SECURE_COOKIE
    } else {
        COOKIE
    }
}

/// The direct peer's address (never a forwarded one: that is what proves a proxy is the proxy).
fn peer(parts: &Parts) -> IpAddr {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_canonical())
        .unwrap_or(IpAddr::from([127, 0, 0, 1]))
}

fn login_required() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "admin_login_required",
        msg!("error-admin-login-required"),
    )
}

/// The administrator behind a request, if any. An identity header naming no account is an error
/// (403), not an anonymous request: the proxy vouched for someone this server does not know.
async fn identify(parts: &Parts, app: &AppState) -> Result<Option<Admin>, ApiError> {
    let direct = peer(parts);
    let ip = client_ip(direct, &parts.headers, &app.config.server.trusted_proxies);
    if parts.extensions.get::<ControlSocket>().is_some() {
        return Ok(Some(Admin {
            username: "control-socket".into(),
            via: Via::ControlSocket,
            ip,
        }));
    }
    let config = &app.config.admin;
    // Only on the admin area's own paths (not /metrics either): a proxy set up to vouch there may pass a
    // client's forged header through elsewhere. Several values (a proxy that appends) vouch for nobody.
    let path = parts.uri.path();
    let admin_path =
        path == "/admin" || path.starts_with("/admin/") || path.starts_with("/api/admin/");
    if admin_path && !config.identity_header.is_empty() && config.identity_proxies.contains(&direct)
    {
        let mut values = parts
            .headers
            .get_all(config.identity_header.as_str())
            .iter();
        let name = match (values.next(), values.next()) {
            (Some(one), None) => one
                .to_str()
                .ok()
                .map(accounts_cli::canonical_name)
                .filter(|v| !v.is_empty()),
            _ => None,
        };
        if let Some(name) = name {
            let account = if name.len() <= MAX_NAME_LEN {
                app.store
                    .admins()
                    .get(&name)
                    .await
                    .map_err(|e| ApiError::internal("reading an admin account", e))?
            } else {
                None
            };
            return match account {
                Some(account) => Ok(Some(Admin {
                    username: account.username,
                    via: Via::Proxy,
                    ip,
                })),
                None => {
                    let shown: String = name.chars().take(MAX_NAME_LEN).collect();
                    app.audit.record(
                        Event::AdminLoginFailed,
                        &Who::new(ip, None),
                        None,
                        format!("single sign-on names no admin account: {shown}"),
                    );
                    Err(ApiError::new(
                        StatusCode::FORBIDDEN,
                        "not_an_admin",
                        msg!("error-admin-unknown-identity", name = shown),
                    ))
                }
            };
        }
    }
    let jar = CookieJar::from_headers(&parts.headers);
    let Some(token) = jar
        .get(cookie_name(app))
        .map(|c| c.value().to_owned())
        .filter(|t| !t.is_empty() && t.len() <= 64)
    else {
        return Ok(None);
    };
    let hash = token_hash(&token);
    let idle = i64::try_from(config.session_idle).unwrap_or(i64::MAX);
    let session = app
        .store
        .admins()
        .session(&hash, clock::unix_now_i64(), idle)
        .await
        .map_err(|e| ApiError::internal("reading an admin session", e))?;
    Ok(session.map(|s| Admin {
        username: s.admin.username,
        via: Via::Session {
            token_hash: hash,
            expires_at: s.expires_at,
        },
        ip,
    }))
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, ApiError> {
        identify(parts, app).await?.ok_or_else(login_required)
    }
}

/// An administrator on a page: without one, a redirect to the login page that comes back here.
#[derive(Debug, Clone)]
pub struct AdminPage(pub Admin);

impl FromRequestParts<AppState> for AdminPage {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Response> {
        match identify(parts, app).await {
            Ok(Some(admin)) => Ok(AdminPage(admin)),
            Ok(None) => {
                let here = parts
                    .uri
                    .path_and_query()
                    .map(|p| p.as_str())
                    .unwrap_or("/admin");
                let next =
                    url::form_urlencoded::byte_serialize(here.as_bytes()).collect::<String>();
                Err(Redirect::to(&format!("/admin/login?next={next}")).into_response())
            }
            Err(e) => Err(e.into_response()),
        }
    }
}

/// Where the login page may send someone back to: a path of the admin area, nothing else (no
/// `//host`, no scheme), so the parameter cannot bounce a fresh login to another site.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if (n == "/admin" || n.starts_with("/admin/") || n.starts_with("/admin?"))
                && !n.contains("//")
                && !n.contains('\\')
                && n.chars().all(|c| !c.is_control()) =>
        {
            n.to_owned()
        }
        _ => "/admin".to_owned(),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Login {
    username: String,
    password: String,
}

#[derive(Debug, Serialize)]
pub struct Me {
    username: String,
    via: Via,
}

/// Checks an account name and password; on success opens a session and sets its cookie.
/// Rate limited per client address and per account name, whatever the outcome.
pub async fn login(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    request: Result<Json<Login>, JsonRejection>,
) -> Result<Response, ApiError> {
    let request = body(request)?;
    let ip = client_ip(peer.ip(), &headers, &app.config.server.trusted_proxies);
    let who = Who::new(ip, None);
    let name = accounts_cli::canonical_name(&request.username);
    if name.is_empty()
        || name.chars().count() > MAX_NAME_LEN
        || request.password.is_empty()
        || request.password.chars().count() > MAX_PASSWORD_LEN
    {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_body",
            msg!(
                "error-admin-login-invalid",
                name_max = MAX_NAME_LEN,
                password_max = MAX_PASSWORD_LEN
            ),
        ));
    }
    let limited = app
        .admin
        .login_per_address
        .check_key(&rate_key(ip))
        .and_then(|()| app.admin.login_per_account.check_key(&name));
    if let Err(not_until) = limited {
        let wait = wait_seconds(&not_until);
        app.audit.record(
            Event::AdminLoginFailed,
            &who,
            None,
            "login refused: too many attempts",
        );
        return Err(ApiError::too_many(
            "too_many_attempts",
            msg!("error-too-many-attempts", wait = wait),
            wait,
        ));
    }
    let account = app
        .store
        .admins()
        .get(&name)
        .await
        .map_err(|e| ApiError::internal("reading an admin account", e))?;
    // An unknown name, or an account for single sign-on only, costs the same hash as a known one, so
    // timing does not tell names apart.
    let stored = match &account {
        Some(account) if account.password_hash != NO_PASSWORD => {
            Some(account.password_hash.clone())
        }
        _ => None,
    };
    let matched = match stored {
        Some(hash) => passwords::verify(request.password, hash).await,
        None => passwords::verify(request.password, app.admin.dummy_hash().await?)
            .await
            .map(|_| false),
    }
    .map_err(crate::http::rooms::password_failure)?;
    let known = account.is_some();
    let Some(account) = account.filter(|_| matched) else {
        // The typed name only when it is an account's: people type passwords into name fields.
        let message = if known {
            format!("login as {name} failed: wrong password")
        } else {
            "login failed: no such account name".to_owned()
        };
        app.audit
            .record(Event::AdminLoginFailed, &who, None, message);
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "bad_credentials",
            msg!("error-admin-bad-credentials"),
        ));
    };
    let token = ids::secret_token();
    let now = clock::unix_now_i64();
    let lifetime = i64::try_from(app.config.admin.session_lifetime).unwrap_or(i64::MAX);
    let expires_at = now.saturating_add(lifetime);
    app.store
        .admins()
        .open_session(account.id, &token_hash(&token), now, expires_at)
        .await
        .map_err(|e| ApiError::internal("opening an admin session", e))?;
    let admin = Admin {
        username: account.username.clone(),
        via: Via::Session {
            token_hash: token_hash(&token),
            expires_at,
        },
        ip,
    };
    app.audit.record(
        Event::AdminLogin,
        &admin.who(),
        None,
        format!("{} logged in", account.username),
    );
    let cookie = Cookie::build((cookie_name(&app), token))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(app.config.server.public_url.starts_with("https://"))
        .path("/")
        .max_age(cookie::time::Duration::seconds(lifetime))
        .build();
    Ok((
        CookieJar::new().add(cookie),
        Json(Me {
            username: admin.username,
            via: admin.via,
        }),
    )
        .into_response())
}

/// Ends the request's session (if it has one) and clears the cookie. Always 204: logging out twice
/// is not an error.
pub async fn logout(
    State(app): State<AppState>,
    admin: Result<Admin, ApiError>,
) -> Result<Response, ApiError> {
    if let Ok(admin) = admin
        && let Via::Session { token_hash, .. } = &admin.via
    {
        app.store
            .admins()
            .close_session(token_hash)
            .await
            .map_err(|e| ApiError::internal("closing an admin session", e))?;
        app.audit.record(
            Event::AdminLogout,
            &admin.who(),
            None,
            format!("{} logged out", admin.username),
        );
    }
    let gone = Cookie::build((cookie_name(&app), ""))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(app.config.server.public_url.starts_with("https://"))
        .path("/")
        .max_age(cookie::time::Duration::ZERO)
        .build();
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Ok(value) = HeaderValue::from_str(&gone.to_string()) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// The administrator behind the request.
pub async fn me(admin: Admin) -> Json<Me> {
    Json(Me {
        username: admin.username,
        via: admin.via,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_login_page_only_sends_back_into_the_admin_area() {
        assert_eq!(
            safe_next(Some("/admin/rooms?page=2")),
            "/admin/rooms?page=2"
        );
        assert_eq!(safe_next(Some("/admin")), "/admin");
        for bad in [
            None,
            Some("https://evil.example/admin"),
            Some("//evil.example/admin"),
            Some("/admin//evil.example"),
            Some("/administrator"),
            Some("/admin/\\evil"),
            Some("/"),
            Some("/admin/\nx"),
        ] {
            assert_eq!(safe_next(bad), "/admin", "{bad:?}");
        }
    }
}
