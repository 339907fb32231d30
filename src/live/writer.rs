//! Group commit for workspace updates. One transaction (and one fsync) per keystroke caps a
//! server at a few thousand updates a second, so the writer takes updates from every room
//! through one queue and stores whatever has gathered while the previous batch was committing in
//! a single transaction. A quiet server commits each update alone, at once; a busy one lets
//! [`GATHER`] pass before each batch, for fewer, larger commits.
//!
//! Rooms relay a change before it is committed (see `LiveDoc::absorb` for why nothing is lost);
//! what a sender asked to happen once its updates are stored (telling other instances, or ending
//! a connection whose change could not be stored) the writer runs itself, in queue order, rather
//! than waking each sender to run its own.
//!
//! Documents' snapshots go through the same queue and the same transactions: written beside the
//! updates they would otherwise contend with for the database's one write lock, they share the
//! batch's fsync instead of adding their own.
//!
//! On SQLite the writer is a thread of its own with a connection of its own
//! ([`SqliteUpdateLog`]): a batch is stored without waiting for the async runtime's other tasks
//! or for a thread switch per statement. On PostgreSQL it is a task storing through the pool.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use mockloop_core::Id;
use tokio::runtime::Handle;
use tokio::sync::mpsc;

use crate::secrets;
use crate::store::rooms::{DocSnapshot, NewDocUpdate};
use crate::store::update_log::{BackgroundCheckpoints, SqliteUpdateLog, FILE_AFTER};
use crate::store::{Store, StoreResult};

/// Frames gathered beyond this wait for the next batch, so one commit stays short.
const MAX_BATCH: usize = 1024;
/// Frames waiting for the writer before senders wait too (backpressure, not loss).
const QUEUE: usize = 8192;
/// While keystrokes come faster than commits, the writer lets this long pass before it takes a
/// batch: fewer, larger transactions, each with its fsync, leave more of the machine to the rest.
const GATHER: Duration = Duration::from_millis(2);
/// A background checkpoint this quick left little for the writer to copy itself.
const QUICK_CHECKPOINT: Duration = Duration::from_millis(20);
/// How often a writer that has written checkpoints the write-ahead log.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);

/// What a frame's sender wants done once its updates are committed (`Ok`) or could not be
/// (`Err`, with why). Runs on the writer's thread (or task): it must not block.
pub type Then = Box<dyn FnOnce(Result<(), &str>) + Send>;

enum Job {
    /// One frame's updates, and what follows their commit.
    Updates { updates: Vec<NewDocUpdate>, then: Then },
    /// A document's merged state, and what follows its commit.
    Snapshot { round_id: String, snapshot: DocSnapshot, then: Then },
    /// Time to file what waits in the journal (SQLite only).
    Tick,
}

/// A handle to the writer; cloning is shallow.
#[derive(Clone, Debug)]
pub struct UpdateWriter {
    queue: mpsc::Sender<Job>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Updates { updates, .. } => {
                f.debug_struct("Updates").field("count", &updates.len()).finish_non_exhaustive()
            }
            Self::Snapshot { round_id, .. } => {
                f.debug_struct("Snapshot").field("round_id", round_id).finish_non_exhaustive()
            }
            Self::Tick => f.write_str("Tick"),
        }
    }
}

impl UpdateWriter {
    /// Starts the writer (on SQLite, its thread and connection); it ends when the last handle
    /// is dropped. Call it inside the runtime the rooms run on.
    pub fn start(store: Store) -> StoreResult<Self> {
        let (queue, receiver) = mpsc::channel(QUEUE);
        match store.sqlite_file() {
            Some(file) => {
                let log = SqliteUpdateLog::open(&file)?;
                let checkpoints = BackgroundCheckpoints::start(&file)?;
                let runtime = Handle::current();
                tokio::spawn(tick(queue.downgrade()));
                std::thread::Builder::new()
                    .name("mockloop-writer".into())
                    .spawn(move || write_to_sqlite(log, checkpoints, receiver, runtime))
                    .map_err(|e| {
                        crate::store::StoreError::Log(format!("could not start the writer thread: {e}"))
                    })?;
            }
            None => {
                tokio::spawn(write_through_pool(store, receiver));
            }
        }
        Ok(Self { queue })
    }

