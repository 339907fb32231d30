//! The candidate's shared workspace: a Yjs document per round, served with the standard
//! y-protocols sync and awareness messages (so any Yjs client, e.g. y-websocket's provider, can
//! join), kept in memory with yrs and stored update by update. Transport-independent like the
//! room: a session reads binary messages from a `Stream` and writes to a `Sink`.

use std::collections::HashMap;
use std::sync::{Arc, Weak};

use tokio::sync::{mpsc, Mutex};
use yrs::encoding::read::{Cursor, Read};
use yrs::sync::protocol::{MSG_SYNC, MSG_SYNC_UPDATE};
use yrs::sync::{Awareness, DefaultProtocol, Message, MessageReader, Protocol, SyncMessage};
use yrs::updates::decoder::{Decode, DecoderV1};
use yrs::updates::encoder::{Encode, Encoder, EncoderV1};
use yrs::{Doc, GetString, Map, ReadTxn, Text, Transact, Update, WriteTxn};

pub use session::doc_session;

use super::bus::Bus;
use super::now_ms;
use super::writer::{new_update_id, Then, UpdateWriter};
use crate::store::rooms::{DocSnapshot, NewDocUpdate};
use crate::store::Store;

/// The shared text the code editor binds to.
pub const CODE_TEXT: &str = "code";
/// The shared notes pane (design notes, STAR outline).
pub const NOTES_TEXT: &str = "notes";
/// The experiment-design canvas: a map of one shared text per field.
pub const CANVAS_MAP: &str = "canvas";

/// What a new round's document starts with.
#[derive(Clone, Debug)]
pub enum Seed {
    /// A shared text with initial content (empty content seeds nothing).
    Text { name: &'static str, content: String },
    /// A map of empty shared texts, one per key (the canvas fields).
    Texts { map: &'static str, keys: &'static [&'static str] },
}

/// How far before a snapshot's time the loader still reads updates: an update stamped just before
/// the snapshot may have been committed just after it was taken. Applying one twice is harmless.
const SNAPSHOT_OVERLAP_MS: i64 = 60_000;
/// A document loaded through more updates than this, or that absorbed this many since its last
/// snapshot, is compacted into a new snapshot.
const COMPACT_AFTER: usize = 200;
/// The sender of a relay that came from another instance: no local connection has this id.
const FROM_ANOTHER_INSTANCE: u64 = u64::MAX;
/// Relayed frames a connection may have waiting to be written before it counts as fallen behind
/// and is closed (its client reconnects and resynchronises rather than miss updates).
const OUTBOX: usize = 256;

mod session;
#[cfg(test)]
mod tests;

/// A message to a client, shared by every connection it is sent to.
pub type Frame = Arc<[u8]>;

/// Where the frames relayed to one connection wait for its writer.
#[derive(Debug)]
struct Outbox {
    connection: u64,
    frames: mpsc::Sender<Frame>,
}

pub struct LiveDoc {
    round_id: String,
    awareness: std::sync::Mutex<Awareness>,
    /// One per connection. Relaying puts a frame in every other connection's outbox, so only
    /// the writers with something to write wake, and a frame lives only until it is written.
    outboxes: std::sync::Mutex<Vec<Outbox>>,
    store: Store,
    writer: UpdateWriter,
    bus: Arc<Bus>,
    /// Updates absorbed since the last snapshot.
    since_snapshot: std::sync::atomic::AtomicUsize,
    /// When this instance last read the log (load or catch-up), for the next catch-up.
    read_log_at: std::sync::atomic::AtomicI64,
}

impl std::fmt::Debug for LiveDoc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveDoc").field("round_id", &self.round_id).finish_non_exhaustive()
    }
}

#[derive(Debug)]
pub struct DocHub {
    docs: Mutex<HashMap<String, Weak<LiveDoc>>>,
    bus: Arc<Bus>,
    writer: UpdateWriter,
}

fn encode(message: &Message) -> Vec<u8> {
    let mut encoder = EncoderV1::new();
    message.encode(&mut encoder);
    encoder.to_vec()
}

impl DocHub {
    pub fn new(bus: Arc<Bus>, writer: UpdateWriter) -> Self {
        Self { docs: Mutex::new(HashMap::new()), bus, writer }
    }

