//! The way out: SMTP (plain, STARTTLS or implicit TLS, optional login) or a local sendmail program.

use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSendmailTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use vroom_store::QueuedMail;

use crate::config::{ConfigError, MailConfig, MailTransport, SmtpTls};

/// Why a mail did not leave, and whether trying again can help.
#[derive(Debug, thiserror::Error)]
#[error("{text}")]
pub struct SendError {
    /// The receiving side refused it for good (a 5xx answer, a malformed address).
    pub permanent: bool,
    pub text: String,
}

impl SendError {
    fn permanent(text: impl Into<String>) -> Self {
        SendError {
            permanent: true,
            text: text.into(),
        }
    }
}

pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Sendmail(AsyncSendmailTransport<Tokio1Executor>),
}

impl Transport {
    /// The transport the configuration asks for (None when mail is off).
    pub fn from_config(config: &MailConfig) -> Result<Option<Transport>, ConfigError> {
        let invalid = |key: &'static str, reason: String| ConfigError::Invalid { key, reason };
        match config.transport {
            MailTransport::None => Ok(None),
            MailTransport::Sendmail => Ok(Some(Transport::Sendmail(AsyncSendmailTransport::<
                Tokio1Executor,
            >::new_with_command(
                &config.sendmail.command
            )))),
            MailTransport::Smtp => {
                let smtp = &config.smtp;
                let mut tls = TlsParameters::builder(smtp.host.clone());
                if !smtp.ca_file.is_empty() {
                    let pem = std::fs::read(&smtp.ca_file).map_err(|e| {
                        invalid("mail.smtp.ca_file", format!("cannot read it: {e}"))
                    })?;
                    let cert = Certificate::from_pem(&pem).map_err(|e| {
                        invalid("mail.smtp.ca_file", format!("not a PEM certificate: {e}"))
                    })?;
                    tls = tls.add_root_certificate(cert);
                }
                let tls = tls
                    .build_rustls()
                    .map_err(|e| invalid("mail.smtp.host", format!("TLS set-up: {e}")))?;
                let mut builder =
                    AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(smtp.host.clone())
                        .port(smtp.port)
                        .timeout(Some(Duration::from_secs(smtp.timeout)))
                        .tls(match smtp.tls {
                            SmtpTls::None => Tls::None,
                            SmtpTls::Starttls => Tls::Required(tls),
                            SmtpTls::Tls => Tls::Wrapper(tls),
                        });
                if !smtp.username.is_empty() {
                    builder = builder.credentials(Credentials::new(
                        smtp.username.clone(),
                        config.smtp_password()?,
                    ));
                }
                Ok(Some(Transport::Smtp(builder.build())))
            }
        }
    }

    /// Sends one queued mail from `from`.
    pub async fn send(&self, from: &Mailbox, mail: &QueuedMail) -> Result<(), SendError> {
        let message = build(from, mail)?;
        match self {
            Transport::Smtp(t) => t.send(message).await.map(|_| ()).map_err(|e| SendError {
                permanent: e.is_permanent(),
                text: e.to_string(),
            }),
            // A sendmail that fails says nothing we can rely on: try again later.
            Transport::Sendmail(t) => t.send(message).await.map_err(|e| SendError {
                permanent: false,
                text: e.to_string(),
            }),
        }
    }
}

/// The message: plain text and HTML alternatives, with the queued `Message-ID`.
fn build(from: &Mailbox, mail: &QueuedMail) -> Result<Message, SendError> {
    let to: Mailbox = mail
        .recipient
        .parse()
        .map_err(|e| SendError::permanent(format!("bad recipient {}: {e}", mail.recipient)))?;
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(mail.subject.clone())
        .message_id(Some(mail.message_id.clone()))
        .multipart(MultiPart::alternative_plain_html(
            mail.body_text.clone(),
            mail.body_html.clone(),
        ))
        .map_err(|e| SendError::permanent(format!("cannot build the message: {e}")))
}
