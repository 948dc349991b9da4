//! The editors' live connections to Etherpad that pass through VROOM ([`super::proxy`]), so that
//! ending a participant's Etherpad session also cuts the editors already open with it.
//!
//! Why: Etherpad checks a session only when an editor connects (its `CLIENT_READY`); deleting the
//! session afterwards leaves an open editor writing. Cut here, the editor's socket.io reconnects,
//! and Etherpad then refuses it ("You do not have permission"), while the other pads open in that
//! browser (other rooms, whose sessions share the cookie) reconnect and go on.
//!
//! Two kinds of connection are known:
//! - WebSocket tunnels (the editors' steady state): each is registered with the Etherpad sessions
//!   in its request's `sessionID` cookie and closed when one of them ends.
//! - engine.io long-polling sessions (before the upgrade, or where WebSockets do not pass): each
//!   request names its engine session (`sid`); a `sid` seen with an ended session is refused from
//!   then on, as engine.io refuses one it does not know, and the client starts again.
//!
//! Bounded: at most [`MAX_SESSIONS`] Etherpad sessions per connection, and at most [`MAX_POLLS`]
//! polling sessions, only ones Etherpad answered, each kept [`POLL_IDLE`] after its last request
//! (engine.io pings every 25 s, so a live one is never that quiet). Past that bound new polling
//! sessions are not tracked, and only their WebSocket, once upgraded, can be cut.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, header};
use tokio::sync::oneshot;

/// How long a polling session is remembered after its last request.
const POLL_IDLE: Duration = Duration::from_secs(300);
/// The most polling sessions remembered.
pub const MAX_POLLS: usize = 20_000;
/// The longest engine.io session id taken from a request (engine.io's are 20 characters).
const MAX_SID: usize = 64;
/// The most Etherpad sessions read from one cookie, and kept for one connection (VROOM's cookie holds
/// four): a forged cookie cannot grow the registry.
pub const MAX_SESSIONS: usize = 16;

/// The name of the cookie Etherpad's editor reads its sessions from.
pub const SESSION_COOKIE: &str = "sessionID";

/// The Etherpad sessions a browser holds, from its `sessionID` cookie (well-formed ones only; every
/// `sessionID` sent counts, as a browser may hold one for the host and one for its domain, which is
/// why this is not `CookieJar`, which keeps one per name).
pub fn sessions_in_cookie(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value)
        .flat_map(|value| value.trim_matches('"').split(','))
        .map(str::trim)
        .filter(|s| {
            s.len() <= 64
                && s.strip_prefix("s.").is_some_and(|hex| {
                    !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_alphanumeric())
                })
        })
        .take(MAX_SESSIONS)
        .map(str::to_owned)
        .collect()
}

/// The engine.io session a socket.io request belongs to (`sid` in its query), if any.
pub fn engine_session(query: Option<&str>) -> Option<String> {
    url::form_urlencoded::parse(query?.as_bytes())
        .find(|(name, _)| name == "sid")
        .map(|(_, value)| value.into_owned())
        .filter(|sid| !sid.is_empty() && sid.len() <= MAX_SID)
}

/// What a connection may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    Pass,
    /// Its engine session was opened with a session that has ended since.
    Cut,
}

/// Cheap to clone: the clones share one registry.
#[derive(Clone, Default)]
pub struct Connections {
    inner: Arc<Mutex<Inner>>,
}

#[derive(Default)]
struct Inner {
    next_tunnel: u64,
    tunnels: HashMap<u64, Tunnel>,
    polls: HashMap<String, Poll>,
    last_prune: Option<Instant>,
}

struct Tunnel {
    sessions: Vec<String>,
    cut: Option<oneshot::Sender<()>>,
}

struct Poll {
    sessions: Vec<String>,
    cut: bool,
    last_seen: Instant,
}

/// A registered tunnel: dropping it forgets the tunnel; `cut` resolves when one of its sessions ends.
pub struct TunnelGuard {
    connections: Connections,
    id: u64,
    pub cut: oneshot::Receiver<()>,
}

