//! Telling people: an in-app notification, and the same by email when SMTP is configured.
//! Failures are logged, never shown to the person whose action caused the notification.

use url::Url;

use crate::mail::{Attachment, Mailer};
use crate::secrets;
use crate::store::Store;

/// Where notifications go: the store for the in-app list, the mailer for email.
#[derive(Clone, Debug)]
pub struct Notifier {
    pub store: Store,
    pub mailer: Mailer,
    pub base_url: Url,
}

/// An email's extra: more text after the message, and attachments.
#[derive(Clone, Debug, Default)]
pub struct EmailExtra {
    pub text: String,
    pub attachments: Vec<Attachment>,
}

impl Notifier {
    pub async fn notify(&self, user_id: &str, message: &str, link: &str) {
        self.notify_with(user_id, message, link, EmailExtra::default()).await;
    }

    pub async fn notify_with(&self, user_id: &str, message: &str, link: &str, extra: EmailExtra) {
        let id = secrets::new_id().to_string();
        if let Err(error) = self.store.add_notification(&id, user_id, message, link, secrets::now()).await {
            tracing::warn!(%error, "could not store a notification");
        }
        if !self.mailer.is_enabled() {
            return;
        }
        match self.store.user_by_id(user_id).await {
            Ok(Some(user)) => {
                let url = self.base_url.join(link).map_or_else(|_| link.to_owned(), |url| url.to_string());
                let mut body = format!("{message}\n\nOpen it in mockloop: {url}\n");
                if !extra.text.is_empty() {
                    body.push('\n');
                    body.push_str(&extra.text);
                }
                self.mailer.send_with_attachments(&user.email, message, body, extra.attachments);
            }
            Ok(None) => {}
            Err(error) => tracing::warn!(%error, "could not look up a notification's recipient"),
        }
    }
}