    /// Queues a frame's updates, returning once they are queued (a full queue makes the sender
    /// wait: backpressure, not loss). `then` runs once they are committed or have failed.
    pub async fn append(&self, updates: Vec<NewDocUpdate>, then: Then) -> Result<(), String> {
        self.queue
            .send(Job::Updates { updates, then })
            .await
            .map_err(|_| "the update writer stopped".to_owned())
    }

    /// Stores a document's snapshot with the next batch, returning once it is queued; `then`
    /// runs once it is committed or has failed.
    pub async fn save_snapshot(&self, round_id: &str, snapshot: DocSnapshot, then: Then) {
        let job = Job::Snapshot { round_id: round_id.to_owned(), snapshot, then };
        if self.queue.send(job).await.is_err() {
            tracing::warn!(round = %round_id, "the update writer stopped; a document snapshot was not saved");
        }
    }
}

/// A new id for a stored update. Update ids are keys, never secrets: they order the updates
/// stored in one millisecond and name an update in a note to another instance. So rather than
/// draw from the operating system per keystroke, they join a random prefix drawn once per
/// process (which keeps processes apart) and a counter (which keeps a process's ids apart, and
/// in order, so they also append to the end of the table's key index).
pub fn new_update_id() -> String {
    static PREFIX: OnceLock<[u8; 8]> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let prefix = PREFIX.get_or_init(secrets::random_bytes);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut bytes = [0; 16];
    bytes[..8].copy_from_slice(prefix);
    bytes[8..].copy_from_slice(&count.to_be_bytes());
    // The same text as any other id: 26 characters that keep the bytes' order.
    String::from(Id::from_random_bytes(bytes))
}

/// One batch's jobs, sorted out.
#[derive(Default)]
struct Batch {
    updates: Vec<NewDocUpdate>,
    snapshots: Vec<(String, DocSnapshot)>,
    follow_ups: Vec<Then>,
}

impl Batch {
    fn of(jobs: impl Iterator<Item = Job>) -> Self {
        let mut batch = Self::default();
        for job in jobs {
            match job {
                Job::Updates { updates, then } => {
                    batch.updates.extend(updates);
                    batch.follow_ups.push(then);
                }
                Job::Snapshot { round_id, snapshot, then } => {
                    batch.snapshots.push((round_id, snapshot));
                    batch.follow_ups.push(then);
                }
                Job::Tick => {}
            }
        }
        batch
    }

    fn is_empty(&self) -> bool {
        self.updates.is_empty() && self.snapshots.is_empty() && self.follow_ups.is_empty()
    }
}

/// Tells every sender how its batch's commit went, in the order their frames arrived.
fn tell(follow_ups: Vec<Then>, stored: Result<(), String>, updates: usize, snapshots: usize) {
    if let Err(error) = &stored {
        tracing::error!(%error, updates, snapshots, "could not store workspace updates");
    }
    for then in follow_ups {
        then(stored.as_ref().map(|_| ()).map_err(String::as_str));
    }
}

