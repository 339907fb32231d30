//! The HTTP layer: server-rendered pages, the `/api/v1` JSON API and operational endpoints.
//!
//! One module per resource, each with its own routes; `routes()` below is the whole map. Routes
//! are registered through `RouteMap`, which remembers every path so that tests can walk the
//! router (for example to prove that every circle route checks membership).

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, FromRef};
use axum::http::{header, HeaderName, HeaderValue};
use axum::routing::MethodRouter;
use axum::{middleware, Router};
use axum_extra::extract::cookie::Key;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use url::Url;

use mockloop_core::bank::Bank;
use mockloop_core::feedback::ThemeSuggester;

use crate::config::Config;
use crate::live::bus::Bus;
use crate::live::doc::DocHub;
use crate::live::writer::UpdateWriter;
use crate::live::RoomHub;
use crate::mail::Mailer;
use crate::runner::{Runner, Warmth};
use crate::store::{Store, StoreError};

pub mod accounts;
pub mod assets;
pub mod auth;
pub mod charts;
pub mod circles;
pub mod csrf;
pub mod error;
pub mod extract;
pub mod focus;
pub mod loops;
pub mod markdown;
pub mod me;
pub mod openapi;
pub mod ops;
pub mod pages;
pub mod pool;
pub mod progress;
pub mod runs;
pub mod settings;

pub use error::{AppError, AppResult};

/// Shared by every handler. Cloning is shallow.
#[derive(Clone, Debug)]
pub struct AppState {
    pub store: Store,
    /// The question bank, themes and templates, loaded once at start.
    pub bank: Arc<Bank>,
    pub cookie_key: Key,
    pub base_url: Url,
    pub config: Arc<Config>,
    pub metrics: Arc<ops::Metrics>,
    /// Sandboxed code runs behind a bounded queue.
    pub runner: Arc<Runner>,
    pub run_limiter: Arc<runs::RunLimiter>,
    /// The live rooms of rounds being conducted on this server.
    pub rooms: Arc<RoomHub>,
    /// The rounds' shared workspace documents (Yjs).
    pub docs: Arc<DocHub>,
    /// Tells the other instances on the same PostgreSQL database about room changes.
    pub bus: Arc<Bus>,
    /// Suggests feedback themes; built once from the bank's themes.
    pub suggester: Arc<ThemeSuggester>,
    /// Email for notifications, when SMTP is configured.
    pub mailer: Mailer,
}

impl AppState {
    pub fn new(
        store: Store,
        cookie_key: Key,
        base_url: Url,
        config: Arc<Config>,
        bank: Arc<Bank>,
    ) -> Result<Self, StoreError> {
        let warmth = if config.warm_sandboxes { Warmth::Warm } else { Warmth::Cold };
        let runner = Runner::with_options(config.run_parallelism, config.run_parallelism.max(1) * 8, warmth);
        let run_limiter = Arc::new(runs::RunLimiter::new(config.runs_per_minute));
        let bus = Arc::new(Bus::new(store.clone()));
        let suggester = Arc::new(ThemeSuggester::new(&bank.themes));
        let writer = UpdateWriter::start(store.clone())?;
        Ok(Self {
            store,
            bank,
            cookie_key,
            base_url,
            config,
            metrics: Arc::new(ops::Metrics::default()),
            runner,
            run_limiter,
            rooms: Arc::new(RoomHub::new(bus.clone())),
            docs: Arc::new(DocHub::new(bus.clone(), writer)),
            bus,
            suggester,
            mailer: Mailer::disabled(),
        })
    }

    /// Cookies get the Secure flag when people reach mockloop over https.
    /// Notifications in the app and by email.
    pub fn notifier(&self) -> crate::notify::Notifier {
        crate::notify::Notifier {
            store: self.store.clone(),
            mailer: self.mailer.clone(),
            base_url: self.base_url.clone(),
        }
    }

    /// The matching pool's service, with this server's settings.
    pub fn matchmaker(&self) -> crate::pool::Matchmaker {
        crate::pool::Matchmaker {
            notifier: self.notifier(),
            bank: self.bank.clone(),
            answer_seconds: self.config.match_answer_hours * 3600,
        }
    }

    pub fn secure_cookies(&self) -> bool {
        self.base_url.scheme() == "https"
    }
}

impl FromRef<AppState> for Key {
    fn from_ref(state: &AppState) -> Self {
        state.cookie_key.clone()
    }
}

/// A router that also records the paths it serves.
#[derive(Debug)]
pub struct RouteMap {
    router: Router<AppState>,
    paths: Vec<&'static str>,
}

impl Default for RouteMap {
    fn default() -> Self {
        Self { router: Router::new(), paths: Vec::new() }
    }
}

impl RouteMap {
    pub fn route(mut self, path: &'static str, handler: MethodRouter<AppState>) -> Self {
        self.router = self.router.route(path, handler);
        self.paths.push(path);
        self
    }

    pub fn merge(mut self, other: RouteMap) -> Self {
        self.router = self.router.merge(other.router);
        self.paths.extend(other.paths);
        self
    }
}

/// The whole map of mockloop's routes.
fn routes() -> RouteMap {
    let pages = RouteMap::default()
        .merge(pages::routes())
        .merge(accounts::page_routes())
        .merge(circles::page_routes())
        .merge(loops::page_routes())
        .merge(settings::page_routes())
        .merge(me::page_routes())
        .merge(progress::page_routes())
        .merge(focus::page_routes())
        .merge(pool::page_routes());
    let api = RouteMap::default()
        .merge(accounts::api_routes())
        .merge(circles::api_routes())
        .merge(loops::api_routes())
        .merge(runs::api_routes())
        .merge(settings::api_routes())
        .merge(me::api_routes())
        .merge(focus::api_routes())
        .merge(pool::api_routes())
        .merge(openapi::routes());
    RouteMap::default().merge(pages).merge(api).merge(ops::routes()).merge(assets::routes())
}

/// Every path the router serves, in registration order.
pub fn route_paths() -> Vec<&'static str> {
    routes().paths
}

/// Scripts only from mockloop itself, never inline. Inline styles are allowed: the code editor
/// (CodeMirror) and the other participants' cursors are styled from script.
const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
     connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Builds the complete service: routes plus the middleware every request passes through.
pub fn router(state: AppState) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let max_body = state.config.max_body_bytes;
    routes()
        .router
        .fallback(pages::not_found)
        .layer(middleware::from_fn_with_state(state.clone(), csrf::protect))
        .layer(middleware::from_fn_with_state(state.clone(), extract::limit_body_size))
        .layer(middleware::from_fn_with_state(state.clone(), pages::render_page_errors))
        .layer(DefaultBodyLimit::max(max_body))
        .layer(middleware::from_fn_with_state(state.clone(), ops::observe))
        .layer(CatchPanicLayer::custom(ops::panic_response))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(60),
        ))
        .with_state(state)
}
