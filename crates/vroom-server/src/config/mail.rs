//! `[mail]`: how mails leave (SMTP or a local sendmail), who they come from, the queue's retries,
//! the feedback address and the join-notification window.

use serde::{Deserialize, Serialize};

use super::ConfigError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailTransport {
    /// No mail: invitations, join notifications and the feedback form are off (and hidden).
    #[default]
    None,
    Smtp,
    Sendmail,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Plain text: only for a relay on the same machine or network.
    None,
    /// Plain connection upgraded with STARTTLS, which is required (port 587).
    #[default]
    Starttls,
    /// TLS from the first byte (SMTPS, port 465).
    Tls,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MailConfig {
    pub transport: MailTransport,
    /// The `From` of every mail: `VROOM <meet@example.org>` or `meet@example.org`.
    pub from: String,
    /// Where the feedback form's messages go (empty: no feedback form).
    pub contact: String,
    pub smtp: SmtpConfig,
    pub sendmail: SendmailConfig,
    pub queue: MailQueueConfig,
    /// Seconds: at most one join notification per recipient and room in this window; who joined
    /// meanwhile is listed in the next one.
    pub notify_window: u64,
    /// Feedback messages accepted per client address and hour.
    pub feedback_per_hour: u32,
    /// Seconds an invitation's link works (from when it was sent).
    pub invitation_lifetime: u64,
    /// Addresses invited per room and hour, and per client address and hour.
    pub invitations_per_room_per_hour: u32,
    pub invitations_per_client_per_hour: u32,
    /// The language of mails whose reader's language is unknown (join notifications, feedback): `en`
    /// or `fr`.
    pub language: String,
}

impl Default for MailConfig {
    fn default() -> Self {
        Self {
            transport: MailTransport::None,
            from: String::new(),
            contact: String::new(),
            smtp: SmtpConfig::default(),
            sendmail: SendmailConfig::default(),
            queue: MailQueueConfig::default(),
            notify_window: 600,
            feedback_per_hour: 5,
            language: "en".into(),
            invitation_lifetime: 3 * 86_400,
            invitations_per_room_per_hour: 50,
            invitations_per_client_per_hour: 30,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    /// Empty: no login.
    pub username: String,
    pub password: String,
    /// A file holding the password (its first line), instead of `password`.
    pub password_file: String,
    /// A PEM file of extra root certificates to trust (a private CA), besides the system's.
    pub ca_file: String,
    /// Seconds for a connection and each command.
    pub timeout: u64,
}

impl Default for SmtpConfig {
    fn default() -> Self {
        Self {
            host: "localhost".into(),
            port: 587,
            tls: SmtpTls::Starttls,
            username: String::new(),
            password: String::new(),
            password_file: String::new(),
            ca_file: String::new(),
            timeout: 30,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SendmailConfig {
    /// A sendmail-compatible program (`-i -f <from> -- <to>`, the message on its input).
    pub command: String,
}

impl Default for SendmailConfig {
    fn default() -> Self {
        Self {
            command: "/usr/sbin/sendmail".into(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MailQueueConfig {
    /// Attempts before a mail is given up (and the failure recorded).
    pub max_attempts: u32,
    /// Seconds before the first retry; each next wait doubles, up to an hour.
    pub retry_base: u64,
    /// Days sent and failed mails stay in the queue table (their content included).
    pub keep_days: u64,
}

impl Default for MailQueueConfig {
    fn default() -> Self {
        Self {
            max_attempts: 8,
            retry_base: 30,
            keep_days: 7,
        }
    }
}

impl MailConfig {
    pub fn enabled(&self) -> bool {
        self.transport != MailTransport::None
    }

    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |key: &'static str, reason: &str| {
            Err(ConfigError::Invalid {
                key,
                reason: reason.to_owned(),
            })
        };
        if crate::i18n::Lang::from_code(&self.language).is_none() {
            return invalid(
                "mail.language",
                "must be one of the languages of locales/ (en, fr)",
            );
        }
        if !self.enabled() {
            return Ok(());
        }
        if self.from.parse::<lettre::message::Mailbox>().is_err() {
            return invalid(
                "mail.from",
                "must be an address such as `VROOM <meet@example.org>` when mail is on",
            );
        }
        if !self.contact.is_empty() && !email_address::EmailAddress::is_valid(&self.contact) {
            return invalid("mail.contact", "must be an e-mail address (or empty)");
        }
        match self.transport {
            MailTransport::Smtp => {
                if self.smtp.host.is_empty() {
                    return invalid("mail.smtp.host", "must not be empty");
                }
                if self.smtp.port == 0 {
                    return invalid("mail.smtp.port", "must be a port number");
                }
                if !self.smtp.password.is_empty() && !self.smtp.password_file.is_empty() {
                    return invalid(
                        "mail.smtp.password_file",
                        "give the password or a file holding it, not both",
                    );
                }
                if !(1..=600).contains(&self.smtp.timeout) {
                    return invalid("mail.smtp.timeout", "must be between 1 and 600 seconds");
                }
            }
            MailTransport::Sendmail => {
                if self.sendmail.command.is_empty() {
                    return invalid("mail.sendmail.command", "must not be empty");
                }
            }
            MailTransport::None => {}
        }
        if !(1..=50).contains(&self.queue.max_attempts) {
            return invalid("mail.queue.max_attempts", "must be between 1 and 50");
        }
        if !(1..=3600).contains(&self.queue.retry_base) {
            return invalid(
                "mail.queue.retry_base",
                "must be between 1 and 3600 seconds",
            );
        }
        if self.queue.keep_days > 3650 {
            return invalid("mail.queue.keep_days", "must be at most 3650");
        }
        if !(600..=30 * 86_400).contains(&self.invitation_lifetime) {
            return invalid(
                "mail.invitation_lifetime",
                "must be between 600 seconds and 30 days",
            );
        }
        if self.notify_window > 86_400 {
            return invalid("mail.notify_window", "must be at most 86400 seconds");
        }
        Ok(())
    }

    /// The SMTP password: `password`, or the first line of `password_file`.
    pub fn smtp_password(&self) -> Result<String, ConfigError> {
        if self.smtp.password_file.is_empty() {
            return Ok(self.smtp.password.clone());
        }
        std::fs::read_to_string(&self.smtp.password_file)
            .map(|s| s.lines().next().unwrap_or_default().to_owned())
            .map_err(|e| ConfigError::Invalid {
                key: "mail.smtp.password_file",
                reason: format!("cannot read {}: {e}", self.smtp.password_file),
            })
    }
}
