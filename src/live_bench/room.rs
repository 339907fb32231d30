//! One room's load: its clients take turns typing at the configured rate, and every keystroke is
//! timed from the moment it is sent until each other client's document holds it.
//!
//! A keystroke is known by its sender's clock: the sender notes its clock after typing, and a
//! receiver has the keystroke once it has received updates that reach that clock for the sender
//! without a gap (a server that relayed out of order would show keystrokes as lost).

use std::collections::VecDeque;
use std::time::Duration;

use futures_util::stream::select_all;
use futures_util::StreamExt;
use tokio::time::{Instant, MissedTickBehavior};
use tokio_tungstenite::tungstenite::Message as Frame;

use super::client::{Client, Reader};

/// When the room types and when its keystrokes count.
#[derive(Clone, Copy, Debug)]
pub struct Schedule {
    /// The first keystroke of the room is sent at `start + phase`.
    pub start: Instant,
    /// Keystrokes sent from here...
    pub measure_from: Instant,
    /// ...to here are measured; typing stops here.
    pub measure_until: Instant,
    /// Keystrokes still undelivered at this point count as lost.
    pub give_up_at: Instant,
    /// Time between two keystrokes in the room (all clients taking turns).
    pub interval: Duration,
}

/// What a room measured, to be added up over all rooms.
#[derive(Debug, Default)]
pub struct RoomOutcome {
    /// Delivery latency of every measured keystroke to every other client, in microseconds.
    pub samples: Vec<u32>,
    pub sent: u64,
    pub sent_bytes: u64,
    /// Measured keystroke deliveries that never happened (one per waiting receiver).
    pub lost: u64,
    /// Why the room stopped early, if it did.
    pub failure: Option<String>,
}

/// A keystroke on its way to the other clients.
#[derive(Debug)]
struct InFlight {
    clock: u32,
    sent_at: Instant,
    waiting: usize,
    measured: bool,
}

/// Runs a room's load until its keystrokes are delivered or the schedule gives up.
pub async fn run_room(
    mut clients: Vec<Client>,
    readers: Vec<Reader>,
    schedule: Schedule,
    phase: Duration,
) -> RoomOutcome {
    let count = clients.len();
    let mut ledger = Ledger {
        in_flight: (0..count).map(|_| VecDeque::new()).collect(),
        seen: vec![vec![0; count]; count],
        outcome: RoomOutcome::default(),
    };
    let mut incoming = select_all(
        readers.into_iter().enumerate().map(|(seat, reader)| reader.map(move |frame| (seat, frame))),
    );
    let mut ticker = tokio::time::interval_at(schedule.start + phase, schedule.interval);
    ticker.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let give_up = tokio::time::sleep_until(schedule.give_up_at);
    tokio::pin!(give_up);
    let ids: Vec<yrs::block::ClientID> = clients.iter().map(|client| client.id).collect();
    let mut typist = 0;
    let mut typing = true;
    let result: Result<(), String> = async {
        loop {
            tokio::select! {
                _ = ticker.tick(), if typing => {
                    let now = Instant::now();
                    if now >= schedule.measure_until {
                        typing = false;
                    } else {
                        let (clock, size) = clients[typist].type_keystroke().await?;
                        let measured = now >= schedule.measure_from;
                        ledger.sent(typist, InFlight { clock, sent_at: now, waiting: count - 1, measured }, size);
                        typist = (typist + 1) % count;
                    }
                }
                frame = incoming.next() => match frame {
                    Some((seat, Ok(Frame::Binary(bytes)))) => {
                        let client = &mut clients[seat];
                        let absorbed = client.absorb(&bytes)?;
                        client.send_all(absorbed.replies).await?;
                        let held: Vec<u32> = ids.iter().map(|id| client.received_from(id)).collect();
                        ledger.received(seat, &held, Instant::now());
                    }
                    Some((_, Ok(_))) => {}
                    Some((seat, Err(error))) => return Err(format!("client {seat}: {error}")),
                    None => return Err("every socket closed".to_owned()),
                },
                () = &mut give_up => return Ok(()),
            }
            if !typing && ledger.all_delivered() {
                return Ok(());
            }
        }
    }
    .await;
    ledger.outcome.failure = result.err();
    ledger.outcome.lost =
        ledger.in_flight.iter().flatten().filter(|k| k.measured).map(|k| k.waiting as u64).sum();
    for client in clients {
        client.close().await;
    }
    ledger.outcome
}

