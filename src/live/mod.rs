//! Live rooms: one in-memory room per round being conducted, fed by its stored events, shared by
//! every connection to it, and transport-independent: a session reads client messages from any
//! `Stream` and writes server messages to any `Sink`, so it is tested with channels, and the HTTP
//! layer only authorises and upgrades.
//!
//! Nothing interviewer-only travels over a room connection: the brief and private notes are
//! served over HTTP to the interviewer and shadow alone. Every message a session sends is the same
//! for all roles except its `you` part.

use std::collections::HashMap;
use std::sync::{Arc, Weak};
use std::time::Duration;

use futures_util::{Sink, SinkExt, Stream, StreamExt};
use mockloop_core::access::RoundRole;
use mockloop_core::bank::Question;
use mockloop_core::room::{Command, Event, Millis, Room, TimeCheck};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio::sync::{broadcast, Mutex};

use crate::store::Store;

pub mod bus;
pub mod doc;
pub mod writer;

use bus::{Bus, Note};

/// Milliseconds since the epoch, the room's clock.
pub fn now_ms() -> Millis {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as Millis)
        .unwrap_or(0)
}

/// Who is connected, as everyone in the room sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Presence {
    pub user_id: String,
    pub name: String,
    pub role: String,
}

#[derive(Clone, Debug)]
enum Signal {
    Changed,
    Check(TimeCheck),
    /// A code run's result, shown to everyone in the room.
    Run(Arc<serde_json::Value>),
}

struct Core {
    room: Room,
    next_seq: i64,
}

/// One round's live state, shared by its connections.
pub struct LiveRoom {
    round_id: String,
    question: Arc<Question>,
    core: Mutex<Core>,
    presence: std::sync::Mutex<Vec<(u64, Presence)>>,
    /// Who is connected to the other instances serving this room, by instance.
    remote_presence: std::sync::Mutex<HashMap<String, Vec<Presence>>>,
    signals: broadcast::Sender<Signal>,
    store: Store,
    bus: Arc<Bus>,
}

impl std::fmt::Debug for LiveRoom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveRoom").field("round_id", &self.round_id).finish_non_exhaustive()
    }
}

/// Every live room of this server, loaded on first use and dropped when the last connection goes.
#[derive(Debug)]
pub struct RoomHub {
    rooms: Mutex<HashMap<String, Weak<LiveRoom>>>,
    next_connection: std::sync::atomic::AtomicU64,
    bus: Arc<Bus>,
}

#[derive(Debug, thiserror::Error)]
pub enum LiveError {
    #[error("could not load the room: {0}")]
    Load(String),
}

impl RoomHub {
    pub fn new(bus: Arc<Bus>) -> Self {
        Self { rooms: Mutex::new(HashMap::new()), next_connection: Default::default(), bus }
    }

    /// The live room of a round, rebuilt from its stored events when not already in memory.
    pub async fn room(
        &self,
        store: &Store,
        round_id: &str,
        question: Arc<Question>,
        has_interviewer: bool,
    ) -> Result<Arc<LiveRoom>, LiveError> {
        let mut rooms = self.rooms.lock().await;
        if let Some(room) = rooms.get(round_id).and_then(Weak::upgrade) {
            return Ok(room);
        }
        let rows = store.room_events(round_id).await.map_err(|e| LiveError::Load(e.to_string()))?;
        let events: Vec<Event> =
            rows.iter().filter_map(|row| serde_json::from_str(&row.command_json).ok()).collect();
        let next_seq = rows.last().map_or(0, |row| row.seq + 1);
        let room = Room::new(&question.phases, question.hints.len(), has_interviewer).replay(&events);
        let (signals, _) = broadcast::channel(64);
        let live = Arc::new(LiveRoom {
            round_id: round_id.to_owned(),
            question,
            core: Mutex::new(Core { room, next_seq }),
            presence: std::sync::Mutex::new(Vec::new()),
            remote_presence: std::sync::Mutex::new(HashMap::new()),
            signals,
            store: store.clone(),
            bus: self.bus.clone(),
        });
        rooms.retain(|_, weak| weak.strong_count() > 0);
        rooms.insert(round_id.to_owned(), Arc::downgrade(&live));
        drop(rooms);
        tokio::spawn(tick(Arc::downgrade(&live)));
        self.bus.publish(Note::PresenceQuery { round: round_id.to_owned() }).await;
        Ok(live)
    }

    /// The round's room if this instance holds it.
    pub async fn loaded(&self, round_id: &str) -> Option<Arc<LiveRoom>> {
        self.rooms.lock().await.get(round_id).and_then(Weak::upgrade)
    }

    async fn all_loaded(&self) -> Vec<Arc<LiveRoom>> {
        self.rooms.lock().await.values().filter_map(Weak::upgrade).collect()
    }

    /// After missed notifications: every held room reads what it lacks and re-announces its people.
    pub async fn catch_up_all(&self) {
        for room in self.all_loaded().await {
            room.catch_up().await;
            room.announce_presence().await;
            self.bus.publish(Note::PresenceQuery { round: room.round_id.clone() }).await;
        }
    }