impl Drop for TunnelGuard {
    fn drop(&mut self) {
        self.connections.lock().tunnels.remove(&self.id);
    }
}

impl Connections {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic elsewhere while holding the lock leaves plain maps behind: still usable.
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A socket.io request of engine session `sid` (if it has one), sent with `sessions`.
    pub fn admit(&self, sid: Option<&str>, sessions: &[String]) -> Admission {
        let Some(sid) = sid else {
            return Admission::Pass;
        };
        let mut inner = self.lock();
        let Some(poll) = inner.polls.get_mut(sid) else {
            return Admission::Pass;
        };
        if poll.cut {
            return Admission::Cut;
        }
        poll.last_seen = Instant::now();
        for session in sessions {
            if poll.sessions.len() < MAX_SESSIONS && !poll.sessions.contains(session) {
                poll.sessions.push(session.clone());
            }
        }
        Admission::Pass
    }

    /// Etherpad answered a request of engine session `sid` (so it is a real one): remembered from
    /// now on, with `sessions`.
    pub fn remember(&self, sid: &str, sessions: &[String]) {
        let now = Instant::now();
        let mut inner = self.lock();
        inner.prune(now);
        if inner.polls.contains_key(sid) || inner.polls.len() >= MAX_POLLS {
            return;
        }
        inner.polls.insert(
            sid.to_owned(),
            Poll {
                sessions: sessions.to_vec(),
                cut: false,
                last_seen: now,
            },
        );
    }

    /// Registers a WebSocket tunnel opened with `sessions` (and those its engine session, `sid`,
    /// was seen with while polling).
    pub fn tunnel(&self, sid: Option<&str>, sessions: &[String]) -> TunnelGuard {
        let (cut, cut_rx) = oneshot::channel();
        let mut inner = self.lock();
        let mut all = sessions.to_vec();
        if let Some(poll) = sid.and_then(|sid| inner.polls.get(sid)) {
            for session in &poll.sessions {
                if all.len() < MAX_SESSIONS && !all.contains(session) {
                    all.push(session.clone());
                }
            }
        }
        let id = inner.next_tunnel;
        inner.next_tunnel = inner.next_tunnel.wrapping_add(1);
        inner.tunnels.insert(
            id,
            Tunnel {
                sessions: all,
                cut: Some(cut),
            },
        );
        TunnelGuard {
            connections: self.clone(),
            id,
            cut: cut_rx,
        }
    }

    /// Cuts every connection opened with `session`; returns how many.
    pub fn cut(&self, session: &str) -> usize {
        let mut inner = self.lock();
        let mut count = 0;
        for tunnel in inner.tunnels.values_mut() {
            if tunnel.sessions.iter().any(|s| s == session)
                && let Some(cut) = tunnel.cut.take()
            {
                let _ = cut.send(());
                count += 1;
            }
        }
        for poll in inner.polls.values_mut() {
            if !poll.cut && poll.sessions.iter().any(|s| s == session) {
                poll.cut = true;
                count += 1;
            }
        }
        count
    }

    #[cfg(test)]
    fn remembered_polls(&self) -> usize {
        self.lock().polls.len()
    }
}

impl Inner {
    /// Forgets quiet polling sessions, at most every few seconds.
    fn prune(&mut self, now: Instant) {
        if self
            .last_prune
            .is_some_and(|at| now.duration_since(at) < Duration::from_secs(10))
        {
            return;
        }
        self.last_prune = Some(now);
        self.polls
            .retain(|_, poll| now.duration_since(poll.last_seen) < POLL_IDLE);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn s(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn sessions_are_read_from_the_cookie_and_checked() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; sessionID=s.abc,s.def,bad,s.; vroom_session=x"),
        );
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("sessionID=\"s.9f\""),
        );
        assert_eq!(sessions_in_cookie(&headers), ["s.abc", "s.def", "s.9f"]);
        assert!(sessions_in_cookie(&HeaderMap::new()).is_empty());

