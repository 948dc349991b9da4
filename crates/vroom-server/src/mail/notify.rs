//! Join notifications: the addresses on a room's list hear when someone joins, at most once per
//! recipient and room in `mail.notify_window` seconds. The first join is told at once; who joins
//! during the window is gathered and told in one mail when it ends.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use vroom_core::RoomName;

use super::{Mailer, compose};
use crate::i18n::Lang;
use crate::templates::Templates;

/// Names listed in one mail at most (the rest is counted).
const MAX_LISTED: usize = 20;

#[derive(Default)]
struct Batch {
    /// When the last mail for this room was queued.
    last_sent: Option<Instant>,
    /// Who joined since, waiting for the window's end.
    pending: Vec<String>,
    /// A flush is scheduled.
    scheduled: bool,
}

/// Gathers joins per room and queues the mails.
#[derive(Clone)]
pub struct JoinNotifier {
    mailer: Mailer,
    templates: Arc<Templates>,
    public_url: String,
    window: Duration,
    batches: Arc<Mutex<HashMap<RoomName, Batch>>>,
}

impl JoinNotifier {
    pub fn new(mailer: Mailer, templates: Arc<Templates>, public_url: &str) -> JoinNotifier {
        let window = Duration::from_secs(mailer.config().notify_window);
        JoinNotifier {
            mailer,
            templates,
            public_url: public_url.to_owned(),
            window,
            batches: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    /// Someone (`name`, maybe empty) joined `room`.
    pub fn joined(&self, room: RoomName, name: String) {
        if !self.mailer.enabled() {
            return;
        }
        let now = Instant::now();
        let send_now = {
            let Ok(mut batches) = self.batches.lock() else {
                return;
            };
            let batch = batches.entry(room.clone()).or_default();
            match batch.last_sent {
                Some(at) if now.duration_since(at) < self.window => {
                    batch.pending.push(name.clone());
                    if !batch.scheduled {
                        batch.scheduled = true;
                        let wait = self.window - now.duration_since(at);
                        let me = self.clone();
                        let room = room.clone();
                        tokio::spawn(async move {
                            tokio::time::sleep(wait).await;
                            me.flush(room);
                        });
                    }
                    false
                }
                _ => {
                    batch.last_sent = Some(now);
                    true
                }
            }
        };
        if send_now {
            let me = self.clone();
            tokio::spawn(async move { me.send(&room, vec![name]).await });
        }
    }

    fn flush(&self, room: RoomName) {
        let names = {
            let Ok(mut batches) = self.batches.lock() else {
                return;
            };
            let Some(batch) = batches.get_mut(&room) else {
                return;
            };
            batch.scheduled = false;
            batch.last_sent = Some(Instant::now());
            std::mem::take(&mut batch.pending)
        };
        if !names.is_empty() {
            let me = self.clone();
            tokio::spawn(async move { me.send(&room, names).await });
        }
    }

    async fn send(&self, room: &RoomName, names: Vec<String>) {
        let store = &self.mailer.0.store;
        let recipients = match store.rooms().get(room).await {
            Ok(Some(r)) => match store.notify().list(r.id).await {
                Ok(list) => list,
                Err(e) => {
                    tracing::warn!(target: "vroom::mail", room = %room, "join notification: {e}");
                    return;
                }
            },
            _ => return,
        };
        if recipients.is_empty() {
            return;
        }
        let lang = Lang::from_code(&self.mailer.config().language).unwrap_or_default();
        let anonymous = names.iter().filter(|n| n.is_empty()).count();
        let named: Vec<String> = names.iter().filter(|n| !n.is_empty()).cloned().collect();
        let listed: Vec<String> = named.iter().take(MAX_LISTED).cloned().collect();
        let context = minijinja::context! {
            room => room.as_str(),
            room_url => format!("{}/{}", self.public_url.trim_end_matches('/'), room.as_str()),
            names => listed,
            more => named.len().saturating_sub(MAX_LISTED),
            anonymous => anonymous,
            count => names.len(),
            first => names.first().cloned().unwrap_or_default(),
        };
        let composed = match compose(&self.templates, lang, "join", &self.public_url, context) {
            Ok(c) => c,
            Err(e) => {
                tracing::error!(target: "vroom::mail", "join notification template: {e:#}");
                return;
            }
        };
        for to in recipients {
            if let Err(e) = self
                .mailer
                .enqueue(
                    "join_notification",
                    &to,
                    composed.clone(),
                    Some(room.as_str()),
                )
                .await
            {
                tracing::warn!(target: "vroom::mail", room = %room, to = %to, "join notification: {e}");
            }
        }
    }
}
