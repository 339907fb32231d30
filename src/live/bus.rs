//! Several instances, one room. With PostgreSQL, any number of `mockloop serve` processes behind
//! a load balancer can serve the same round: each change is stored first, then announced on one
//! LISTEN/NOTIFY channel, and every other instance that holds the room applies it and tells its
//! own connections. No sticky sessions are needed.
//!
//! A notification is small: a room event is announced by its round (the listener reads what it
//! lacks from the event log), a workspace update travels inline when it fits the payload limit
//! and by reference to its stored row otherwise. Notifications sent while a listener was
//! reconnecting are lost, so after a reconnect every held room and document catches up from the
//! log; Yjs updates are idempotent and commutative, so applying one twice is harmless.
//!
//! Presence is per instance: each announces who is connected to it, and answers a peer that has
//! just loaded a room. Instances send a heartbeat; a peer that falls silent (a crash) has its
//! people dropped from every room after `PEER_TIMEOUT`.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use sqlx::postgres::PgListener;

use super::doc::DocHub;
use super::{Presence, RoomHub};
use crate::secrets;
use crate::store::Store;

/// The one channel every instance listens on.
pub const CHANNEL: &str = "mockloop_live";
/// NOTIFY payloads are limited to 8,000 bytes; larger updates are passed by reference.
const INLINE_LIMIT: usize = 6_000;
const HEARTBEAT: Duration = Duration::from_secs(5);
const PEER_TIMEOUT: Duration = Duration::from_secs(15);

/// What one instance tells the others.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Note {
    /// The round's event log grew.
    RoomEvent {
        round: String,
    },
    /// A workspace update was stored: inline (base64) when small, else read by id.
    DocUpdate {
        round: String,
        id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        body: Option<String>,
    },
    /// Cursors and names of the workspace's clients (not stored).
    Awareness {
        round: String,
        body: String,
    },
    /// Who is connected to the sending instance.
    Presence {
        round: String,
        people: Vec<Presence>,
    },
    /// A peer has just loaded the room and asks who is where.
    PresenceQuery {
        round: String,
    },
    Alive,
    Gone,
}

#[derive(Debug, Serialize, Deserialize)]
struct Envelope {
    from: String,
    #[serde(flatten)]
    note: Note,
}

/// This instance's side of the channel.
#[derive(Debug)]
pub struct Bus {
    instance: String,
    store: Store,
    /// When each peer was last heard from.
    peers: std::sync::Mutex<HashMap<String, Instant>>,
}

impl Bus {
    pub fn new(store: Store) -> Self {
        Self { instance: secrets::new_id().to_string(), store, peers: std::sync::Mutex::new(HashMap::new()) }
    }

    /// Whether there may be other instances to tell (only a PostgreSQL store is shared).
    pub fn is_shared(&self) -> bool {
        matches!(self.store, Store::Postgres(_))
    }

    /// Announces a change; a lost announcement costs peers only latency (they catch up from the
    /// log on their next reconnect or load), so failures are logged rather than returned.
    pub async fn publish(&self, note: Note) {
        if !self.is_shared() {
            return;
        }
        let envelope = Envelope { from: self.instance.clone(), note };
        let Ok(payload) = serde_json::to_string(&envelope) else { return };
        if let Err(error) = self.store.notify(CHANNEL, &payload).await {
            tracing::warn!(%error, "could not notify the other instances");
        }
    }

    /// The note for a stored workspace update, inline when it fits.
    pub fn doc_update_note(round: &str, id: &str, update: &[u8]) -> Note {
        let body = (update.len() * 4 / 3 < INLINE_LIMIT).then(|| STANDARD.encode(update));
        Note::DocUpdate { round: round.to_owned(), id: id.to_owned(), body }
    }

    /// The note for an awareness message, or none when it is too large to send (cursors are
    /// ephemeral: the next one will do).
    pub fn awareness_note(round: &str, message: &[u8]) -> Option<Note> {
        (message.len() * 4 / 3 < INLINE_LIMIT)
            .then(|| Note::Awareness { round: round.to_owned(), body: STANDARD.encode(message) })
    }

    pub fn is_alive(&self, instance: &str) -> bool {
        self.peers
            .lock()
            .map(|peers| peers.get(instance).is_some_and(|seen| seen.elapsed() < PEER_TIMEOUT))
            .unwrap_or(false)
    }