/// The room's keystrokes in flight per sender, and how far each receiver has got with each sender.
struct Ledger {
    in_flight: Vec<VecDeque<InFlight>>,
    /// `seen[receiver][sender]`: the sender's clock the receiver's document had reached.
    seen: Vec<Vec<u32>>,
    outcome: RoomOutcome,
}

impl Ledger {
    fn sent(&mut self, sender: usize, keystroke: InFlight, size: usize) {
        if keystroke.measured {
            self.outcome.sent += 1;
            self.outcome.sent_bytes += size as u64;
        }
        if keystroke.waiting > 0 {
            self.in_flight[sender].push_back(keystroke);
        }
    }

    /// `held[sender]` is the receiver's state vector entry for each sender.
    fn received(&mut self, receiver: usize, held: &[u32], now: Instant) {
        for (sender, &clock) in held.iter().enumerate() {
            let before = self.seen[receiver][sender];
            if sender == receiver || clock <= before {
                continue;
            }
            self.seen[receiver][sender] = clock;
            let queue = &mut self.in_flight[sender];
            let first = queue.partition_point(|keystroke| keystroke.clock <= before);
            for keystroke in queue.range_mut(first..) {
                if keystroke.clock > clock {
                    break;
                }
                keystroke.waiting -= 1;
                if keystroke.measured {
                    let micros = now.duration_since(keystroke.sent_at).as_micros();
                    self.outcome.samples.push(u32::try_from(micros).unwrap_or(u32::MAX));
                }
            }
            while queue.front().is_some_and(|keystroke| keystroke.waiting == 0) {
                queue.pop_front();
            }
        }
    }

    fn all_delivered(&self) -> bool {
        self.in_flight.iter().all(VecDeque::is_empty)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ledger(clients: usize) -> Ledger {
        Ledger {
            in_flight: (0..clients).map(|_| VecDeque::new()).collect(),
            seen: vec![vec![0; clients]; clients],
            outcome: RoomOutcome::default(),
        }
    }

    fn keystroke(clock: u32, sent_at: Instant, measured: bool) -> InFlight {
        InFlight { clock, sent_at, waiting: 2, measured }
    }

    #[test]
    fn a_keystroke_counts_once_per_receiver_and_leaves_when_all_have_it() {
        let mut ledger = ledger(3);
        let sent_at = Instant::now();
        ledger.sent(0, keystroke(2, sent_at, false), 20);
        ledger.sent(0, keystroke(4, sent_at, true), 20);
        assert_eq!(
            (ledger.outcome.sent, ledger.outcome.sent_bytes),
            (1, 20),
            "only measured keystrokes count"
        );

        // Receiver 1 applies both keystrokes at once; receiver 2 only the first, then both again.
        ledger.received(1, &[4, 0, 0], sent_at + Duration::from_millis(3));
        ledger.received(2, &[2, 0, 0], sent_at + Duration::from_millis(5));
        assert_eq!(ledger.in_flight[0].len(), 1, "the first keystroke reached everyone");
        ledger.received(2, &[4, 0, 0], sent_at + Duration::from_millis(7));
        ledger.received(2, &[4, 0, 0], sent_at + Duration::from_millis(9));

        assert_eq!(ledger.outcome.samples, vec![3000, 7000]);
        assert!(ledger.all_delivered());
    }

    #[test]
    fn a_clients_own_clock_is_not_a_delivery() {
        let mut ledger = ledger(2);
        let sent_at = Instant::now();
        ledger.sent(0, InFlight { clock: 2, sent_at, waiting: 1, measured: true }, 20);
        ledger.received(0, &[2, 0], sent_at);
        assert!(ledger.outcome.samples.is_empty());
        assert!(!ledger.all_delivered());
    }
}