    /// Forgets the people of instances that stopped or fell silent.
    pub async fn drop_silent_peers(&self, bus: &Bus) {
        for room in self.all_loaded().await {
            let dropped = room
                .remote_presence
                .lock()
                .map(|mut remote| {
                    let before = remote.len();
                    remote.retain(|instance, _| bus.is_alive(instance));
                    remote.len() != before
                })
                .unwrap_or(false);
            if dropped {
                let _ = room.signals.send(Signal::Changed);
            }
        }
    }

    pub fn connection_id(&self) -> u64 {
        self.next_connection.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    }
}

/// Announces time checks as the clock crosses them, for as long as the room lives.
async fn tick(room: Weak<LiveRoom>) {
    let mut last = now_ms();
    let mut interval = tokio::time::interval(Duration::from_millis(500));
    loop {
        interval.tick().await;
        let Some(room) = room.upgrade() else { return };
        let now = now_ms();
        let (checks, phase_changed) = {
            let core = room.core.lock().await;
            let timer = &core.room.timer;
            let phase = |at| timer.phase_at(timer.elapsed_ms(at)).map(|(index, _)| index);
            (timer.checks_between(last, now), phase(last) != phase(now))
        };
        for check in checks {
            let _ = room.signals.send(Signal::Check(check));
        }
        if phase_changed {
            let _ = room.signals.send(Signal::Changed);
        }
        last = now;
    }
}

/// A message from a client.
#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientMessage {
    Command(Command),
    Ping,
}

/// The participant a session serves.
#[derive(Clone, Debug)]
pub struct Participant {
    pub user_id: String,
    pub name: String,
    pub role: RoundRole,
}

impl LiveRoom {
    /// Applies a command: stored first, then shown to everyone, so a change a participant saw
    /// happen survives a crash.
    pub async fn command(&self, who: &Participant, command: Command) -> Result<(), String> {
        let mut core = self.core.lock().await;
        let mut retried = false;
        loop {
            let mut next = core.room.clone();
            let event = next.apply(who.role, command.clone(), now_ms()).map_err(|e| e.to_string())?;
            let json = serde_json::to_string(&event).map_err(|e| e.to_string())?;
            match self
                .store
                .append_room_event(&self.round_id, core.next_seq, event.at, &who.user_id, &json)
                .await
            {
                Ok(()) => {
                    core.room = next;
                    core.next_seq += 1;
                    break;
                }
                // Another instance may have taken this position first: learn what it did and
                // apply the command to the room as it now is.
                Err(error) if !retried => {
                    tracing::debug!(%error, round = %self.round_id, "room event position taken; catching up");
                    retried = true;
                    self.catch_up_locked(&mut core).await;
                }
                Err(error) => {
                    tracing::error!(%error, round = %self.round_id, "could not store a room event");
                    return Err("The change could not be saved; try again.".to_owned());
                }
            }
        }
        drop(core);
        let _ = self.signals.send(Signal::Changed);
        self.bus.publish(Note::RoomEvent { round: self.round_id.clone() }).await;
        Ok(())
    }

    /// Applies the events other instances stored since this one last looked.
    pub async fn catch_up(&self) {
        let mut core = self.core.lock().await;
        if self.catch_up_locked(&mut core).await {
            drop(core);
            let _ = self.signals.send(Signal::Changed);
        }
    }

    async fn catch_up_locked(&self, core: &mut Core) -> bool {
        let rows = match self.store.room_events_from(&self.round_id, core.next_seq).await {
            Ok(rows) => rows,
            Err(error) => {
                tracing::warn!(%error, round = %self.round_id, "could not catch up a room");
                return false;
            }
        };
        for row in &rows {
            if let Ok(event) = serde_json::from_str::<Event>(&row.command_json) {
                core.room.follow(&event);
            } else if let Ok(entry) = serde_json::from_str::<serde_json::Value>(&row.command_json) {
                if let Some(run) = entry.get("run") {
                    let _ = self.signals.send(Signal::Run(Arc::new(run.clone())));
                }
            }
            core.next_seq = row.seq + 1;
        }
        !rows.is_empty()
    }

    /// Tells the other instances who is connected here.
    pub async fn announce_presence(&self) {
        let people = self.local_presence();
        self.bus.publish(Note::Presence { round: self.round_id.clone(), people }).await;
    }

    pub fn set_remote_presence(&self, instance: &str, people: Vec<Presence>) {
        if let Ok(mut remote) = self.remote_presence.lock() {
            if people.is_empty() {
                remote.remove(instance);
            } else {
                remote.insert(instance.to_owned(), people);
            }
        }
        let _ = self.signals.send(Signal::Changed);
    }

    fn local_presence(&self) -> Vec<Presence> {
        self.presence.lock().map(|p| p.iter().map(|(_, entry)| entry.clone()).collect()).unwrap_or_default()
    }

