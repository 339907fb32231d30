//! Group commit for workspace updates. Every keystroke is stored before anyone else sees it, but
//! one transaction (and one fsync) per keystroke caps a server at a few thousand updates a second.
//! The writer takes updates from every room through one queue and stores whatever has gathered
//! while the previous batch was committing in a single transaction; each update is acknowledged
//! only when its batch is on disk, so "relayed means stored" still holds. A quiet server commits
//! each update alone, at once: batching adds no delay, it only shares the wait.
//!
//! Documents' snapshots go through the same queue and the same transactions: written beside the
//! updates they would otherwise contend with for the database's one write lock, they share the
//! batch's fsync instead of adding their own. While updates keep coming, and for a second after,
//! the writer keeps its database connection from one batch to the next.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use mockloop_core::Id;
use tokio::sync::{mpsc, oneshot};

use crate::secrets;
use crate::store::rooms::{DocSnapshot, NewDocUpdate, WriterConnection};
use crate::store::Store;

/// Updates gathered beyond this wait for the next batch, so one commit stays short.
const MAX_BATCH: usize = 1024;
/// Updates waiting for the writer before senders wait too (backpressure, not loss).
const QUEUE: usize = 8192;
/// How long the writer keeps its connection with nothing to write. Handed back the moment the
/// queue ran dry, it came back as another of the pool's connections, whose page cache the
/// writes since had made stale: under load, a batch in every few read its pages afresh.
const KEEP_CONNECTION: Duration = Duration::from_secs(1);
/// How often a busy writer has the write-ahead log checkpointed.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);

enum Job {
    /// An update, and who waits until it is stored.
    Update { update: NewDocUpdate, stored: oneshot::Sender<Result<(), String>> },
    /// A document's merged state; nobody waits for it.
    Snapshot { round_id: String, snapshot: DocSnapshot },
}

/// A handle to the writer task; cloning is shallow.
#[derive(Clone, Debug)]
pub struct UpdateWriter {
    queue: mpsc::Sender<Job>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Update { update, .. } => {
                f.debug_struct("Update").field("round_id", &update.round_id).finish_non_exhaustive()
            }
            Self::Snapshot { round_id, .. } => {
                f.debug_struct("Snapshot").field("round_id", round_id).finish_non_exhaustive()
            }
        }
    }
}

impl UpdateWriter {
    /// Starts the writer task; it ends when the last handle is dropped.
    pub fn start(store: Store) -> Self {
        let (queue, receiver) = mpsc::channel(QUEUE);
        tokio::spawn(write_batches(store, receiver));
        Self { queue }
    }

    /// Stores one update, returning once it is committed.
    pub async fn append(&self, update: NewDocUpdate) -> Result<(), String> {
        let (stored, done) = oneshot::channel();
        self.queue
            .send(Job::Update { update, stored })
            .await
            .map_err(|_| "the update writer stopped".to_owned())?;
        done.await.map_err(|_| "the update writer stopped".to_owned())?
    }

    /// Stores a document's snapshot with the next batch, returning once it is queued: a snapshot
    /// only saves the next load some reading, so a failure is logged by the writer, not returned.
    pub async fn save_snapshot(&self, round_id: &str, snapshot: DocSnapshot) {
        let job = Job::Snapshot { round_id: round_id.to_owned(), snapshot };
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

async fn write_batches(store: Store, mut receiver: mpsc::Receiver<Job>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    // Kept from one batch to the next while updates keep coming; handed back when none wait.
    let mut connection: Option<WriterConnection> = None;
    let mut checkpoints = Checkpoints::default();
    loop {
        let received = if connection.is_some() {
            match tokio::time::timeout(KEEP_CONNECTION, receiver.recv_many(&mut batch, MAX_BATCH)).await {
                Ok(received) => received,
                Err(_) => {
                    if let Some(idle) = connection.take() {
                        idle.hand_back().await;
                    }
                    continue;
                }
            }
        } else {
            receiver.recv_many(&mut batch, MAX_BATCH).await
        };
        if received == 0 {
            return;
        }
        let mut updates = Vec::with_capacity(batch.len());
        let mut waiting = Vec::with_capacity(batch.len());
        let mut snapshots = Vec::new();
        for job in batch.drain(..) {
            match job {
                Job::Update { update, stored } => {
                    updates.push(update);
                    waiting.push(stored);
                }
                Job::Snapshot { round_id, snapshot } => snapshots.push((round_id, snapshot)),
            }
        }
        let result = store_batch(&store, &mut connection, &updates, &snapshots).await;
        if let Err(error) = &result {
            tracing::error!(%error, updates = updates.len(), snapshots = snapshots.len(), "could not store workspace updates");
        }
        for stored in waiting {
            let _ = stored.send(result.clone());
        }
        checkpoints.request(&store);
    }
}

/// Passive checkpoints on the pool's other connections while the writer works (its own commits
/// never checkpoint: see `Store::writer_connection`), at most one at a time.
#[derive(Default)]
struct Checkpoints {
    last: Option<Instant>,
    running: Arc<AtomicBool>,
}

impl Checkpoints {
    fn request(&mut self, store: &Store) {
        if self.last.is_some_and(|last| last.elapsed() < CHECKPOINT_EVERY)
            || self.running.swap(true, Ordering::AcqRel)
        {
            return;
        }
        self.last = Some(Instant::now());
        let (store, running) = (store.clone(), self.running.clone());
        tokio::spawn(async move {
            if let Err(error) = store.checkpoint().await {
                tracing::warn!(%error, "a write-ahead log checkpoint failed; the next one retries");
            }
            running.store(false, Ordering::Release);
        });
    }
}

/// Stores one batch on the kept connection, taking one from the pool if none is kept; a
/// connection that failed is let go.
async fn store_batch(
    store: &Store,
    kept: &mut Option<WriterConnection>,
    updates: &[NewDocUpdate],
    snapshots: &[(String, DocSnapshot)],
) -> Result<(), String> {
    let connection = match kept {
        Some(connection) => connection,
        None => kept.insert(store.writer_connection().await.map_err(|e| e.to_string())?),
    };
    let result = connection.append_doc_updates(updates, snapshots).await.map_err(|e| e.to_string());
    if result.is_err() {
        if let Some(failed) = kept.take() {
            failed.hand_back().await;
        }
    }
    result
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
}