    /// The round's document, rebuilt from its snapshot and the updates since (every update is
    /// kept, with its time, so the replay can show the workspace at any moment), or for a new
    /// round seeded with `seeds`: (text name, initial content) pairs such as the starter code.
    pub async fn doc(&self, store: &Store, round_id: &str, seeds: &[Seed]) -> Result<Arc<LiveDoc>, String> {
        let mut docs = self.docs.lock().await;
        if let Some(doc) = docs.get(round_id).and_then(Weak::upgrade) {
            return Ok(doc);
        }
        let read_at = now_ms();
        let snapshot = store.doc_snapshot(round_id).await.map_err(|e| e.to_string())?;
        let rows = match &snapshot {
            Some(snapshot) => store.doc_updates_since(round_id, snapshot.at_ms - SNAPSHOT_OVERLAP_MS).await,
            None => store.doc_updates(round_id).await,
        }
        .map_err(|e| e.to_string())?;
        let doc = Doc::new();
        {
            let mut txn = doc.transact_mut();
            let bodies =
                snapshot.iter().map(|snapshot| &snapshot.body).chain(rows.iter().map(|(_, _, body)| body));
            for body in bodies {
                if let Ok(update) = Update::decode_v1(body) {
                    let _ = txn.apply_update(update);
                }
            }
        }
        if rows.len() >= COMPACT_AFTER {
            let body = doc.transact().encode_state_as_update_v1(&yrs::StateVector::default());
            let compacted = DocSnapshot { at_ms: read_at, body };
            if let Err(error) = store.save_doc_snapshot(round_id, &compacted).await {
                tracing::warn!(%error, round = %round_id, "could not save a document snapshot");
            }
        }
        let seeds_anything =
            seeds.iter().any(|seed| !matches!(seed, Seed::Text { content, .. } if content.is_empty()));
        if snapshot.is_none() && rows.is_empty() && seeds_anything {
            let mut txn = doc.transact_mut();
            for seed in seeds {
                match seed {
                    Seed::Text { name, content } if !content.is_empty() => {
                        let text = txn.get_or_insert_text(*name);
                        text.insert(&mut txn, 0, content);
                    }
                    Seed::Text { .. } => {}
                    Seed::Texts { map, keys } => {
                        let map = txn.get_or_insert_map(*map);
                        for key in *keys {
                            map.insert(&mut txn, *key, yrs::TextPrelim::new(""));
                        }
                    }
                }
            }
            let seed = txn.encode_update_v1();
            drop(txn);
            store
                .append_doc_update(&new_update_id(), round_id, now_ms(), &seed)
                .await
                .map_err(|e| e.to_string())?;
        }
        let live = Arc::new(LiveDoc {
            round_id: round_id.to_owned(),
            awareness: std::sync::Mutex::new(Awareness::new(doc)),
            outboxes: std::sync::Mutex::new(Vec::new()),
            store: store.clone(),
            writer: self.writer.clone(),
            bus: self.bus.clone(),
            since_snapshot: Default::default(),
            read_log_at: read_at.into(),
        });
        docs.retain(|_, weak| weak.strong_count() > 0);
        docs.insert(round_id.to_owned(), Arc::downgrade(&live));
        Ok(live)
    }

    /// The round's document if this instance holds it.
    pub async fn loaded(&self, round_id: &str) -> Option<Arc<LiveDoc>> {
        self.docs.lock().await.get(round_id).and_then(Weak::upgrade)
    }

