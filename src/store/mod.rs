//! Storage: one `Store` that the rest of the app talks to, backed by SQLite or PostgreSQL.
//!
//! Both backends run the same SQL text (`$1` placeholders work on both through sqlx) and decode
//! into the same row types; the `on_pool!` and `in_transaction!` macros expand a query body once per
//! backend, so a backend difference is visible where it exists instead of hidden in a copied module.
//! Migrations are the schema's only source, one folder per backend.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};

pub mod circles;
pub mod export;
pub mod feedback;
pub mod focus;
pub mod loops;
pub mod notifications;
pub mod pool;
pub mod proposals;
pub mod rooms;
pub mod run_jobs;
pub mod sessions;
pub mod settings;
pub mod throttle;
pub mod tokens;
pub mod update_log;
pub mod users;

/// Runs `$body` with `$pool` bound to whichever backend `$store` holds.
macro_rules! on_pool {
    ($store:expr, |$pool:ident| $body:expr) => {
        match $store {
            $crate::store::Store::Sqlite($pool) => $body,
            $crate::store::Store::Postgres($pool) => $body,
        }
    };
}

/// Runs `$body` inside a write transaction bound to `$tx` and commits it when the body finishes.
/// On SQLite the transaction begins with `BEGIN IMMEDIATE`: a deferred transaction that reads
/// before it writes fails with SQLITE_BUSY when another writer commits in between, whatever the
/// busy timeout. An early return (`?`) drops the transaction, which rolls it back.
macro_rules! in_transaction {
    ($store:expr, |$tx:ident| $body:expr) => {
        match $store {
            $crate::store::Store::Sqlite(pool) => {
                let mut $tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                let output = $body;
                $tx.commit().await?;
                output
            }
            $crate::store::Store::Postgres(pool) => {
                let mut $tx = pool.begin().await?;
                let output = $body;
                $tx.commit().await?;
                output
            }
        }
    };
}

pub(crate) use {in_transaction, on_pool};

/// The database behind mockloop. Cloning is shallow: both variants are reference-counted pools.
#[derive(Clone, Debug)]
pub enum Store {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Which backend a database URL selects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://...")]
    UnsupportedUrl(String),
    #[error("could not connect to the database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("could not migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0} is already taken")]
    Conflict(&'static str),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("invalid stored data: {0}")]
    Corrupt(String),
    #[error("could not store workspace updates: {0}")]
    Log(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

impl Backend {
    pub fn of_url(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres)
        } else {
            Err(StoreError::UnsupportedUrl(url.to_owned()))
        }
    }
}

impl Store {
    /// Connects to the database the URL names; a SQLite file is created when missing.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        match Backend::of_url(url)? {
            Backend::Sqlite => {
                let options = SqliteConnectOptions::from_str(url)
                    .map_err(StoreError::Connect)?
                    .create_if_missing(true)
                    // The live writer appends keystrokes to a journal and files each round's
                    // second of them together (store::update_log), so a commit writes runs of
                    // neighbouring rows, not a page per keystroke: 4 KiB pages log those runs in a
                    // quarter of the frames 1 KiB pages took (two writes each) and keep the writer's
                    // page cache a quarter as many pages. The writer used about a quarter less CPU.
                    // A database keeps the page size it was created with.
                    .page_size(4096)
                    .journal_mode(SqliteJournalMode::Wal)
                    // FULL syncs the WAL on every commit, so a write the user was told succeeded
                    // survives a power loss as well as a process crash; mockloop writes little.
                    .synchronous(SqliteSynchronous::Full)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(5));
                let pool = SqlitePoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(options)
                    .await
                    .map_err(StoreError::Connect)?;
                Ok(Self::Sqlite(pool))
            }
            Backend::Postgres => {
                let options = PgConnectOptions::from_str(url).map_err(StoreError::Connect)?;
                Self::connect_postgres(options).await
            }
        }
    }

    /// Connects to PostgreSQL with explicit options (tests use this to pick a schema).
    pub async fn connect_postgres(options: PgConnectOptions) -> StoreResult<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(StoreError::Connect)?;
        Ok(Self::Postgres(pool))
    }

    pub fn backend(&self) -> Backend {
        match self {
            Self::Sqlite(_) => Backend::Sqlite,
            Self::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies every pending migration of this backend.
    pub async fn migrate(&self) -> StoreResult<()> {
        match self {
            Self::Sqlite(pool) => sqlx::migrate!("./migrations/sqlite").run(pool).await?,
            Self::Postgres(pool) => sqlx::migrate!("./migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// A cheap round trip, for health checks.
    pub async fn ping(&self) -> StoreResult<()> {
        on_pool!(self, |pool| sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))?;
        Ok(())
    }

    pub async fn close(&self) {
        on_pool!(self, |pool| pool.close().await);
    }

    pub fn is_closed(&self) -> bool {
        on_pool!(self, |pool| pool.is_closed())
    }
}

/// Maps a unique-key violation to `Conflict(field)` so callers can tell the user which field clashed.
pub(crate) fn conflict_on_unique(field: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    move |error| match error.as_database_error() {
        Some(db) if db.is_unique_violation() => StoreError::Conflict(field),
        _ => StoreError::Database(error),
    }
}

#[cfg(test)]
impl Store {
    /// The rows in a table, for tests that look under the API.
    pub async fn count_rows(&self, table: &str) -> i64 {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        on_pool!(self, |pool| sqlx::query_scalar(&sql).fetch_one(pool).await).expect("counts")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_new_sqlite_database_has_4_kib_pages_and_a_write_ahead_log() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("new.db").display());
        let Store::Sqlite(pool) = Store::connect(&url).await.expect("connects") else {
            panic!("a sqlite URL makes a SQLite store")
        };
        let (page_size,): (i64,) =
            sqlx::query_as("PRAGMA page_size").fetch_one(&pool).await.expect("page size");
        let (journal,): (String,) =
            sqlx::query_as("PRAGMA journal_mode").fetch_one(&pool).await.expect("mode");
        assert_eq!((page_size, journal.as_str()), (4096, "wal"));
    }
}
