//! Storing workspace updates in batches: the live writer's one transaction per batch of
//! keystrokes from every room.
//!
//! On SQLite the writer has a connection of its own, outside the pool, driven synchronously on
//! the writer's thread ([`SqliteUpdateLog`]). Through sqlx every statement is a message to the
//! connection's worker thread and a wake-up back: a batch took a dozen thread switches, and under
//! load each waited for a core, so the batch's wall time, not SQLite's work, set how many
//! keystrokes a second a server could store. On PostgreSQL the writer uses the pool
//! ([`Store::append_doc_updates`]): its statements are network round trips either way.
//!
//! A SQLite batch goes to `room_doc_journal` in arrival order, and each round's keystrokes are
//! filed into `room_doc_updates` together once they have waited [`FILE_AFTER`] (the migration
//! that made the journal says why). Readers take the union of the two tables.

mod checkpoints;
mod pending;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::{params, Connection, OpenFlags, Transaction, TransactionBehavior};

use super::rooms::{DocSnapshot, NewDocUpdate, SAVE_SNAPSHOT};
use super::{in_transaction, Store, StoreError, StoreResult};
pub use checkpoints::BackgroundCheckpoints;
use pending::Pending;

const JOURNAL_UPDATE: &str =
    "INSERT INTO room_doc_journal (seq, id, round_id, at_ms, body) VALUES ($1, $2, $3, $4, $5)";
/// An update already filed (its journal row outlived the filing) is left as it is.
const FILE_UPDATE: &str =
    "INSERT OR IGNORE INTO room_doc_updates (id, round_id, at_ms, body) VALUES ($1, $2, $3, $4)";
const ROUND_EXISTS: &str = "SELECT EXISTS (SELECT 1 FROM loop_rounds WHERE id = $1)";
/// Files the whole journal, as after a restart; rounds deleted meanwhile are skipped.
const FILE_JOURNAL: &str = "INSERT OR IGNORE INTO room_doc_updates (id, round_id, at_ms, body) \
     SELECT id, round_id, at_ms, body FROM room_doc_journal AS journal \
     WHERE EXISTS (SELECT 1 FROM loop_rounds WHERE loop_rounds.id = journal.round_id) \
     ORDER BY round_id, seq";

/// The nice value of the writer's and the checkpointer's threads. Rooms relay keystrokes without
/// waiting for them to be stored, so when the cores are short the async workers relaying them
/// should have them first; the writer works off its queue when they idle (the queue's bound
/// makes senders wait rather than lose anything if it ever fell that far behind). At 2,500 rooms
/// on two cores, p99 was 25-54 ms in eight runs at nice 10, 44-92 ms in five at nice 0.
const BACKGROUND_NICE: i32 = 10;

/// Lowers the calling thread's scheduling priority to [`BACKGROUND_NICE`] (never raises it). On
/// Linux the nice value is a thread's own, and `setpriority` for pid 0 sets the caller's alone.
pub(crate) fn run_in_background() {
    let current = rustix::process::getpriority_process(None).unwrap_or(0);
    if current < BACKGROUND_NICE {
        if let Err(error) = rustix::process::setpriority_process(None, BACKGROUND_NICE) {
            tracing::debug!(%error, "could not lower a storage thread's priority");
        }
    }
}

/// How long a round's keystrokes wait in the journal before they are filed together: at a
/// dozen keystrokes a second per room, long enough to fill index pages together, short enough
/// that the journal readers scan holds about a second of keystrokes.
pub const FILE_AFTER: Duration = Duration::from_secs(1);
/// Rows filed per transaction at most (whole rounds), so a backlog is worked off a little per
/// batch instead of in one long transaction that the next keystrokes would wait behind.
const FILE_AT_MOST: usize = 256;
/// Journal rows deleted per transaction at most, for the same reason.
const DELETE_AT_MOST: i64 = 256;

/// The writer's page cache, in KiB (SQLite's negative form): a few KiB per room typing at once.
const CACHE_KIB: &str = "-16384";
/// As long as the pool's connections wait for one another's write lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The live writer's own connection to a SQLite store's database file, and the journaled
/// updates it has yet to file.
#[derive(Debug)]
pub struct SqliteUpdateLog {
    connection: Connection,
    pending: Pending,
    next_seq: i64,
    /// Journal rows below this seq are deleted.
    deleted_below: i64,
    /// A transaction failed: the journal is filed whole before the next one.
    recover: bool,
    file_after: Duration,
}

