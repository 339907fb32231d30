//! Group values computed once: in a small pool for the whole search, in a large one for the
//! windows around one seed (which share most of their people). A triple is scored only when each
//! two of its members could share one.

use super::super::score::{group_value, pair_outlook, Entrant, PairOutlook};

/// People remembered around one seed in a large pool (a small pool is remembered whole); windows
/// reaching further are scored directly. Small enough for the tables to stay in cache.
const AROUND_SEED: usize = 24;
const UNKNOWN: u32 = 0;

/// A cache of group values keyed by positions in `people` (or by person, in a small pool),
/// cleared per seed by bumping `generation` (entries stamped with an older one count as unknown).
pub(super) struct LocalScores<'a> {
    entrants: &'a [Entrant],
    whole_pool: bool,
    /// People the tables have room for: the pool's size or [`AROUND_SEED`].
    room: usize,
    generation: u32,
    people: Vec<usize>,
    pairs: Vec<(u32, PairOutlook)>,
    triples: Vec<(u32, Option<f64>)>,
}

impl<'a> LocalScores<'a> {
    pub(super) fn new(entrants: &'a [Entrant]) -> Self {
        let nobody = PairOutlook { pair: None, in_triple: false };
        let whole_pool = entrants.len() <= super::candidates::SMALL_POOL;
        let room = if whole_pool { entrants.len() } else { AROUND_SEED };
        Self {
            entrants,
            whole_pool,
            room,
            generation: UNKNOWN + 1,
            people: Vec::with_capacity(room),
            pairs: vec![(UNKNOWN, nobody); room * room],
            triples: vec![(UNKNOWN, None); room * room * room],
        }
    }

    /// Forgets everything: the next windows are around another seed.
    pub(super) fn clear(&mut self) {
        if self.whole_pool {
            return;
        }
        self.generation = self.generation.wrapping_add(1).max(1);
        self.people.clear();
    }

    /// The score of `group` (2 or 3 people), `None` when it is infeasible.
    pub(super) fn value(&mut self, group: &[usize]) -> Option<f64> {
        let mut local = [0usize; 3];
        for (slot, &person) in local.iter_mut().zip(group) {
            *slot = match self.position(person) {
                Some(position) => position,
                None => return group_value(self.entrants, group),
            };
        }
        match *group {
            [a, b] => self.outlook(local[0], local[1], a, b).pair,
            [_, _, _] if !self.may_share_triple(&local, group) => None,
            [_, _, _] => {
                local.sort_unstable();
                let key = (local[0] * self.room + local[1]) * self.room + local[2];
                if self.triples[key].0 != self.generation {
                    self.triples[key] = (self.generation, group_value(self.entrants, group));
                }
                self.triples[key].1
            }
            _ => None,
        }
    }

    fn may_share_triple(&mut self, local: &[usize; 3], group: &[usize]) -> bool {
        [(0, 1), (0, 2), (1, 2)]
            .iter()
            .all(|&(i, j)| self.outlook(local[i], local[j], group[i], group[j]).in_triple)
    }

    fn position(&mut self, person: usize) -> Option<usize> {
        if self.whole_pool {
            return Some(person);
        }
        if let Some(position) = self.people.iter().position(|&known| known == person) {
            return Some(position);
        }
        (self.people.len() < self.room).then(|| {
            self.people.push(person);
            self.people.len() - 1
        })
    }

    fn outlook(&mut self, i: usize, j: usize, a: usize, b: usize) -> PairOutlook {
        let key = i.min(j) * self.room + i.max(j);
        if self.pairs[key].0 != self.generation {
            self.pairs[key] = (self.generation, pair_outlook(self.entrants, a, b));
        }
        self.pairs[key].1
    }
}