/// The SQLite writer's thread: takes whatever has gathered (waiting only when nothing has),
/// stores it in one transaction, runs the follow-ups, and checkpoints between transactions.
fn write_to_sqlite(
    mut log: SqliteUpdateLog,
    mut checkpoints: BackgroundCheckpoints,
    mut receiver: mpsc::Receiver<Job>,
    runtime: Handle,
) {
    crate::store::update_log::run_in_background();
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    let mut checkpointed = Instant::now();
    let mut written = false;
    let mut busy = false;
    while let Some(first) = receiver.blocking_recv() {
        if busy {
            std::thread::sleep(GATHER);
        }
        jobs.push(first);
        while jobs.len() < MAX_BATCH {
            let Ok(job) = receiver.try_recv() else { break };
            jobs.push(job);
        }
        busy = jobs.len() > 1;
        let batch = Batch::of(jobs.drain(..));
        if batch.is_empty() {
            // A tick: file what has waited, a transaction at a time, until keystrokes come again.
            while receiver.is_empty() && log.has_due() {
                written = true;
                if let Err(error) = log.append(Vec::new(), &[]) {
                    tracing::warn!(%error, "could not file journaled workspace updates; the next batch retries");
                    break;
                }
            }
        } else {
            let (updates, snapshots) = (batch.updates.len(), batch.snapshots.len());
            let stored = log.append(batch.updates, &batch.snapshots).map_err(|e| e.to_string());
            written = true;
            // The follow-ups spawn (announcing to other instances) onto the rooms' runtime.
            let _entered = runtime.enter();
            tell(batch.follow_ups, stored, updates, snapshots);
        }
        if written && checkpointed.elapsed() >= CHECKPOINT_EVERY && checkpoints.request() {
            checkpointed = Instant::now();
            written = false;
        }
        match checkpoints.finished() {
            // Quick: little was written meanwhile, and the writer copies that little itself.
            Some(took) if took < QUICK_CHECKPOINT => {
                if let Err(error) = log.checkpoint() {
                    tracing::warn!(%error, "a write-ahead log checkpoint failed; the next one retries");
                }
            }
            Some(_) => {
                checkpoints.request();
            }
            None => {}
        }
    }
}

/// Wakes the SQLite writer once a second while it is running, so keystrokes left in the journal
/// when typing stops are filed and the log checkpointed without waiting for the next keystroke.
async fn tick(queue: mpsc::WeakSender<Job>) {
    let mut ticks = tokio::time::interval(FILE_AFTER);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        // Only a weak handle, so the writer still stops when the last real one is dropped.
        let Some(queue) = queue.upgrade() else { return };
        // A full queue wakes the writer anyway.
        let _ = queue.try_send(Job::Tick);
    }
}

/// The PostgreSQL writer's task.
async fn write_through_pool(store: Store, mut receiver: mpsc::Receiver<Job>) {
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    while receiver.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        let batch = Batch::of(jobs.drain(..));
        if batch.is_empty() {
            continue;
        }
        let stored =
            store.append_doc_updates(&batch.updates, &batch.snapshots).await.map_err(|e| e.to_string());
        tell(batch.follow_ups, stored, batch.updates.len(), batch.snapshots.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn update_ids_are_well_formed_ids_in_the_order_they_were_made() {
        let ids: Vec<String> = (0..1000).map(|_| new_update_id()).collect();
        assert!(ids.iter().all(|id| Id::parse(id).is_ok()), "{:?}", ids.first());
        assert!(ids.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[tokio::test]
    async fn a_keystroke_is_readable_once_told_stored_and_filed_after_typing_stops() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (store, round_id) = crate::live_bench::seed::a_store_with_a_round(dir.path()).await;
        let writer = UpdateWriter::start(store.clone()).expect("starts");
        let (told, stored) = tokio::sync::oneshot::channel();
        let update =
            NewDocUpdate { id: new_update_id(), round_id: round_id.clone(), at_ms: 1, body: vec![1, 2, 3] };
        let then: Then = Box::new(move |result| {
            let _ = told.send(result.map_err(str::to_owned));
        });
        writer.append(vec![update], then).await.expect("queued");
        stored.await.expect("told").expect("stored");
        assert_eq!(store.doc_updates(&round_id).await.expect("reads").len(), 1, "readable once told stored");

        // Nothing else is typed: the writer's tick files the round and empties the journal.
        let deadline = Instant::now() + 10 * FILE_AFTER;
        while store.count_rows("room_doc_journal").await > 0 {
            assert!(Instant::now() < deadline, "the journal was never filed");
            tokio::time::sleep(FILE_AFTER / 4).await;
        }
        assert_eq!(store.count_rows("room_doc_updates").await, 1);
    }
}