    /// After missed notifications: every held document reads the updates it may lack.
    pub async fn catch_up_all(&self) {
        let held: Vec<Arc<LiveDoc>> = self.docs.lock().await.values().filter_map(Weak::upgrade).collect();
        for doc in held {
            doc.catch_up().await;
        }
    }
}

/// What handling one incoming frame produced.
#[derive(Default)]
struct Handled {
    replies: Vec<Vec<u8>>,
    relays: Vec<Frame>,
    /// The frame's document updates, to store.
    updates: Vec<Vec<u8>>,
    /// The frame's awareness messages, for the other instances.
    awareness: Vec<Frame>,
    /// Awareness client ids the frame spoke for.
    clients: Vec<yrs::block::ClientID>,
}

impl LiveDoc {
    /// The code as it stands, for runs and replay.
    pub fn code(&self) -> String {
        let Ok(awareness) = self.awareness.lock() else { return String::new() };
        let doc = awareness.doc();
        let text = doc.get_or_insert_text(CODE_TEXT);
        let txn = doc.transact();
        text.get_string(&txn)
    }

    /// Opens a connection's outbox: from now on it receives what the others change.
    fn open_outbox(&self, connection: u64) -> Option<mpsc::Receiver<Frame>> {
        let (frames, receiver) = mpsc::channel(OUTBOX);
        self.outboxes.lock().ok()?.push(Outbox { connection, frames });
        Some(receiver)
    }

    fn close_outbox(&self, connection: u64) {
        if let Ok(mut outboxes) = self.outboxes.lock() {
            outboxes.retain(|outbox| outbox.connection != connection);
        }
    }

    /// Puts a frame in the outbox of every connection but its sender's. A connection whose
    /// outbox is full has fallen behind: its outbox is dropped, which ends its session once the
    /// frames already waiting are written.
    fn relay(&self, from: u64, frame: Frame) {
        let Ok(mut outboxes) = self.outboxes.lock() else { return };
        outboxes.retain(|outbox| outbox.connection == from || outbox.frames.try_send(frame.clone()).is_ok());
    }

    /// The server's opening messages, one per frame: y-websocket clients read one message a frame.
    fn start_messages(&self) -> Result<Vec<Vec<u8>>, String> {
        let awareness = self.awareness.lock().map_err(|_| "document lock poisoned".to_owned())?;
        let state_vector = awareness.doc().transact().state_vector();
        let present = awareness.update().map_err(|e| e.to_string())?;
        Ok(vec![
            encode(&Message::Sync(SyncMessage::SyncStep1(state_vector))),
            encode(&Message::Awareness(present)),
        ])
    }

    /// Forgets the awareness states (cursors, names) a closed connection announced, and tells
    /// everyone else, so no ghost cursor stays behind.
    fn forget(&self, connection: u64, clients: &std::collections::HashSet<yrs::block::ClientID>) {
        if clients.is_empty() {
            return;
        }
        let Ok(mut awareness) = self.awareness.lock() else { return };
        for client in clients {
            awareness.remove_state(*client);
        }
        if let Ok(update) = awareness.update_with_clients(clients.iter().copied()) {
            let message = encode(&Message::Awareness(update));
            if let Some(note) = Bus::awareness_note(&self.round_id, &message) {
                let bus = self.bus.clone();
                tokio::spawn(async move { bus.publish(note).await });
            }
            self.relay(connection, message.into());
        }
    }

    /// A change another instance stored and announced: applied here and shown to this
    /// instance's connections.
    pub fn apply_remote_update(&self, update: &[u8]) {
        self.receive_remote(&encode(&Message::Sync(SyncMessage::Update(update.to_vec()))));
    }

    /// Cursors and names from another instance's connections.
    pub fn apply_remote_awareness(&self, message: &[u8]) {
        self.receive_remote(message);
    }

    fn receive_remote(&self, frame: &[u8]) {
        match self.handle(frame) {
            Ok(handled) => {
                for bytes in handled.relays {
                    self.relay(FROM_ANOTHER_INSTANCE, bytes);
                }
            }
            Err(error) => {
                tracing::warn!(%error, round = %self.round_id, "ignored a change from another instance")
            }
        }
    }

