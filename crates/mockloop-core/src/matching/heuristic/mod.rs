//! The production matcher: candidate partners; the best pairs among them; people who accept
//! three added where a triple scores better; then local improvement that re-partitions small
//! windows of neighbouring groups and people left out exactly (the `improve` module); in small
//! pools, kicks of an iterated local search after that (`perturb`).
//!
//! The best pairs are exact up to 5,000 people: a maximum-weight matching on the candidate graph
//! in blocks of at most 2,500 neighbouring people (about one track each at that size). Greedy
//! pairs leave two or three percent on large pools of pairs, which windows of ten people cannot
//! win back. Above 5,000 people the start is greedy by score, to keep within time.
//!
//! Cost is bounded by the pool's size: each person gets a bounded list of candidates (people of
//! the same track free in the same UTC hours of the week, near in level), each window is a
//! handful of units around one group or person, and the effort is scaled to the pool's size
//! ([`Settings::for_pool`]) so that a pool of 100,000 takes about a second.

mod candidates;
mod construct;
mod cores;
mod improve;
mod local;
mod locality;
mod perturb;

pub use candidates::candidates;

use super::generate::SplitMix;
use super::score::Entrant;

const NONE: u32 = u32::MAX;

/// How hard local improvement works. [`Settings::for_pool`] is what production uses;
/// [`solve_with`] takes any, for measuring what each part of the search is worth.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// The most people one window re-partitions exactly (at most [`super::exact::MAX_EXACT`]).
    pub window: usize,
    /// Windows tried around a group or person: one per neighbouring unit taken as anchor, best
    /// ranked first.
    pub anchors: usize,
    /// How many times each person may be a window's seed, bounding the search in large pools.
    pub visits_per_person: usize,
    /// Which units a sweep takes as seeds.
    pub seeds: Seeds,
    /// Kicks of the iterated local search after the first local optimum (0: none).
    pub kicks: usize,
}

/// The seeds of a sweep of local improvement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seeds {
    /// Every group and every person left out.
    Everyone,
    /// Only people left out (and, as always, the people an improvement moved): in a very large
    /// pool most of the gain is there.
    LeftOut,
}

/// Up to this size the starting pairs are a maximum-weight matching on the candidate graph.
const EXACT_PAIRS_POOL: usize = STRONG_SEARCH_POOL;

/// Up to this size local improvement runs until nothing improves, in windows of ten people.
const STRONG_SEARCH_POOL: usize = candidates::WIDE_POOL;

impl Settings {
    /// Effort by pool size: small pools search to a local optimum and then kick; up to 5,000
    /// people search to a local optimum; up to 20,000 twice around everyone; larger pools once
    /// around the people left out, in small windows, to stay within two seconds at 100,000.
    pub fn for_pool(size: usize) -> Self {
        let (window, anchors, visits_per_person, seeds, kicks) = if size <= candidates::SMALL_POOL {
            (9, usize::MAX, usize::MAX, Seeds::Everyone, 25)
        } else if size <= STRONG_SEARCH_POOL {
            (10, 6, usize::MAX, Seeds::Everyone, 0)
        } else if size <= candidates::MEDIUM_POOL {
            (9, 4, 2, Seeds::Everyone, 0)
        } else {
            (6, 1, 1, Seeds::LeftOut, 0)
        };
        Self { window, anchors, visits_per_person, seeds, kicks }
    }
}

/// Disjoint feasible groups of 2-3 (indices into `entrants`), with the production settings.
pub fn solve(entrants: &[Entrant], seed: u64) -> Vec<Vec<usize>> {
    solve_with(entrants, seed, Settings::for_pool(entrants.len()))
}

/// Disjoint feasible groups of 2-3, searching as hard as `settings` says.
pub fn solve_with(entrants: &[Entrant], seed: u64, settings: Settings) -> Vec<Vec<usize>> {
    if entrants.len() <= candidates::SMALL_POOL {
        return solve_in_place(entrants, seed, settings);
    }
    let reordered = locality::reorder(entrants);
    let groups = solve_in_place(&reordered.entrants, seed, settings);
    groups
        .into_iter()
        .map(|group| group.into_iter().map(|member| reordered.original[member]).collect())
        .collect()
}

fn solve_in_place(entrants: &[Entrant], seed: u64, settings: Settings) -> Vec<Vec<usize>> {
    let candidates = candidates(entrants, seed);
    let mut state = State::new(entrants.len());
    if entrants.len() <= EXACT_PAIRS_POOL {
        construct::matched_pairs(entrants, &candidates, &mut state);
    } else {
        construct::greedy_pairs(entrants, &candidates, &mut state);
    }
    construct::add_triples(entrants, &candidates, &mut state);
    let mut search = improve::Search::new(entrants, &candidates, settings);
    search.improve(&mut state);
    perturb::kick_and_improve(&mut search, &mut state, &mut SplitMix(seed), settings.kicks);
    state.groups.into_iter().filter(|group| !group.is_empty()).collect()
}

fn as_u32(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(NONE)
}

/// The partition being built: groups by id (a dissolved group stays as an empty slot, so ids
/// stay valid) and each person's group id, or [`NONE`] for someone left out.
#[derive(Clone)]
struct State {
    groups: Vec<Vec<usize>>,
    scores: Vec<f64>,
    group_of: Vec<u32>,
    /// A group no window may break up ([`NONE`] for none): the one a kick just formed.
    locked: u32,
}

/// A group, or a person left out: what windows are made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Group(u32),
    Alone(u32),
}

impl State {
    fn new(size: usize) -> Self {
        Self { groups: Vec::new(), scores: Vec::new(), group_of: vec![NONE; size], locked: NONE }
    }

    fn add(&mut self, members: Vec<usize>, score: f64) {
        let id = as_u32(self.groups.len());
        members.iter().for_each(|&member| self.group_of[member] = id);
        self.groups.push(members);
        self.scores.push(score);
    }

    fn dissolve(&mut self, id: usize) -> Vec<usize> {
        let members = std::mem::take(&mut self.groups[id]);
        members.iter().for_each(|&member| self.group_of[member] = NONE);
        self.scores[id] = 0.0;
        members
    }

    fn total(&self) -> f64 {
        self.scores.iter().sum()
    }

    fn unit_of(&self, person: usize) -> Unit {
        match self.group_of[person] {
            NONE => Unit::Alone(as_u32(person)),
            id => Unit::Group(id),
        }
    }

    fn extend_with(&self, unit: Unit, people: &mut Vec<usize>) {
        match unit {
            Unit::Group(id) => people.extend_from_slice(&self.groups[id as usize]),
            Unit::Alone(person) => people.push(person as usize),
        }
    }

    fn size(&self, unit: Unit) -> usize {
        match unit {
            Unit::Group(id) => self.groups[id as usize].len(),
            Unit::Alone(_) => 1,
        }
    }

    fn score(&self, unit: Unit) -> f64 {
        match unit {
            Unit::Group(id) => self.scores[id as usize],
            Unit::Alone(_) => 0.0,
        }
    }
}