    /// The state message for one participant.
    pub async fn state_message(&self, who: &Participant) -> serde_json::Value {
        let core = self.core.lock().await;
        let now = now_ms();
        let started = !matches!(core.room.timer.state, mockloop_core::room::timer::TimerState::NotStarted);
        let hints: Vec<serde_json::Value> = core
            .room
            .revealed
            .iter()
            .filter_map(|&index| {
                self.question.hints.get(index).map(|text| json!({"number": index + 1, "text": text}))
            })
            .collect();
        let mut presence = self.local_presence();
        if let Ok(remote) = self.remote_presence.lock() {
            for (instance, people) in remote.iter() {
                if self.bus.is_alive(instance) {
                    presence.extend(people.iter().cloned());
                }
            }
        }
        // Practising alone, mockloop plays the interviewer: from the second phase on, each phase
        // opens with one of the question's probing questions.
        let solo_probes: Vec<&String> = if core.room.has_interviewer {
            Vec::new()
        } else {
            let view = core.room.timer.view(now);
            let reached = if view.status == "not_started" { 0 } else { view.phase_index };
            self.question.probes.iter().take(reached).collect()
        };
        let mut message = json!({
            "type": "state",
            "timer": core.room.timer.view(now),
            "hints": hints,
            "hint_count": core.room.hint_count,
            "ended": core.room.ended,
            "prompt": started.then(|| self.question.candidate_view()),
            "presence": presence,
            "you": {"role": who.role.as_str(), "may_command": core.room.may_command(who.role)},
        });
        // Only a solo round has mockloop's probes; a paired round's messages carry no probe field.
        if !core.room.has_interviewer {
            message["probes"] = json!(solo_probes);
        }
        message
    }

    /// Records a code run in the room's log (for the replay) and shows it to everyone in the room.
    /// Stored beside the commands, a run is skipped when the room's state is rebuilt.
    pub async fn record_run(&self, who: &Participant, run: serde_json::Value) -> Result<(), String> {
        let mut core = self.core.lock().await;
        let at = now_ms();
        let entry = json!({"at": at, "run": run});
        self.store
            .append_room_event(&self.round_id, core.next_seq, at, &who.user_id, &entry.to_string())
            .await
            .map_err(|e| e.to_string())?;
        core.next_seq += 1;
        drop(core);
        let _ = self.signals.send(Signal::Run(Arc::new(run)));
        self.bus.publish(Note::RoomEvent { round: self.round_id.clone() }).await;
        Ok(())
    }

    /// Round time on the timer now, for stamping notes.
    pub async fn elapsed_ms(&self) -> Millis {
        self.core.lock().await.room.timer.elapsed_ms(now_ms())
    }

    async fn join(&self, connection: u64, who: &Participant) {
        if let Ok(mut presence) = self.presence.lock() {
            presence.push((
                connection,
                Presence {
                    user_id: who.user_id.clone(),
                    name: who.name.clone(),
                    role: who.role.as_str().to_owned(),
                },
            ));
        }
        let _ = self.signals.send(Signal::Changed);
        self.announce_presence().await;
    }

    async fn leave(&self, connection: u64) {
        if let Ok(mut presence) = self.presence.lock() {
            presence.retain(|(id, _)| *id != connection);
        }
        let _ = self.signals.send(Signal::Changed);
        self.announce_presence().await;
    }
}

/// Serves one connection until the client goes away: sends the current state at once (late
/// joiners and reconnects see where the round is), then every change.
pub async fn session<I, O>(
    room: Arc<LiveRoom>,
    connection: u64,
    who: Participant,
    mut incoming: I,
    mut outgoing: O,
) where
    I: Stream<Item = String> + Unpin,
    O: Sink<String> + Unpin,
{
    let mut signals = room.signals.subscribe();
    room.join(connection, &who).await;
    if outgoing.send(room.state_message(&who).await.to_string()).await.is_err() {
        room.leave(connection).await;
        return;
    }
    loop {
        let reply = tokio::select! {
            message = incoming.next() => match message {
                None => break,
                Some(text) => match serde_json::from_str::<ClientMessage>(&text) {
                    Ok(ClientMessage::Command(command)) => room.command(&who, command).await.err().map(|message| json!({"type": "error", "message": message})),
                    Ok(ClientMessage::Ping) => Some(json!({"type": "pong", "server_now_ms": now_ms()})),
                    Err(_) => Some(json!({"type": "error", "message": "That message is not understood."})),
                },
            },
            signal = signals.recv() => match signal {
                Ok(Signal::Changed) | Err(broadcast::error::RecvError::Lagged(_)) => Some(room.state_message(&who).await),
                Ok(Signal::Check(check)) => Some(json!({"type": "time_check", "check": check})),
                Ok(Signal::Run(run)) => Some(json!({"type": "run", "run": *run})),
                Err(broadcast::error::RecvError::Closed) => break,
            },
        };
        if let Some(message) = reply {
            if outgoing.send(message.to_string()).await.is_err() {
                break;
            }
        }
    }
    room.leave(connection).await;
}