        let forged: Vec<String> = (0..1000).map(|i| format!("s.{i}")).collect();
        let mut many = HeaderMap::new();
        many.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("sessionID={}", forged.join(","))).unwrap(),
        );
        assert_eq!(sessions_in_cookie(&many), forged[..MAX_SESSIONS]);
    }

    #[test]
    fn the_engine_session_comes_from_the_query() {
        assert_eq!(
            engine_session(Some("EIO=3&transport=polling&sid=AbC-12_x")).as_deref(),
            Some("AbC-12_x")
        );
        assert_eq!(engine_session(Some("EIO=3&transport=polling")), None);
        assert_eq!(engine_session(Some("sid=")), None);
        assert_eq!(
            engine_session(Some(&format!("sid={}", "x".repeat(65)))),
            None
        );
        assert_eq!(engine_session(None), None);
    }

    #[test]
    fn a_tunnel_is_cut_when_one_of_its_sessions_ends() {
        let connections = Connections::default();
        let mut ana = connections.tunnel(None, &s(&["s.ana", "s.other"]));
        let mut bob = connections.tunnel(None, &s(&["s.bob"]));
        assert_eq!(connections.cut("s.nobody"), 0);
        assert_eq!(connections.cut("s.other"), 1);
        assert!(ana.cut.try_recv().is_ok(), "Ana's tunnel is cut");
        assert!(bob.cut.try_recv().is_err(), "Bob's is not");
        assert_eq!(connections.cut("s.other"), 0, "once");
        drop(bob);
        assert_eq!(connections.cut("s.bob"), 0, "a closed tunnel is forgotten");
    }

    #[test]
    fn a_polling_session_seen_with_an_ended_session_is_refused_from_then_on() {
        let connections = Connections::default();
        assert_eq!(connections.admit(None, &s(&["s.a"])), Admission::Pass);
        assert_eq!(connections.admit(Some("e1"), &s(&["s.a"])), Admission::Pass);
        connections.remember("e1", &s(&["s.a"]));
        connections.remember("e2", &s(&["s.b"]));
        // A session added to the cookie later counts too.
        assert_eq!(
            connections.admit(Some("e2"), &s(&["s.b", "s.c"])),
            Admission::Pass
        );
        assert_eq!(connections.cut("s.c"), 1);
        assert_eq!(connections.admit(Some("e2"), &s(&["s.b"])), Admission::Cut);
        assert_eq!(connections.admit(Some("e1"), &s(&["s.a"])), Admission::Pass);
        // A new engine session with the ended one in its cookie passes: Etherpad judges its pad.
        assert_eq!(
            connections.admit(Some("e3"), &s(&["s.b", "s.c"])),
            Admission::Pass
        );
        // One not remembered (Etherpad never answered it) is not cut either.
        assert_eq!(connections.cut("s.z"), 0);
        // The WebSocket that upgrades a polling session carries that session's cookies.
        let mut upgraded = connections.tunnel(Some("e1"), &[]);
        assert_eq!(connections.cut("s.a"), 2);
        assert!(upgraded.cut.try_recv().is_ok());
    }

    #[test]
    fn polling_sessions_are_bounded() {
        let connections = Connections::default();
        for i in 0..MAX_POLLS + 10 {
            connections.remember(&format!("e{i}"), &s(&["s.a"]));
        }
        assert_eq!(connections.remembered_polls(), MAX_POLLS);
    }

    #[test]
    fn a_connection_keeps_a_bounded_number_of_sessions() {
        let connections = Connections::default();
        connections.remember("e1", &s(&["s.first"]));
        for i in 0..100 {
            connections.admit(Some("e1"), &[format!("s.{i}")]);
        }
        assert_eq!(connections.lock().polls["e1"].sessions.len(), MAX_SESSIONS);
        let _tunnel = connections.tunnel(Some("e1"), &[]);
        let inner = connections.lock();
        let tunnel = inner.tunnels.values().next().unwrap();
        assert_eq!(tunnel.sessions.len(), MAX_SESSIONS);
    }
}
