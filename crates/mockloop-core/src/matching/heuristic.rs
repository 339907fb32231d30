//! The production matcher: candidate partners from shared hours of the week, greedy pairs by
//! score, people who accept three added where a triple scores better, then local improvement
//! that re-partitions two neighbouring groups (or a group and someone left out) exactly.
//!
//! Cost is about linear in the pool: each person gets a bounded list of candidates (people of
//! the same track free in the same UTC hours of the week, neighbours in a list sorted by level),
//! so a pool of 100,000 scores a few million groups.

use std::collections::HashMap;

use super::exact::solve_subset;
use super::generate::SplitMix;
use super::pool::Track;
use super::score::{score_group, Entrant};

/// Below this size everyone of the same track is a candidate and local improvement runs until
/// nothing improves; above it, lists are bounded and improvement makes one pass.
const SMALL_POOL: usize = 64;
/// Neighbours taken on each side of a person in each hour's list.
const NEIGHBOURS_PER_HOUR: usize = 2;
const MAX_CANDIDATES: usize = 24;
const NONE: u32 = u32::MAX;

/// Disjoint feasible groups of 2-3 (indices into `entrants`).
pub fn solve(entrants: &[Entrant], seed: u64) -> Vec<Vec<usize>> {
    let candidates = candidates(entrants, seed);
    let mut state = State::new(entrants.len());
    greedy_pairs(entrants, &candidates, &mut state);
    add_triples(entrants, &candidates, &mut state);
    let small = entrants.len() <= SMALL_POOL;
    for _ in 0..if small { 20 } else { 1 } {
        if !improve(entrants, &candidates, &mut state, if small { usize::MAX } else { 2 }) {
            break;
        }
    }
    state.groups.into_iter().filter(|group| !group.is_empty()).collect()
}

/// Each person's candidate partners (same track; the matcher checks the rest).
pub fn candidates(entrants: &[Entrant], seed: u64) -> Vec<Vec<u32>> {
    if entrants.len() <= SMALL_POOL {
        return (0..entrants.len())
            .map(|a| {
                (0..entrants.len())
                    .filter(|&b| b != a && entrants[a].track == entrants[b].track)
                    .map(as_u32)
                    .collect()
            })
            .collect();
    }
    let mut lists: HashMap<(Track, i64), Vec<u32>> = HashMap::new();
    let hours: Vec<Vec<i64>> = entrants.iter().map(hours_of_week).collect();
    for (person, person_hours) in hours.iter().enumerate() {
        for &hour in person_hours {
            lists.entry((entrants[person].track, hour)).or_default().push(as_u32(person));
        }
    }
    let tiebreak: Vec<u64> =
        (0..entrants.len()).map(|i| SplitMix(seed ^ (i as u64) << 1).next_u64()).collect();
    let mut position: HashMap<(u32, i64), usize> = HashMap::with_capacity(entrants.len() * 8);
    for (&(_, hour), list) in lists.iter_mut() {
        list.sort_unstable_by_key(|&p| (entrants[p as usize].level, tiebreak[p as usize]));
        for (index, &p) in list.iter().enumerate() {
            position.insert((p, hour), index);
        }
    }
    (0..entrants.len())
        .map(|person| {
            let mut found: Vec<u32> = Vec::with_capacity(MAX_CANDIDATES);
            for &hour in &hours[person] {
                let (Some(list), Some(&at)) =
                    (lists.get(&(entrants[person].track, hour)), position.get(&(as_u32(person), hour)))
                else {
                    continue;
                };
                let low = at.saturating_sub(NEIGHBOURS_PER_HOUR);
                let high = (at + NEIGHBOURS_PER_HOUR + 1).min(list.len());
                for &other in &list[low..high] {
                    if other as usize != person && !found.contains(&other) && found.len() < MAX_CANDIDATES {
                        found.push(other);
                    }
                }
            }
            found
        })
        .collect()
}

/// The UTC hours of the week (0..168) wholly inside one of the person's intervals.
fn hours_of_week(entrant: &Entrant) -> Vec<i64> {
    let mut hours: Vec<i64> = Vec::new();
    for &(start, end) in &entrant.intervals {
        let mut hour = (start + 3599) / 3600;
        while (hour + 1) * 3600 <= end {
            hours.push(hour % 168);
            hour += 1;
        }
    }
    hours.sort_unstable();
    hours.dedup();
    hours
}

fn as_u32(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(NONE)
}

struct State {
    groups: Vec<Vec<usize>>,
    scores: Vec<f64>,
    group_of: Vec<u32>,
}

