//! Which journaled updates still wait to be filed under their round: kept in memory by the
//! writer, which wrote them, so filing reads nothing back from the journal. The journal on disk
//! stays the truth; after a failed transaction this is dropped and the journal filed whole.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use crate::store::rooms::NewDocUpdate;

/// One round's updates waiting to be filed, oldest first.
#[derive(Debug)]
struct Waiting {
    first_seq: i64,
    since: Instant,
    updates: Vec<NewDocUpdate>,
}

/// Journaled updates not yet filed, by round, and the order in which rounds began to wait.
#[derive(Debug, Default)]
pub struct Pending {
    rounds: HashMap<String, Waiting>,
    /// (first journal seq, round) per waiting round, oldest first. An entry whose round was filed
    /// since (or began waiting again) is stale and skipped.
    order: VecDeque<(i64, String)>,
    rows: usize,
}

impl Pending {
    /// An update journaled at `seq` (seqs only grow).
    pub fn add(&mut self, seq: i64, update: NewDocUpdate, now: Instant) {
        self.rows += 1;
        if let Some(waiting) = self.rounds.get_mut(&update.round_id) {
            waiting.updates.push(update);
            return;
        }
        self.order.push_back((seq, update.round_id.clone()));
        self.rounds
            .insert(update.round_id.clone(), Waiting { first_seq: seq, since: now, updates: vec![update] });
    }

    /// Takes the rounds that have waited `age` or longer, oldest first, while fewer than
    /// `max_rows` rows are taken: a round's updates are filed together, never split.
    pub fn take_due(&mut self, now: Instant, age: Duration, max_rows: usize) -> Vec<Vec<NewDocUpdate>> {
        let mut due = Vec::new();
        let mut taken = 0;
        while taken < max_rows {
            self.drop_stale_front();
            let Some((_, round)) = self.order.front() else { break };
            let waiting = &self.rounds[round];
            if now.duration_since(waiting.since) < age {
                break;
            }
            let Some((_, round)) = self.order.pop_front() else { break };
            if let Some(waiting) = self.rounds.remove(&round) {
                taken += waiting.updates.len();
                self.rows -= waiting.updates.len();
                due.push(waiting.updates);
            }
        }
        due
    }

    /// Whether a round has waited `age` or longer.
    pub fn any_due(&mut self, now: Instant, age: Duration) -> bool {
        self.drop_stale_front();
        self.order.front().is_some_and(|(_, round)| now.duration_since(self.rounds[round].since) >= age)
    }

    /// Every journal row with a seq below this is filed (given the next seq to be written).
    pub fn filed_below(&mut self, next_seq: i64) -> i64 {
        self.drop_stale_front();
        self.order.front().map_or(next_seq, |(first_seq, _)| *first_seq)
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn clear(&mut self) {
        *self = Self::default();
    }

    fn drop_stale_front(&mut self) {
        while let Some((seq, round)) = self.order.front() {
            if self.rounds.get(round).is_some_and(|waiting| waiting.first_seq == *seq) {
                return;
            }
            self.order.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn update(round: &str, id: &str) -> NewDocUpdate {
        NewDocUpdate { id: id.into(), round_id: round.into(), at_ms: 0, body: vec![1] }
    }

    fn ids(rounds: &[Vec<NewDocUpdate>]) -> Vec<Vec<&str>> {
        rounds.iter().map(|updates| updates.iter().map(|u| u.id.as_str()).collect()).collect()
    }

    #[test]
    fn rounds_are_filed_whole_oldest_first_once_they_have_waited() {
        let start = Instant::now();
        let second = Duration::from_secs(1);
        let mut pending = Pending::default();
        pending.add(1, update("a", "a1"), start);
        pending.add(2, update("b", "b1"), start);
        pending.add(3, update("a", "a2"), start + second);
        pending.add(4, update("c", "c1"), start + second);
        assert_eq!(pending.rows(), 4);

        assert!(pending.take_due(start + second / 2, second, 100).is_empty(), "nobody has waited a second");
        assert!(!pending.any_due(start + second / 2, second));
        assert!(pending.any_due(start + second, second));
        assert_eq!(pending.filed_below(5), 1);

        // Round a waited longest and goes whole, with the update it got later; b goes next.
        let due = pending.take_due(start + second, second, 100);
        assert_eq!(ids(&due), [vec!["a1", "a2"], vec!["b1"]]);
        assert_eq!(pending.filed_below(5), 4, "only c's row is still waiting");
        assert_eq!(pending.rows(), 1);

        // Round a begins waiting again behind c.
        pending.add(5, update("a", "a3"), start + 2 * second);
        assert_eq!(ids(&pending.take_due(start + 3 * second, second, 100)), [vec!["c1"], vec!["a3"]]);
        assert_eq!(pending.filed_below(6), 6, "everything is filed");
    }

    #[test]
    fn a_batch_stops_taking_rounds_at_its_row_limit_without_splitting_one() {
        let start = Instant::now();
        let mut pending = Pending::default();
        for (seq, id) in ["a1", "a2", "a3"].iter().enumerate() {
            pending.add(seq as i64, update("a", id), start);
        }
        pending.add(3, update("b", "b1"), start);
        let due = pending.take_due(start, Duration::ZERO, 2);
        assert_eq!(ids(&due), [vec!["a1", "a2", "a3"]]);
        assert_eq!(ids(&pending.take_due(start, Duration::ZERO, 2)), [vec!["b1"]]);
    }
}
