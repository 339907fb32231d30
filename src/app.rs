//! Startup: `App::build(config)` connects, migrates and binds; `run_until_stopped` serves until the
//! shutdown future resolves, then lets in-flight requests finish. `main` and the tests start
//! mockloop the same way, and nothing needs to sleep while waiting for a server: the listener is
//! bound before `build` returns.

use axum::serve::ListenerExt;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum_extra::extract::cookie::Key;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use tokio::net::TcpListener;
use url::Url;

use crate::config::{Config, RunMode};
use crate::content::{self, ContentSource};
use crate::http::{self, AppState};
use crate::live;
use crate::mail::{MailConfigError, Mailer};
use crate::secrets;
use crate::store::{settings::COOKIE_KEY, Backend, Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("could not listen on {address}: {source}")]
    Bind { address: SocketAddr, source: std::io::Error },
    #[error("the stored cookie key is corrupt; delete the `cookie_key` setting to generate a new one")]
    CorruptCookieKey,
    #[error("the question bank cannot be used: {0}")]
    Content(String),
    #[error("--run-mode workers needs a PostgreSQL database")]
    WorkersNeedPostgres,
    #[error(transparent)]
    Mail(#[from] MailConfigError),
}

/// A built, bound, not yet serving mockloop.
#[derive(Debug)]
pub struct App {
    listener: TcpListener,
    state: AppState,
}

impl App {
    pub async fn build(config: Config) -> Result<Self, StartError> {
        let store = Store::connect(&config.database_url).await?;
        store.migrate().await?;
        Self::build_with_store(config, store).await
    }

    /// Like `build`, with a store the caller connected (tests use a PostgreSQL schema per test).
    pub async fn build_with_store(config: Config, store: Store) -> Result<Self, StartError> {
        store.migrate().await?;
        if config.run_mode == RunMode::Workers && store.backend() != Backend::Postgres {
            return Err(StartError::WorkersNeedPostgres);
        }
        let cookie_key = load_cookie_key(&store).await?;
        let listener = TcpListener::bind(config.bind)
            .await
            .map_err(|source| StartError::Bind { address: config.bind, source })?;
        let local =
            listener.local_addr().map_err(|source| StartError::Bind { address: config.bind, source })?;
        let base_url = config.base_url.clone().unwrap_or_else(|| default_base_url(local));
        let source = ContentSource::from_option(config.content_dir.clone());
        let (bank, problems) = content::load(&source).map_err(StartError::Content)?;
        if let Some(first) = problems.first() {
            let count = problems.len();
            return Err(StartError::Content(format!(
                "{count} problems, the first: {first}; run `mockloop bank check`"
            )));
        }
        let mailer = Mailer::from_config(config.smtp_url.as_deref(), &config.mail_from)?;
        let mut state = AppState::new(store, cookie_key, base_url, Arc::new(config), Arc::new(bank))?;
        state.mailer = mailer;
        Ok(Self { listener, state })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    pub fn base_url(&self) -> &Url {
        &self.state.base_url
    }

    /// Serves until `shutdown` resolves, then stops accepting and waits for open requests.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let store = self.state.store.clone();
        let janitor = tokio::spawn(purge_periodically(store.clone()));
        let matching = tokio::spawn(
            self.state.matchmaker().schedule(self.state.config.match_every_hours.saturating_mul(3600)),
        );
        let bus = self.state.bus.clone();
        // Subscribed before the first request is served, so no announcement is missed.
        let listening =
            match live::bus::listen(bus.clone(), self.state.rooms.clone(), self.state.docs.clone()).await {
                Ok(tasks) => tasks,
                Err(error) => {
                    return Err(std::io::Error::other(format!(
                        "could not listen for other instances: {error}"
                    )))
                }
            };
        let router = http::router(self.state);
        // Nagle's algorithm holds a small write back while an earlier one is unacknowledged, and
        // browsers delay their acknowledgements: a relayed keystroke could wait 40 ms for that.
        let listener = self.listener.tap_io(|connection| {
            if let Err(error) = connection.set_nodelay(true) {
                tracing::debug!(%error, "could not set TCP_NODELAY on a connection");
            }
        });
        let result = axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown)
            .await;
        for task in listening {
            task.abort();
        }
        bus.publish(live::bus::Note::Gone).await;
        janitor.abort();
        matching.abort();
        store.close().await;
        result
    }
}

fn default_base_url(local: SocketAddr) -> Url {
    let text = format!("http://{local}/");
    #[allow(clippy::expect_used)]
    Url::parse(&text).expect("a socket address always forms a valid http URL")
}

/// The key that signs cookies: generated on first start and kept in the database, so sessions
/// survive restarts and every instance on one database signs alike.
async fn load_cookie_key(store: &Store) -> Result<Key, StartError> {
    let candidate = STANDARD.encode(secrets::random_bytes::<64>());
    let stored = store.setting_or_insert(COOKIE_KEY, &candidate).await?;
    let bytes = STANDARD.decode(stored).map_err(|_| StartError::CorruptCookieKey)?;
    Key::try_from(bytes.as_slice()).map_err(|_| StartError::CorruptCookieKey)
}

async fn purge_periodically(store: Store) {
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tick.tick().await;
        let now = secrets::now();
        if let Err(error) = store.purge_expired(now, now - 86_400).await {
            tracing::warn!(%error, "could not purge expired sessions");
        }
        if let Err(error) = store.purge_finished_runs(now - 3_600).await {
            tracing::warn!(%error, "could not purge finished run jobs");
        }
    }
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing open requests");
}
