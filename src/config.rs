//! Server configuration, from flags with environment fallbacks (see `mockloop serve --help`).

use std::net::SocketAddr;
use std::path::PathBuf;

use url::Url;

/// Everything `App::build` needs to start a server.
#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub bind: SocketAddr,
    /// The address people use to reach mockloop, for invite links and the cookie's Secure flag.
    /// Defaults to `http://` + the bound address.
    pub base_url: Option<Url>,
    /// Requests with larger bodies are answered 413 before a handler sees them.
    pub max_body_bytes: usize,
    /// How long a sign-in lasts.
    pub session_days: i64,
    /// How long an invite link stays valid.
    pub invite_days: i64,
    /// A content folder replacing the bundled question bank.
    pub content_dir: Option<PathBuf>,
    /// Code runs executed at once; more wait in a bounded queue.
    pub run_parallelism: usize,
    /// Code runs one user may start per minute.
    pub runs_per_minute: u32,
    /// Where code runs execute: in this process, or on `mockloop worker` processes (PostgreSQL).
    pub run_mode: RunMode,
    /// Whether sandboxes are started ahead of requests (servers) or per run (tests that count
    /// sandbox processes).
    pub warm_sandboxes: bool,
    /// Where email goes (`smtps://user:pass@host`, `smtp://host:25`); without it, notifications
    /// stay in the app.
    pub smtp_url: Option<String>,
    /// The sender of mockloop's email.
    pub mail_from: String,
    /// Hours between scheduled matching runs of the pool; 0 runs none (`mockloop pool run` still
    /// works).
    pub match_every_hours: i64,
    /// Hours the members of a proposed group have to accept it.
    pub match_answer_hours: i64,
}

/// Where code runs execute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum RunMode {
    /// In the server's own sandbox.
    #[default]
    Local,
    /// Queued in PostgreSQL for `mockloop worker` processes, on this machine or others.
    Workers,
}

pub const DEFAULT_DATABASE_URL: &str = "sqlite://mockloop.db";
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;
pub const DEFAULT_MATCH_EVERY_HOURS: i64 = 7 * 24;
pub const DEFAULT_MATCH_ANSWER_HOURS: i64 = 48;
pub const DEFAULT_MAIL_FROM: &str = "mockloop <mockloop@localhost>";

impl Config {
    /// A configuration for the given database, bound to a random loopback port (tests, tools).
    pub fn for_database(database_url: impl Into<String>) -> Self {
        Self {
            database_url: database_url.into(),
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            base_url: None,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            session_days: 30,
            invite_days: 7,
            content_dir: None,
            run_parallelism: std::thread::available_parallelism().map(usize::from).unwrap_or(2),
            runs_per_minute: 30,
            run_mode: RunMode::Local,
            warm_sandboxes: true,
            smtp_url: None,
            mail_from: DEFAULT_MAIL_FROM.to_owned(),
            match_every_hours: DEFAULT_MATCH_EVERY_HOURS,
            match_answer_hours: DEFAULT_MATCH_ANSWER_HOURS,
        }
    }
}
