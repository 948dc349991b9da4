//! The worker: sends due mails, records each outcome, waits for the next due time or a wake-up.

use std::time::Duration;

use tokio::sync::watch;
use vroom_store::QueuedMail;

use super::Mailer;
use crate::audit::{Event, Who};
use crate::clock::unix_now_i64;

/// Mails taken per round.
const BATCH: u64 = 20;
/// The longest sleep between looks at the queue (a mail queued by another process, a clock jump).
const MAX_IDLE: Duration = Duration::from_secs(30);
/// The longest wait between two attempts.
const MAX_BACKOFF_SECS: i64 = 3600;

/// The wait before attempt `attempt + 1`, after `attempt` failures: base, 2·base, 4·base… ≤ 1 h.
pub fn backoff(base: u64, attempt: u32) -> i64 {
    let base = i64::try_from(base).unwrap_or(MAX_BACKOFF_SECS);
    let factor = 1i64 << attempt.saturating_sub(1).min(20);
    base.saturating_mul(factor).min(MAX_BACKOFF_SECS)
}

pub async fn run(mailer: Mailer, mut shutdown: watch::Receiver<bool>) {
    loop {
        let sent_any = match round(&mailer).await {
            Ok(n) => n > 0,
            Err(e) => {
                tracing::warn!(target: "vroom::mail", "mail queue: {e}");
                false
            }
        };
        if sent_any {
            continue; // there may be more due
        }
        let wait = match mailer.0.store.mail_queue().next_due().await {
            Ok(Some(at)) => {
                let secs = (at - unix_now_i64()).clamp(0, MAX_IDLE.as_secs() as i64);
                Duration::from_secs(u64::try_from(secs).unwrap_or(0))
            }
            _ => MAX_IDLE,
        };
        if wait.is_zero() {
            // Due now but the last round sent nothing: a failure was just recorded; breathe.
            tokio::time::sleep(Duration::from_millis(200)).await;
            continue;
        }
        tokio::select! {
            _ = mailer.0.wake.notified() => {}
            _ = tokio::time::sleep(wait) => {}
            _ = shutdown.changed() => return,
        }
        if *shutdown.borrow() {
            return;
        }
    }
}

/// Sends every due mail once; returns how many were handled.
async fn round(mailer: &Mailer) -> Result<usize, vroom_store::StoreError> {
    let inner = &mailer.0;
    let (Some(transport), Some(from)) = (&inner.transport, &inner.from) else {
        return Ok(0);
    };
    let due = inner.store.mail_queue().due(unix_now_i64(), BATCH).await?;
    let count = due.len();
    for mail in due {
        let attempt = u32::try_from(mail.attempts).unwrap_or(0).saturating_add(1);
        let attempts = i32::try_from(attempt).unwrap_or(i32::MAX);
        match transport.send(from, &mail).await {
            Ok(()) => {
                inner
                    .store
                    .mail_queue()
                    .mark_sent(mail.id, attempts, unix_now_i64())
                    .await?;
                tracing::info!(target: "vroom::mail", kind = %mail.kind, to = %mail.recipient, attempt, "mail sent");
                audit(
                    mailer,
                    Event::MailSent,
                    &mail,
                    &format!("attempt {attempt}"),
                );
            }
            Err(e) if e.permanent || attempt >= inner.config.queue.max_attempts => {
                inner
                    .store
                    .mail_queue()
                    .mark_failed(mail.id, attempts, &e.text)
                    .await?;
                tracing::warn!(target: "vroom::mail", kind = %mail.kind, to = %mail.recipient, attempt, error = %e, "mail given up");
                audit(
                    mailer,
                    Event::MailFailed,
                    &mail,
                    &format!("given up after attempt {attempt}: {e}"),
                );
            }
            Err(e) => {
                let next = unix_now_i64() + backoff(inner.config.queue.retry_base, attempt);
                inner
                    .store
                    .mail_queue()
                    .mark_retry(mail.id, attempts, next, &e.text)
                    .await?;
                tracing::info!(target: "vroom::mail", kind = %mail.kind, to = %mail.recipient, attempt, error = %e, "mail delayed");
            }
        }
    }
    Ok(count)
}

fn audit(mailer: &Mailer, event: Event, mail: &QueuedMail, detail: &str) {
    mailer.0.audit.record(
        event,
        &Who::server(),
        mail.room.as_deref(),
        format!(
            "{} to {} ({}): {detail}",
            mail.kind, mail.recipient, mail.message_id
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::backoff;

    #[test]
    fn waits_double_up_to_an_hour() {
        assert_eq!(backoff(30, 1), 30);
        assert_eq!(backoff(30, 2), 60);
        assert_eq!(backoff(30, 3), 120);
        assert_eq!(backoff(30, 8), 3600);
        assert_eq!(backoff(30, 60), 3600);
        assert_eq!(backoff(1, 0), 1);
    }
}
