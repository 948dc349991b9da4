//! Mail: composed from templates in the reader's language, stored in the queue, and sent by one
//! worker task with retries — never inside a request.
//!
//! - [`compose`] renders `templates/mail/<kind>.txt` and `.html` (the subject is the Fluent
//!   message `mail-<kind>-subject`); links are absolute, from `server.public_url`.
//! - [`Mailer::enqueue`] stores the rendered mail and wakes the worker.
//! - The worker sends due mails in order; a failure is retried after `mail.queue.retry_base`
//!   seconds, doubling up to an hour, until `mail.queue.max_attempts`; a permanent refusal (5xx)
//!   or the last attempt gives up. Every outcome but the first failures is audited.

mod compose;
mod notify;
mod queue;
mod transport;

use std::sync::Arc;

use lettre::message::Mailbox;
use tokio::sync::Notify;
use vroom_store::{NewMail, Store, StoreError};

pub use compose::{Composed, compose};
pub use notify::JoinNotifier;
pub use transport::{SendError, Transport};

use crate::audit::Audit;
use crate::config::{ConfigError, MailConfig};
use crate::ids;

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("mail is not configured on this server")]
    Disabled,
    #[error("not an e-mail address: {0}")]
    BadAddress(String),
    #[error("the mail could not be written: {0}")]
    Template(#[from] minijinja::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What sends mail: cheap to clone.
#[derive(Clone)]
pub struct Mailer(Arc<Inner>);

struct Inner {
    config: MailConfig,
    from: Option<Mailbox>,
    /// The domain of `Message-ID`s (from `mail.from`).
    domain: String,
    transport: Option<Transport>,
    store: Store,
    audit: Audit,
    wake: Notify,
}

impl Mailer {
    pub fn new(config: &MailConfig, store: Store, audit: Audit) -> Result<Mailer, ConfigError> {
        let transport = Transport::from_config(config)?;
        let from: Option<Mailbox> = transport.as_ref().and_then(|_| config.from.parse().ok());
        let domain = from
            .as_ref()
            .map(|m| m.email.domain().to_owned())
            .unwrap_or_else(|| "localhost".into());
        Ok(Mailer(Arc::new(Inner {
            config: config.clone(),
            from,
            domain,
            transport,
            store,
            audit,
            wake: Notify::new(),
        })))
    }

    /// Whether mail can be sent at all (the features that need it are hidden otherwise).
    pub fn enabled(&self) -> bool {
        self.0.transport.is_some() && self.0.from.is_some()
    }

    /// The feedback form's recipient, when there is a form.
    pub fn contact(&self) -> Option<&str> {
        (self.enabled() && !self.0.config.contact.is_empty())
            .then_some(self.0.config.contact.as_str())
    }

    pub fn config(&self) -> &MailConfig {
        &self.0.config
    }

    /// Queues a composed mail to `to`; returns its `Message-ID`. The worker sends it soon.
    pub async fn enqueue(
        &self,
        kind: &str,
        to: &str,
        mail: Composed,
        room: Option<&str>,
    ) -> Result<String, MailError> {
        if !self.enabled() {
            return Err(MailError::Disabled);
        }
        if !email_address::EmailAddress::is_valid(to) {
            return Err(MailError::BadAddress(to.to_owned()));
        }
        let message_id = format!("<{}@{}>", ids::secret_token(), self.0.domain);
        self.0
            .store
            .mail_queue()
            .enqueue(&NewMail {
                kind: kind.to_owned(),
                recipient: to.to_owned(),
                subject: mail.subject,
                body_text: mail.text,
                body_html: mail.html,
                message_id: message_id.clone(),
                room: room.map(str::to_owned),
                created_at: crate::clock::unix_now_i64(),
            })
            .await?;
        self.0.wake.notify_one();
        Ok(message_id)
    }

    /// Starts the worker (nothing happens when mail is off); it stops with `shutdown`.
    pub fn spawn_worker(&self, shutdown: tokio::sync::watch::Receiver<bool>) {
        if self.enabled() {
            tokio::spawn(queue::run(self.clone(), shutdown));
        }
    }
}
