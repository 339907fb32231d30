//! Email, when an SMTP server is configured: notifications that also reach people's inboxes.
//! Sending never blocks or fails the request that caused it; failures are logged.

use lettre::message::Mailbox;
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncTransport, Message, Tokio1Executor};

/// Sends mail through the configured SMTP server, or does nothing when there is none.
#[derive(Clone, Debug)]
pub struct Mailer {
    transport: Option<(AsyncSmtpTransport<Tokio1Executor>, Mailbox)>,
}

#[derive(Debug, thiserror::Error)]
pub enum MailConfigError {
    #[error("--smtp-url is not a usable SMTP URL: {0}")]
    Url(String),
    #[error("--mail-from is not an email address: {0}")]
    From(String),
}

impl Mailer {
    pub fn disabled() -> Self {
        Self { transport: None }
    }

    pub fn from_config(smtp_url: Option<&str>, from: &str) -> Result<Self, MailConfigError> {
        let Some(url) = smtp_url else { return Ok(Self::disabled()) };
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| MailConfigError::Url(e.to_string()))?
            .build();
        let from: Mailbox =
            from.parse().map_err(|e: lettre::address::AddressError| MailConfigError::From(e.to_string()))?;
        Ok(Self { transport: Some((transport, from)) })
    }

    pub fn is_enabled(&self) -> bool {
        self.transport.is_some()
    }

    /// Sends a plain-text message in the background.
    pub fn send(&self, to: &str, subject: &str, body: String) {
        let Some((transport, from)) = self.transport.clone() else { return };
        let to: Mailbox = match to.parse() {
            Ok(to) => to,
            Err(error) => {
                tracing::warn!(%error, "not emailing an unusable address");
                return;
            }
        };
        let message = match Message::builder().from(from).to(to).subject(subject).body(body) {
            Ok(message) => message,
            Err(error) => {
                tracing::warn!(%error, "could not build an email");
                return;
            }
        };
        tokio::spawn(async move {
            if let Err(error) = transport.send(message).await {
                tracing::warn!(%error, "could not send an email");
            }
        });
    }
}