    fn heard_from(&self, instance: &str, gone: bool) {
        if let Ok(mut peers) = self.peers.lock() {
            if gone {
                peers.remove(instance);
            } else {
                peers.insert(instance.to_owned(), Instant::now());
            }
        }
    }
}

/// Listens for the other instances until the returned task is aborted. The subscription is in
/// place when this returns, so nothing published after it is missed.
pub async fn listen(
    bus: Arc<Bus>,
    rooms: Arc<RoomHub>,
    docs: Arc<DocHub>,
) -> Result<Vec<tokio::task::JoinHandle<()>>, sqlx::Error> {
    let Store::Postgres(pool) = &bus.store else { return Ok(Vec::new()) };
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(CHANNEL).await?;
    let heartbeat = tokio::spawn({
        let (bus, rooms) = (bus.clone(), rooms.clone());
        async move {
            let mut tick = tokio::time::interval(HEARTBEAT);
            loop {
                tick.tick().await;
                if bus.store.is_closed() {
                    return;
                }
                bus.publish(Note::Alive).await;
                rooms.drop_silent_peers(&bus).await;
            }
        }
    });
    let receiver = tokio::spawn(async move {
        loop {
            match listener.try_recv().await {
                Ok(Some(notification)) => receive(&bus, &rooms, &docs, notification.payload()).await,
                Ok(None) => {
                    tracing::warn!("the notification listener reconnected; catching up from the log");
                    rooms.catch_up_all().await;
                    docs.catch_up_all().await;
                }
                // The pool is closing (shutdown): let go of the listener's connection, or
                // closing the pool waits for it forever.
                Err(sqlx::Error::PoolClosed) => return,
                Err(error) => {
                    tracing::warn!(%error, "the notification listener failed; retrying");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
        }
    });
    Ok(vec![heartbeat, receiver])
}

async fn receive(bus: &Bus, rooms: &RoomHub, docs: &DocHub, payload: &str) {
    let Ok(Envelope { from, note }) = serde_json::from_str::<Envelope>(payload) else {
        tracing::warn!("ignored a notification that is not understood");
        return;
    };
    if from == bus.instance {
        return;
    }
    bus.heard_from(&from, note == Note::Gone);
    match note {
        Note::RoomEvent { round } => {
            if let Some(room) = rooms.loaded(&round).await {
                room.catch_up().await;
            }
        }
        Note::DocUpdate { round, id, body } => {
            let Some(doc) = docs.loaded(&round).await else { return };
            let update = match body {
                Some(body) => STANDARD.decode(body).ok(),
                None => bus.store.doc_update(&round, &id).await.ok().flatten(),
            };
            match update {
                Some(update) => doc.apply_remote_update(&update),
                None => doc.catch_up().await,
            }
        }
        Note::Awareness { round, body } => {
            if let (Some(doc), Ok(message)) = (docs.loaded(&round).await, STANDARD.decode(body)) {
                doc.apply_remote_awareness(&message);
            }
        }
        Note::Presence { round, people } => {
            if let Some(room) = rooms.loaded(&round).await {
                room.set_remote_presence(&from, people);
            }
        }
        Note::PresenceQuery { round } => {
            if let Some(room) = rooms.loaded(&round).await {
                room.announce_presence().await;
            }
        }
        Note::Alive => {}
        Note::Gone => rooms.drop_silent_peers(bus).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_updates_travel_inline_and_large_ones_by_reference() {
        let Note::DocUpdate { body: Some(body), .. } = Bus::doc_update_note("r", "u", &[1, 2, 3]) else {
            panic!("a small update travels inline")
        };
        assert_eq!(STANDARD.decode(body).ok(), Some(vec![1, 2, 3]));
        let large = vec![7_u8; 10_000];
        assert!(matches!(Bus::doc_update_note("r", "u", &large), Note::DocUpdate { body: None, .. }));
        assert!(Bus::awareness_note("r", &large).is_none());
    }

    #[test]
    fn every_note_fits_a_notification_payload() {
        let update = vec![0xff_u8; INLINE_LIMIT * 3 / 4 - 1];
        let envelope = Envelope {
            from: "x".repeat(26),
            note: Bus::doc_update_note(&"r".repeat(26), &"i".repeat(26), &update),
        };
        let payload = serde_json::to_string(&envelope).unwrap_or_default();
        assert!(payload.len() < 8_000, "{} bytes", payload.len());
        let back: Envelope =
            serde_json::from_str(&payload).unwrap_or(Envelope { from: String::new(), note: Note::Alive });
        assert_eq!(back.note, envelope.note);
    }
}