    /// Reads the updates stored since this instance last read the log and shows whatever was
    /// new to its connections as one update.
    pub async fn catch_up(&self) {
        let started = now_ms();
        let since = self.read_log_at.load(std::sync::atomic::Ordering::Relaxed) - SNAPSHOT_OVERLAP_MS;
        let rows = match self.store.doc_updates_since(&self.round_id, since).await {
            Ok(rows) => rows,
            Err(error) => {
                tracing::warn!(%error, round = %self.round_id, "could not catch up a document");
                return;
            }
        };
        let missed = {
            let Ok(awareness) = self.awareness.lock() else { return };
            let mut txn = awareness.doc().transact_mut();
            let before = txn.state_vector();
            for (_, _, body) in &rows {
                if let Ok(update) = Update::decode_v1(body) {
                    let _ = txn.apply_update(update);
                }
            }
            (txn.state_vector() != before).then(|| txn.encode_state_as_update_v1(&before))
        };
        self.read_log_at.store(started, std::sync::atomic::Ordering::Relaxed);
        if let Some(update) = missed {
            let bytes = encode(&Message::Sync(SyncMessage::Update(update)));
            self.relay(FROM_ANOTHER_INSTANCE, bytes.into());
        }
    }

    /// Writes the merged document as the round's snapshot (with the writer's next batch), so the
    /// next load reads one row plus the updates since. Should that fail, the next change tries
    /// again: the document may hold a change that only a snapshot can still store.
    async fn compact(self: &Arc<Self>) {
        let at_ms = now_ms();
        let body = {
            let Ok(awareness) = self.awareness.lock() else { return };
            let txn = awareness.doc().transact();
            txn.encode_state_as_update_v1(&yrs::StateVector::default())
        };
        let doc = Arc::clone(self);
        let then: Then = Box::new(move |stored| {
            if stored.is_err() {
                doc.since_snapshot.store(COMPACT_AFTER, std::sync::atomic::Ordering::Relaxed);
            }
        });
        self.writer.save_snapshot(&self.round_id, DocSnapshot { at_ms, body }, then).await;
    }

    fn handle(&self, frame: &[u8]) -> Result<Handled, String> {
        match lone_update(frame) {
            Some(update) => self.handle_lone_update(frame, update),
            None => self.handle_messages(frame),
        }
    }

    /// A frame holding one update: applied, and relayed as it came.
    fn handle_lone_update(&self, frame: &[u8], update: &[u8]) -> Result<Handled, String> {
        let decoded = Update::decode_v1(update).map_err(|e| e.to_string())?;
        let awareness = self.awareness.lock().map_err(|_| "document lock poisoned".to_owned())?;
        awareness.doc().transact_mut().apply_update(decoded).map_err(|e| e.to_string())?;
        drop(awareness);
        Ok(Handled { relays: vec![frame.into()], updates: vec![update.to_vec()], ..Handled::default() })
    }

    /// Any other frame, message by message: sync steps are answered, updates and awareness
    /// relayed (a frame of one such message as it came, else each re-encoded on its own).
    fn handle_messages(&self, frame: &[u8]) -> Result<Handled, String> {
        let mut decoder = DecoderV1::new(Cursor::new(frame));
        let messages: Vec<Message> =
            MessageReader::new(&mut decoder).collect::<Result<_, _>>().map_err(|e| e.to_string())?;
        let alone = messages.len() == 1;
        let relayed = |message: &Message| -> Frame {
            if alone {
                frame.into()
            } else {
                encode(message).into()
            }
        };
        let mut awareness = self.awareness.lock().map_err(|_| "document lock poisoned".to_owned())?;
        let mut handled = Handled::default();
        for message in messages {
            match &message {
                Message::Sync(SyncMessage::Update(update)) => {
                    handled.updates.push(update.clone());
                    handled.relays.push(relayed(&message));
                }
                // A client's answer to the server's step 1 is news to the other clients.
                Message::Sync(SyncMessage::SyncStep2(update)) => {
                    handled.updates.push(update.clone());
                    handled.relays.push(encode(&Message::Sync(SyncMessage::Update(update.clone()))).into());
                }
                Message::Awareness(update) => {
                    handled.clients.extend(update.clients.keys().copied());
                    let bytes = relayed(&message);
                    handled.relays.push(bytes.clone());
                    handled.awareness.push(bytes);
                }
                _ => {}
            }
            if let Some(reply) =
                DefaultProtocol.handle_message(&mut awareness, message).map_err(|e| e.to_string())?
            {
                handled.replies.push(encode(&reply));
            }
        }
        Ok(handled)
    }