impl SqliteUpdateLog {
    /// Opens the database the pool uses (it exists: the pool created and migrated it, in
    /// write-ahead-log mode) with the pool's settings, and files whatever the journal still
    /// holds from before a stop or crash. Its commits never checkpoint: SQLite checkpoints inside
    /// the commit that takes the log past 1,000 pages, and every update queued behind that commit
    /// would wait for the database file's writes and fsync too. The writer calls [`checkpoint`]
    /// between its transactions instead.
    ///
    /// [`checkpoint`]: Self::checkpoint
    pub fn open(path: &Path) -> StoreResult<Self> {
        if path.as_os_str().is_empty() || path == Path::new(":memory:") {
            return Err(StoreError::Log(
                "an in-memory SQLite database has nothing a second connection can open; use a file".into(),
            ));
        }
        let connection = open_connection(path)?;
        // A larger page cache than the pool's connections: filing touches the index page of every
        // round typing at once, and a page not in the cache is read back from the file.
        let settings = [
            ("synchronous", "FULL"),
            ("foreign_keys", "ON"),
            ("wal_autocheckpoint", "0"),
            ("cache_size", CACHE_KIB),
        ];
        for (pragma, value) in settings {
            connection.pragma_update(None, pragma, value).map_err(log_error)?;
        }
        let mut log = Self {
            connection,
            pending: Pending::default(),
            next_seq: 1,
            deleted_below: 1,
            recover: true,
            file_after: FILE_AFTER,
        };
        log.file_journal()?;
        Ok(log)
    }

    /// Journals updates and saves snapshots (round id, snapshot) in one transaction, all or
    /// none, filing the rounds that have waited long enough and deleting the journal behind
    /// them on the way. Call it with nothing to add to file and delete only.
    pub fn append(
        &mut self,
        updates: Vec<NewDocUpdate>,
        snapshots: &[(String, DocSnapshot)],
    ) -> StoreResult<()> {
        if self.recover {
            self.file_journal()?;
        }
        let first_seq = self.next_seq;
        let result = self.journal_and_file(updates, snapshots);
        if result.is_err() {
            // What this transaction did in memory is void; the journal on disk is what holds.
            self.pending.clear();
            self.next_seq = first_seq;
            self.recover = true;
        }
        result
    }

    fn journal_and_file(
        &mut self,
        updates: Vec<NewDocUpdate>,
        snapshots: &[(String, DocSnapshot)],
    ) -> StoreResult<()> {
        let now = Instant::now();
        let transaction =
            self.connection.transaction_with_behavior(TransactionBehavior::Immediate).map_err(log_error)?;
        {
            let mut journal = transaction.prepare_cached(JOURNAL_UPDATE).map_err(log_error)?;
            for update in updates {
                let seq = self.next_seq;
                journal
                    .execute(params![seq, update.id, update.round_id, update.at_ms, update.body])
                    .map_err(log_error)?;
                self.next_seq += 1;
                self.pending.add(seq, update, now);
            }
            let mut save = transaction.prepare_cached(SAVE_SNAPSHOT).map_err(log_error)?;
            for (round_id, snapshot) in snapshots {
                save.execute(params![round_id, snapshot.at_ms, snapshot.body]).map_err(log_error)?;
            }
        }
        for round in self.pending.take_due(now, self.file_after, FILE_AT_MOST) {
            file_round(&transaction, &round)?;
        }
        let delete_below = self.pending.filed_below(self.next_seq).min(self.deleted_below + DELETE_AT_MOST);
        if delete_below > self.deleted_below {
            transaction
                .prepare_cached("DELETE FROM room_doc_journal WHERE seq < $1")
                .and_then(|mut delete| delete.execute([delete_below]))
                .map_err(log_error)?;
        }
        transaction.commit().map_err(log_error)?;
        self.deleted_below = self.deleted_below.max(delete_below);
        Ok(())
    }

    /// Files every journaled update and empties the journal, in one transaction.
    fn file_journal(&mut self) -> StoreResult<()> {
        let transaction =
            self.connection.transaction_with_behavior(TransactionBehavior::Immediate).map_err(log_error)?;
        transaction.execute(FILE_JOURNAL, []).map_err(log_error)?;
        transaction.execute("DELETE FROM room_doc_journal", []).map_err(log_error)?;
        transaction.commit().map_err(log_error)?;
        self.pending.clear();
        self.deleted_below = self.next_seq;
        self.recover = false;
        Ok(())
    }

    /// Whether journaled updates wait to be filed or deleted.
    pub fn has_pending(&self) -> bool {
        self.pending.rows() > 0 || self.deleted_below < self.next_seq
    }

    /// Whether a transaction with nothing new would file or delete something now.
    pub fn has_due(&mut self) -> bool {
        self.pending.any_due(Instant::now(), self.file_after)
            || self.deleted_below < self.pending.filed_below(self.next_seq)
    }