impl State {
    fn new(size: usize) -> Self {
        Self { groups: Vec::new(), scores: Vec::new(), group_of: vec![NONE; size] }
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
}

fn greedy_pairs(entrants: &[Entrant], candidates: &[Vec<u32>], state: &mut State) {
    let mut edges: Vec<(f64, u32, u32)> = Vec::new();
    for (a, list) in candidates.iter().enumerate() {
        for &b in list.iter().filter(|&&b| b as usize > a) {
            if let Some(scored) = score_group(entrants, &[a, b as usize]) {
                edges.push((scored.score, as_u32(a), b));
            }
        }
    }
    edges.sort_unstable_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    for (score, a, b) in edges {
        let (a, b) = (a as usize, b as usize);
        if state.group_of[a] == NONE && state.group_of[b] == NONE {
            state.add(vec![a, b], score);
        }
    }
}

/// Each person left out joins a pair, or forms a triple with two others left out, where that
/// adds the most score.
fn add_triples(entrants: &[Entrant], candidates: &[Vec<u32>], state: &mut State) {
    for person in 0..entrants.len() {
        if state.group_of[person] != NONE || !entrants[person].group_size.accepts(3) {
            continue;
        }
        let mut best: Option<(f64, Vec<usize>, Option<usize>)> = None;
        let list = &candidates[person];
        for (i, &other) in list.iter().enumerate() {
            let other = other as usize;
            let (members, replaced) = match state.group_of[other] {
                NONE => {
                    for &third in list[i + 1..].iter().filter(|&&t| state.group_of[t as usize] == NONE) {
                        let members = vec![person, other, third as usize];
                        if let Some(scored) = score_group(entrants, &members) {
                            if best.as_ref().is_none_or(|b| scored.score > b.0) {
                                best = Some((scored.score, members, None));
                            }
                        }
                    }
                    continue;
                }
                id if state.groups[id as usize].len() == 2 => {
                    let mut members = state.groups[id as usize].clone();
                    members.push(person);
                    (members, id as usize)
                }
                _ => continue,
            };
            if let Some(scored) = score_group(entrants, &members) {
                let gain = scored.score - state.scores[replaced];
                if gain > 0.0 && best.as_ref().is_none_or(|b| gain > b.0) {
                    best = Some((gain, members, Some(replaced)));
                }
            }
        }
        if let Some((_, members, replaced)) = best {
            if let Some(id) = replaced {
                state.dissolve(id);
            }
            if let Some(scored) = score_group(entrants, &members) {
                state.add(members, scored.score);
            }
        }
    }
}

/// One pass over the groups: re-partition each with one neighbouring unit (a group or a person
/// left out), and in small pools with two, exactly, keeping the better. Returns whether anything
/// improved.
fn improve(entrants: &[Entrant], candidates: &[Vec<u32>], state: &mut State, max_neighbours: usize) -> bool {
    let mut improved = false;
    let small = max_neighbours == usize::MAX;
    for id in 0..state.groups.len() {
        let mut units: Vec<(u32, usize)> = Vec::new();
        for &member in &state.groups[id] {
            for &other in &candidates[member] {
                let unit = (state.group_of[other as usize], other as usize);
                let unit = if unit.0 == NONE { unit } else { (unit.0, 0) };
                if unit.0 != as_u32(id) && !units.contains(&unit) && units.len() < max_neighbours {
                    units.push(unit);
                }
            }
        }
        let mut tries: Vec<Vec<(u32, usize)>> = units.iter().map(|&unit| vec![unit]).collect();
        if small {
            for (i, &a) in units.iter().enumerate() {
                tries.extend(units[i + 1..].iter().map(|&b| vec![a, b]));
            }
        }
        for units in tries {
            if state.groups[id].is_empty() {
                break;
            }
            if units.iter().any(|&(group, person)| {
                if group == NONE {
                    state.group_of[person] != NONE
                } else {
                    state.groups[group as usize].is_empty()
                }
            }) {
                continue;
            }
            let mut union = state.groups[id].clone();
            let mut current = state.scores[id];
            for &(group, person) in &units {
                if group == NONE {
                    union.push(person);
                } else {
                    union.extend_from_slice(&state.groups[group as usize]);
                    current += state.scores[group as usize];
                }
            }
            let Some((best, groups)) = solve_subset(entrants, &union) else { continue };
            if best > current + 1e-9 {
                state.dissolve(id);
                for &(group, _) in units.iter().filter(|unit| unit.0 != NONE) {
                    state.dissolve(group as usize);
                }
                for group in groups {
                    let score = score_group(entrants, &group).map_or(0.0, |scored| scored.score);
                    state.add(group, score);
                }
                improved = true;
            }
        }
    }
    improved
}
