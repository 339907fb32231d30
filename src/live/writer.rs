//! Group commit for workspace updates. Every keystroke is stored before anyone else sees it, but
//! one transaction (and one fsync) per keystroke caps a server at a few thousand updates a second.
//! The writer takes updates from every room through one queue and stores whatever has gathered
//! while the previous batch was committing in a single transaction; each update is acknowledged
//! only when its batch is on disk, so "relayed means stored" still holds. A quiet server commits
//! each update alone, at once: batching adds no delay, it only shares the wait.

use tokio::sync::{mpsc, oneshot};

use crate::store::rooms::NewDocUpdate;
use crate::store::Store;

/// Updates gathered beyond this wait for the next batch, so one commit stays short.
const MAX_BATCH: usize = 1024;
/// Updates waiting for the writer before senders wait too (backpressure, not loss).
const QUEUE: usize = 8192;

struct Pending {
    update: NewDocUpdate,
    stored: oneshot::Sender<Result<(), String>>,
}

/// A handle to the writer task; cloning is shallow.
#[derive(Clone, Debug)]
pub struct UpdateWriter {
    queue: mpsc::Sender<Pending>,
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending").field("round_id", &self.update.round_id).finish_non_exhaustive()
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
            .send(Pending { update, stored })
            .await
            .map_err(|_| "the update writer stopped".to_owned())?;
        done.await.map_err(|_| "the update writer stopped".to_owned())?
    }
}

async fn write_batches(store: Store, mut receiver: mpsc::Receiver<Pending>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while receiver.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let (updates, waiting): (Vec<NewDocUpdate>, Vec<_>) =
            batch.drain(..).map(|pending| (pending.update, pending.stored)).unzip();
        let result = store.append_doc_updates(&updates).await.map_err(|e| e.to_string());
        if let Err(error) = &result {
            tracing::error!(%error, updates = updates.len(), "could not store workspace updates");
        }
        for stored in waiting {
            let _ = stored.send(result.clone());
        }
    }
}
