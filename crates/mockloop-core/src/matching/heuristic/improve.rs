//! Local improvement by exact re-partitioning of small windows.
//!
//! A window is a seed unit (a group, or a person left out), one neighbouring unit as anchor, then
//! units reached breadth-first from the anchor while the window has room. The exact solver
//! re-partitions the window; a better partition replaces the old one and the people it moved are
//! queued as seeds again. Growing from the anchor lets one window move a chain: the seed takes
//! someone from the anchor, whose partner moves on to a third unit, and so on.

use std::collections::VecDeque;

use super::super::exact::{solve_positions, MAX_EXACT};
use super::super::score::{group_value, Entrant};
use super::local::LocalScores;
use super::{Seeds, Settings, State, Unit};

/// The search's working set: the pool, its candidate lists, the settings, the cache of group
/// values around the current seed, and the queue of seeds still to look at.
pub(super) struct Search<'a> {
    entrants: &'a [Entrant],
    candidates: &'a [Vec<u32>],
    settings: Settings,
    scores: LocalScores<'a>,
    queue: VecDeque<usize>,
    queued: Vec<bool>,
    visits: Vec<usize>,
}

/// The least gain accepted, so rounding never makes the search cycle.
pub(super) const MIN_GAIN: f64 = 1e-9;

impl<'a> Search<'a> {
    pub(super) fn new(entrants: &'a [Entrant], candidates: &'a [Vec<u32>], settings: Settings) -> Self {
        Self {
            entrants,
            candidates,
            settings,
            scores: LocalScores::new(entrants),
            queue: VecDeque::new(),
            queued: vec![false; entrants.len()],
            visits: vec![0; entrants.len()],
        }
    }

    pub(super) fn candidates(&self) -> &'a [Vec<u32>] {
        self.candidates
    }

    pub(super) fn entrants(&self) -> &'a [Entrant] {
        self.entrants
    }

    /// Sweeps over every unit (or every person left out) as a seed until a whole sweep improves nothing or every person has
    /// been a seed `visits_per_person` times.
    pub(super) fn improve(&mut self, state: &mut State) {
        loop {
            for person in 0..self.entrants.len() {
                let first_of_unit = match state.unit_of(person) {
                    Unit::Group(id) => {
                        self.settings.seeds == Seeds::Everyone
                            && state.groups[id as usize].first() == Some(&person)
                    }
                    Unit::Alone(_) => true,
                };
                if first_of_unit {
                    self.enqueue(person);
                }
            }
            if !self.improve_queued(state, self.settings.visits_per_person) {
                return;
            }
        }
    }

    /// Takes `people` as seeds, and the people of every improved window after them, until none
    /// is left. Returns whether anything improved.
    pub(super) fn improve_near(&mut self, state: &mut State, people: &[usize]) -> bool {
        people.iter().for_each(|&person| self.enqueue(person));
        self.improve_queued(state, usize::MAX)
    }

    /// Takes seeds from the queue, each at most `visits` times in all.
    fn improve_queued(&mut self, state: &mut State, visits: usize) -> bool {
        let mut improved = false;
        while let Some(seed) = self.queue.pop_front() {
            self.queued[seed] = false;
            if self.visits[seed] >= visits {
                continue;
            }
            self.visits[seed] += 1;
            let Some(moved) = improve_around(self, state, seed) else { continue };
            improved = true;
            moved.iter().for_each(|&person| self.enqueue(person));
        }
        improved
    }

    fn enqueue(&mut self, person: usize) {
        if !self.queued[person] && !self.candidates[person].is_empty() {
            self.queued[person] = true;
            self.queue.push_back(person);
        }
    }
}

/// Tries the windows around `seed`'s unit, one per neighbouring unit taken as anchor; applies
/// the first that improves and returns the people of that window.
fn improve_around(search: &mut Search<'_>, state: &mut State, seed: usize) -> Option<Vec<usize>> {
    search.scores.clear();
    let seed_unit = state.unit_of(seed);
    if seed_unit == Unit::Group(state.locked) {
        return None;
    }
    let mut around = Vec::new();
    neighbour_units(search.candidates, state, seed_unit, &mut around);
    around.into_iter().take(search.settings.anchors).find_map(|anchor| {
        let window = chain(search, state, vec![seed_unit, anchor])?;
        repartition(search, state, &window)
    })
}

/// Grows `window` (a seed and an anchor) breadth-first from the anchor through neighbouring
/// units while they fit in the window: the seed takes someone from the anchor, whose partner
/// moves on to a third unit, and so on. `None` when the seed and anchor alone do not fit.
fn chain(search: &Search<'_>, state: &State, mut window: Vec<Unit>) -> Option<Vec<Unit>> {
    let limit = search.settings.window.min(MAX_EXACT);
    let mut size: usize = window.iter().map(|&unit| state.size(unit)).sum();
    if size > limit {
        return None;
    }
    let mut next = window.len() - 1;
    let mut around = Vec::new();
    while next < window.len() && size < limit {
        neighbour_units(search.candidates, state, window[next], &mut around);
        for &unit in &around {
            if !window.contains(&unit) && size + state.size(unit) <= limit {
                size += state.size(unit);
                window.push(unit);
            }
        }
        next += 1;
    }
    Some(window)
}

/// Fills `found` with the distinct units holding the candidates of `unit`'s members,
/// best-ranked candidates first (rank 0 of every member, then rank 1, ...), leaving out `unit`
/// itself and the locked group.
fn neighbour_units(candidates: &[Vec<u32>], state: &State, unit: Unit, found: &mut Vec<Unit>) {
    found.clear();
    let mut members = [0usize; 3];
    let count = match unit {
        Unit::Group(id) => {
            let group = &state.groups[id as usize];
            members[..group.len()].copy_from_slice(group);
            group.len()
        }
        Unit::Alone(person) => {
            members[0] = person as usize;
            1
        }
    };
    let members = &members[..count];
    let longest = members.iter().map(|&member| candidates[member].len()).max().unwrap_or(0);
    for rank in 0..longest {
        for &member in members {
            let Some(&other) = candidates[member].get(rank) else { continue };
            let other = state.unit_of(other as usize);
            if other != unit && !found.contains(&other) && other != Unit::Group(state.locked) {
                found.push(other);
            }
        }
    }
}

/// Solves the union of `units` exactly and, when that beats their current total, replaces them
/// with the better groups. Returns the union's people when it did.
fn repartition(search: &mut Search<'_>, state: &mut State, units: &[Unit]) -> Option<Vec<usize>> {
    let mut people = Vec::new();
    units.iter().for_each(|&unit| state.extend_with(unit, &mut people));
    let current: f64 = units.iter().map(|&unit| state.score(unit)).sum();
    let mut group = Vec::with_capacity(3);
    let (best, groups) = solve_positions(people.len(), |positions| {
        group.clear();
        group.extend(positions.iter().map(|&position| people[position]));
        search.scores.value(&group)
    })?;
    if best <= current + MIN_GAIN {
        return None;
    }
    for &unit in units {
        if let Unit::Group(id) = unit {
            state.dissolve(id as usize);
        }
    }
    for group in groups {
        let group: Vec<usize> = group.into_iter().map(|position| people[position]).collect();
        let score = group_value(search.entrants, &group).unwrap_or(0.0);
        state.add(group, score);
    }
    Some(people)
}
