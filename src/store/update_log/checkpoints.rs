//! Checkpoints beside the live writer (see [`BackgroundCheckpoints`]).

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rusqlite::Connection;

use super::{log_error, open_connection};
use crate::store::{StoreError, StoreResult};

/// Checkpoints on a connection and thread of their own, beside the writer: copying a second's
/// write-ahead log into the database took 50 ms with 2,000 rooms typing, and every keystroke
/// queued behind it meanwhile. A checkpoint there never lets the log start afresh, though (the
/// writer always wrote more meanwhile), so they run back to back until one is quick, which
/// leaves only a few milliseconds' worth for the writer to copy itself.
#[derive(Debug)]
pub struct BackgroundCheckpoints {
    requests: SyncSender<()>,
    /// How long the last checkpoint took, in microseconds; 0 while none has finished.
    finished: Arc<AtomicU64>,
    running: bool,
}

impl BackgroundCheckpoints {
    /// Starts the thread; it opens its connection at the first request and ends with `self`.
    pub fn start(path: &Path) -> StoreResult<Self> {
        let (requests, received) = sync_channel::<()>(1);
        let finished = Arc::new(AtomicU64::new(0));
        let (path, done) = (path.to_owned(), finished.clone());
        std::thread::Builder::new()
            .name("mockloop-checkpoint".into())
            .spawn(move || {
                super::run_in_background();
                let mut connection = None;
                while received.recv().is_ok() {
                    let started = Instant::now();
                    if let Err(error) = checkpoint_on(&mut connection, &path) {
                        tracing::warn!(%error, "a write-ahead log checkpoint failed; the next one retries");
                        connection = None;
                    }
                    let micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX).max(1);
                    done.store(micros, Ordering::Release);
                }
            })
            .map_err(|e| StoreError::Log(format!("could not start the checkpoint thread: {e}")))?;
        Ok(Self { requests, finished, running: false })
    }

    /// Asks for a checkpoint unless one is running; returns whether one was asked for.
    pub fn request(&mut self) -> bool {
        if self.running {
            return false;
        }
        self.running = self.requests.try_send(()).is_ok();
        self.running
    }

    /// How long the checkpoint asked for took, once it has finished.
    pub fn finished(&mut self) -> Option<Duration> {
        if !self.running {
            return None;
        }
        let micros = self.finished.swap(0, Ordering::AcqRel);
        (micros > 0).then(|| {
            self.running = false;
            Duration::from_micros(micros)
        })
    }
}

fn checkpoint_on(connection: &mut Option<Connection>, path: &Path) -> StoreResult<()> {
    let connection = match connection {
        Some(connection) => connection,
        None => connection.insert(open_connection(path)?),
    };
    connection.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())).map_err(log_error)
}