    /// Copies what is left of the write-ahead log into the database between the writer's
    /// transactions; the next transaction then starts the log afresh (unless a reader still
    /// reads from it), so the log stays the size of what was written since.
    pub fn checkpoint(&mut self) -> StoreResult<()> {
        self.connection.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())).map_err(log_error)
    }
}

/// Files one round's journaled updates, unless the round was deleted since they arrived.
fn file_round(transaction: &Transaction<'_>, updates: &[NewDocUpdate]) -> StoreResult<()> {
    let Some(round_id) = updates.first().map(|update| update.round_id.as_str()) else { return Ok(()) };
    let exists: bool = transaction
        .prepare_cached(ROUND_EXISTS)
        .and_then(|mut exists| exists.query_row([round_id], |row| row.get(0)))
        .map_err(log_error)?;
    if exists {
        let mut file = transaction.prepare_cached(FILE_UPDATE).map_err(log_error)?;
        for update in updates {
            file.execute(params![update.id, update.round_id, update.at_ms, update.body])
                .map_err(log_error)?;
        }
    }
    Ok(())
}

/// A connection of our own to an existing database file, waiting for the write lock as the
/// pool's connections do.
fn open_connection(path: &Path) -> StoreResult<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let connection = Connection::open_with_flags(path, flags).map_err(log_error)?;
    connection.busy_timeout(BUSY_TIMEOUT).map_err(log_error)?;
    Ok(connection)
}

fn log_error(error: rusqlite::Error) -> StoreError {
    StoreError::Log(error.to_string())
}

impl Store {
    /// The file of a SQLite store, for a connection of its own; `None` for PostgreSQL.
    pub fn sqlite_file(&self) -> Option<PathBuf> {
        match self {
            Store::Sqlite(pool) => Some(pool.connect_options().get_filename().to_owned()),
            Store::Postgres(_) => None,
        }
    }

    /// Stores several workspace updates, and snapshots of documents (round id, snapshot), in one
    /// transaction of the pool: all or none.
    #[tracing::instrument(skip_all)]
    pub async fn append_doc_updates(
        &self,
        updates: &[NewDocUpdate],
        snapshots: &[(String, DocSnapshot)],
    ) -> StoreResult<()> {
        in_transaction!(self, |tx| {
            for run in insert_runs(updates) {
                let mut insert =
                    sqlx::QueryBuilder::new("INSERT INTO room_doc_updates (id, round_id, at_ms, body) ");
                insert.push_values(run, |mut row, update| {
                    row.push_bind(&update.id)
                        .push_bind(&update.round_id)
                        .push_bind(update.at_ms)
                        .push_bind(&update.body);
                });
                insert.build().execute(&mut *tx).await?;
            }
            for (round_id, snapshot) in snapshots {
                sqlx::query(SAVE_SNAPSHOT)
                    .bind(round_id)
                    .bind(snapshot.at_ms)
                    .bind(&snapshot.body)
                    .execute(&mut *tx)
                    .await?;
            }
        });
        Ok(())
    }
}

/// Rows per INSERT statement when a batch is stored through the pool: a batch of any size takes
/// few statements (each a round trip to the database), and the prepared-statement cache holds
/// only these few variants of it. A batch of 23 rows is stored as 16 + 4 + 1 + 1 + 1.
const ROWS_PER_INSERT: [usize; 4] = [64, 16, 4, 1];

