//! Email, when an SMTP server is configured: notifications that also reach people's inboxes.
//! Sending never blocks or fails the request that caused it; failures are logged.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use lettre::message::header::ContentType;
use lettre::message::{Attachment as MailAttachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncTransport, Message, Tokio1Executor};
use tokio::sync::Notify;

/// Sends mail through the configured SMTP server, or does nothing when there is none.
#[derive(Clone, Debug)]
pub struct Mailer {
    transport: Option<(AsyncSmtpTransport<Tokio1Executor>, Mailbox)>,
    in_flight: Arc<InFlight>,
}

/// Messages handed to the background but not yet sent, so a command can wait for them.
#[derive(Debug, Default)]
struct InFlight {
    count: AtomicUsize,
    done: Notify,
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
        Self { transport: None, in_flight: Arc::default() }
    }

    pub fn from_config(smtp_url: Option<&str>, from: &str) -> Result<Self, MailConfigError> {
        let Some(url) = smtp_url else { return Ok(Self::disabled()) };
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| MailConfigError::Url(e.to_string()))?
            .build();
        let from: Mailbox =
            from.parse().map_err(|e: lettre::address::AddressError| MailConfigError::From(e.to_string()))?;
        Ok(Self { transport: Some((transport, from)), in_flight: Arc::default() })
    }

    pub fn is_enabled(&self) -> bool {
        self.transport.is_some()
    }

    /// Sends a plain-text message in the background.
    pub fn send(&self, to: &str, subject: &str, body: String) {
        self.send_with_attachments(to, subject, body, Vec::new());
    }

    /// Sends a plain-text message with files attached (a calendar, say) in the background.
    pub fn send_with_attachments(&self, to: &str, subject: &str, body: String, attachments: Vec<Attachment>) {
        let Some((transport, from)) = self.transport.clone() else { return };
        let to: Mailbox = match to.parse() {
            Ok(to) => to,
            Err(error) => {
                tracing::warn!(%error, "not emailing an unusable address");
                return;
            }
        };
        let builder = Message::builder().from(from).to(to).subject(subject);
        let message = if attachments.is_empty() {
            builder.body(body)
        } else {
            let mut parts = MultiPart::mixed().singlepart(SinglePart::plain(body));
            for attachment in attachments {
                let content_type =
                    ContentType::parse(attachment.content_type).unwrap_or(ContentType::TEXT_PLAIN);
                parts = parts
                    .singlepart(MailAttachment::new(attachment.filename).body(attachment.body, content_type));
            }
            builder.multipart(parts)
        };
        let message = match message {
            Ok(message) => message,
            Err(error) => {
                tracing::warn!(%error, "could not build an email");
                return;
            }
        };
        let in_flight = self.in_flight.clone();
        in_flight.count.fetch_add(1, Ordering::SeqCst);
        tokio::spawn(async move {
            if let Err(error) = transport.send(message).await {
                tracing::warn!(%error, "could not send an email");
            }
            in_flight.count.fetch_sub(1, Ordering::SeqCst);
            in_flight.done.notify_waiters();
        });
    }

    /// Waits until every message handed over so far is sent (or failed), at most `limit`; a
    /// command that exits right after sending calls this so its mail is not cut off.
    pub async fn flush(&self, limit: std::time::Duration) {
        let wait = async {
            loop {
                let done = self.in_flight.done.notified();
                if self.in_flight.count.load(Ordering::SeqCst) == 0 {
                    return;
                }
                done.await;
            }
        };
        let _ = tokio::time::timeout(limit, wait).await;
    }
}

/// A file attached to an email.
#[derive(Clone, Debug)]
pub struct Attachment {
    pub filename: String,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}
