//! A scene for ownership tests: a room `main` made by `chair`, `pat` who may join it, `other` who owns
//! another room, and `anon` with no cookie; and small helpers to read what a client receives.

use std::time::Duration;

use serde_json::Value;

use super::{Client, TestServer, User, audit_entries};

/// Who is asking, in the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    /// No cookie at all (a script).
    Anonymous,
    /// Joined the room (participant role).
    Participant,
    /// Chairman of another room only.
    OtherChairman,
    /// Chairman of this room.
    Chairman,
}

pub const CALLERS: [Caller; 4] = [
    Caller::Anonymous,
    Caller::Participant,
    Caller::OtherChairman,
    Caller::Chairman,
];

/// A room `main` made by `chair`, a participant `pat` in it, and `other`, chairman of `elsewhere`.
pub struct Scene {
    pub s: TestServer,
    pub chair: User,
    pub pat: User,
    pub other: User,
    pub anon: User,
}

impl Scene {
    pub async fn new() -> Scene {
        Self::with(|_| {}).await
    }

    pub async fn with(adjust: impl FnOnce(&mut vroom_server::config::Config)) -> Scene {
        let s = TestServer::start_with(|c| {
            c.rooms.kick_ban_time = 5;
            adjust(c)
        })
        .await;
        let chair = User::new(&s);
        assert_eq!(chair.create("main").await.0, 201);
        let pat = User::new(&s);
        assert_eq!(pat.visit("main").await, 200);
        let other = User::new(&s);
        assert_eq!(other.create("elsewhere").await.0, 201);
        let anon = User::new(&s);
        Scene {
            s,
            chair,
            pat,
            other,
            anon,
        }
    }

    pub fn user(&self, caller: Caller) -> &User {
        match caller {
            Caller::Anonymous => &self.anon,
            Caller::Participant => &self.pat,
            Caller::OtherChairman => &self.other,
            Caller::Chairman => &self.chair,
        }
    }
}

/// Reads messages until one of type `kind` arrives (others are skipped); None if the socket ends.
pub async fn wait_for(client: &mut Client, kind: &str) -> Option<Value> {
    loop {
        let msg = client.try_next(Duration::from_secs(5)).await?;
        if msg["type"] == kind {
            return Some(msg);
        }
    }
}

/// Reads what arrives within `wait` without blocking longer.
pub async fn drain(client: &mut Client, wait: Duration) -> Vec<Value> {
    let mut out = Vec::new();
    while let Some(msg) = client.try_next(wait).await {
        out.push(msg);
    }
    out
}

pub async fn eventually_audit(
    s: &TestServer,
    done: impl Fn(&[vroom_store::AuditRecord]) -> bool,
) -> Vec<vroom_store::AuditRecord> {
    for _ in 0..50 {
        let rows = audit_entries(s).await;
        if done(&rows) {
            return rows;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "audit never reached the expected state: {:#?}",
        audit_entries(s).await
    );
}