    /// Relays a frame's changes to the other connections at once and queues its updates for the
    /// writer, returning once they are queued. Every Yjs client keeps each change it made or
    /// received and offers what the server lacks when it reconnects (its sync step 2), so a
    /// change seen before its commit is not lost if the server stops before it: its author and
    /// everyone it reached hold it. Waiting for the commit would only make everyone wait for the
    /// disk and for the one writer. Other instances are told once the commit is done, since they
    /// read large changes from the log.
    async fn absorb(self: &Arc<Self>, connection: u64, frame: &[u8]) -> Result<Handled, String> {
        let mut handled = self.handle(frame)?;
        for bytes in handled.relays.drain(..) {
            self.relay(connection, bytes);
        }
        // Only a PostgreSQL store has other instances to tell.
        let shared = self.bus.is_shared();
        let mut notes = Vec::new();
        let mut updates = Vec::with_capacity(handled.updates.len());
        for body in handled.updates.drain(..) {
            // An empty update (two zero bytes) changes nothing.
            if body.len() > 2 {
                let id = new_update_id();
                if shared {
                    notes.push(Bus::doc_update_note(&self.round_id, &id, &body));
                }
                updates.push(NewDocUpdate { id, round_id: self.round_id.clone(), at_ms: now_ms(), body });
            }
        }
        if shared {
            notes.extend(
                handled
                    .awareness
                    .drain(..)
                    .filter_map(|message| Bus::awareness_note(&self.round_id, &message)),
            );
        }
        if updates.is_empty() {
            self.announce(notes);
            return Ok(handled);
        }
        let absorbed = updates.len();
        let doc = Arc::clone(self);
        let then = Box::new(move |stored: Result<(), &str>| match stored {
            Ok(()) => doc.announce(notes),
            Err(error) => {
                // The change is in the document here, so a client reconnecting would not offer it
                // again: a snapshot of the whole document stores it instead (now, and should that
                // fail as well, with the next change). Ending the connection shows the sender that
                // something went wrong.
                tracing::warn!(%error, round = %doc.round_id, "dropped a workspace connection whose change was not stored");
                doc.close_outbox(connection);
                let doc = Arc::clone(&doc);
                tokio::spawn(async move { doc.compact().await });
            }
        });
        self.writer.append(updates, then).await?;
        let since = self.since_snapshot.fetch_add(absorbed, std::sync::atomic::Ordering::Relaxed) + absorbed;
        if since >= COMPACT_AFTER {
            self.since_snapshot.store(0, std::sync::atomic::Ordering::Relaxed);
            self.compact().await;
        }
        Ok(handled)
    }

    /// Announces changes to the other instances, in the background: the writer runs this once a
    /// commit is done, and must not wait.
    fn announce(&self, notes: Vec<super::bus::Note>) {
        if !notes.is_empty() {
            let bus = self.bus.clone();
            tokio::spawn(async move {
                for note in notes {
                    bus.publish(note).await;
                }
            });
        }
    }
}

/// The update of a frame that holds one update message and nothing else, as each change a Yjs
/// client makes arrives.
fn lone_update(frame: &[u8]) -> Option<&[u8]> {
    let mut cursor = Cursor::new(frame);
    if cursor.read_var::<u8>().ok()? != MSG_SYNC || cursor.read_var::<u8>().ok()? != MSG_SYNC_UPDATE {
        return None;
    }
    let length = cursor.read_buf().ok()?.len();
    (cursor.next == frame.len()).then(|| &frame[frame.len() - length..])
}