/// `updates` cut into runs of `ROWS_PER_INSERT` rows, largest first.
fn insert_runs(mut updates: &[NewDocUpdate]) -> Vec<&[NewDocUpdate]> {
    let mut runs = Vec::new();
    for rows in ROWS_PER_INSERT {
        while updates.len() >= rows {
            let (run, rest) = updates.split_at(rows);
            runs.push(run);
            updates = rest;
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn updates(count: usize) -> Vec<NewDocUpdate> {
        (0..count)
            .map(|n| NewDocUpdate { id: n.to_string(), round_id: "r".into(), at_ms: 0, body: vec![0, 0] })
            .collect()
    }

    #[test]
    fn a_storage_thread_runs_behind_the_rest_and_only_itself() {
        let before = rustix::process::getpriority_process(None).expect("reads");
        let in_background = std::thread::spawn(|| {
            run_in_background();
            rustix::process::getpriority_process(None).expect("reads")
        })
        .join()
        .expect("runs");
        assert!(in_background >= BACKGROUND_NICE, "{in_background}");
        assert_eq!(rustix::process::getpriority_process(None).expect("reads"), before, "the caller's own");
    }

    #[test]
    fn a_batch_is_stored_in_few_runs_of_a_few_sizes_and_every_row_once() {
        for count in [0, 1, 3, 4, 23, 64, 100, 1024] {
            let batch = updates(count);
            let runs = insert_runs(&batch);
            let stored: Vec<&str> = runs.iter().flat_map(|run| run.iter().map(|u| u.id.as_str())).collect();
            let expected: Vec<&str> = batch.iter().map(|u| u.id.as_str()).collect();
            assert_eq!(stored, expected, "{count} rows");
            assert!(runs.iter().all(|run| ROWS_PER_INSERT.contains(&run.len())));
            assert!(runs.len() <= count / 64 + 9, "{count} rows in {} runs", runs.len());
        }
    }

    async fn store_with_a_round(dir: &tempfile::TempDir) -> (Store, String) {
        crate::live_bench::seed::a_store_with_a_round(dir.path()).await
    }

    fn update(id: &str, round_id: &str, at_ms: i64) -> NewDocUpdate {
        NewDocUpdate { id: id.into(), round_id: round_id.into(), at_ms, body: vec![1, 2, 3] }
    }

    async fn stored_ids(store: &Store, round_id: &str) -> Vec<String> {
        store.doc_updates(round_id).await.expect("reads").into_iter().map(|(id, _, _)| id).collect()
    }

    #[tokio::test]
    async fn the_log_journals_a_batch_whole_or_not_at_all_and_files_it_later() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (store, round_id) = store_with_a_round(&dir).await;
        let mut log = SqliteUpdateLog::open(&store.sqlite_file().expect("a file")).expect("opens");
        let pragma = |log: &SqliteUpdateLog, name: &str| -> i64 {
            log.connection.pragma_query_value(None, name, |row| row.get(0)).expect("pragma")
        };
        // synchronous FULL is 2.
        let pragmas = ["wal_autocheckpoint", "synchronous", "foreign_keys"].map(|name| pragma(&log, name));
        assert_eq!(pragmas, [0, 2, 1]);

        let snapshot = DocSnapshot { at_ms: 5, body: vec![9] };
        log.append(
            vec![update("a", &round_id, 1), update("b", &round_id, 2)],
            &[(round_id.clone(), snapshot)],
        )
        .expect("stores");
        assert_eq!(stored_ids(&store, &round_id).await, ["a", "b"], "readable from the journal at once");
        assert_eq!(
            (store.count_rows("room_doc_journal").await, store.count_rows("room_doc_updates").await),
            (2, 0)
        );
        let saved = store.doc_snapshot(&round_id).await.expect("reads").expect("a snapshot");
        assert_eq!((saved.at_ms, saved.body), (5, vec![9]));

        // A snapshot for a round that does not exist fails its batch, keystrokes and all.
        let orphan = (String::from("no-such-round"), DocSnapshot { at_ms: 6, body: vec![] });
        assert!(log.append(vec![update("c", &round_id, 3)], &[orphan]).is_err());
        assert_eq!(stored_ids(&store, &round_id).await, ["a", "b"]);

        // Once the round has waited, the next transaction files it and empties the journal.
        log.file_after = Duration::ZERO;
        log.append(vec![update("d", &round_id, 4)], &[]).expect("stores");
        log.append(Vec::new(), &[]).expect("files");
        assert_eq!(stored_ids(&store, &round_id).await, ["a", "b", "d"]);
        assert_eq!(
            (store.count_rows("room_doc_journal").await, store.count_rows("room_doc_updates").await),
            (0, 3)
        );
        assert!(!log.has_pending());
        log.checkpoint().expect("checkpoints between transactions");
    }

    #[test]
    fn an_in_memory_database_is_refused_with_a_reason() {
        let refused = SqliteUpdateLog::open(Path::new(":memory:")).expect_err("refused");
        assert!(refused.to_string().contains("use a file"), "{refused}");
    }

    #[tokio::test]
    async fn a_journal_left_by_a_crash_is_filed_when_the_log_opens() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (store, round_id) = store_with_a_round(&dir).await;
        let file = store.sqlite_file().expect("a file");
        let mut log = SqliteUpdateLog::open(&file).expect("opens");
        log.append(vec![update("a", &round_id, 1), update("b", "a-deleted-round", 2)], &[]).expect("stores");
        drop(log);
        assert_eq!(store.count_rows("room_doc_journal").await, 2);

        let reopened = SqliteUpdateLog::open(&file).expect("opens");
        assert!(!reopened.has_pending());
        assert_eq!(
            (store.count_rows("room_doc_journal").await, store.count_rows("room_doc_updates").await),
            (0, 1)
        );
        assert_eq!(stored_ids(&store, &round_id).await, ["a"]);
    }
}
