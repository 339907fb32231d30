//! mockloop: a self-hosted web platform for integrated mock interview loops at Staff level.
//!
//! The crate is layered: `mockloop_core` (pure domain rules) <- `store` (SQLite/PostgreSQL)
//! <- `http` (pages, JSON API) and `cli`. `app` starts the server; `config` holds its settings.
//! See `docs/architecture.md` for the map.

pub mod app;
pub mod cli;
pub mod config;
pub mod content;
pub mod history;
pub mod http;
pub mod live;
pub mod live_bench;
pub mod mail;
pub mod notify;
pub mod planning;
pub mod pool;
pub mod runner;
pub mod secrets;
pub mod store;
pub mod worker;

pub use app::App;
pub use config::Config;
