//! The starting partition: greedy pairs by score, then people who accept three added to a pair
//! or to two others left out where that adds the most.

use super::super::score::{group_value, Entrant};
use super::{as_u32, State, NONE};

pub(super) fn greedy_pairs(entrants: &[Entrant], candidates: &[Vec<u32>], state: &mut State) {
    let mut edges: Vec<(f64, u32, u32)> = Vec::new();
    for (a, list) in candidates.iter().enumerate() {
        for &b in list.iter().filter(|&&b| b as usize > a) {
            if let Some(score) = group_value(entrants, &[a, b as usize]) {
                edges.push((score, as_u32(a), b));
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

/// Each person left out who accepts three joins a pair, or forms a triple with two others left
/// out, where that adds the most score.
pub(super) fn add_triples(entrants: &[Entrant], candidates: &[Vec<u32>], state: &mut State) {
    for person in 0..entrants.len() {
        if state.group_of[person] != NONE || !entrants[person].group_size.accepts(3) {
            continue;
        }
        if let Some((_, members, replaced)) = best_triple(entrants, &candidates[person], state, person) {
            if let Some(id) = replaced {
                state.dissolve(id);
            }
            let score = group_value(entrants, &members).unwrap_or(0.0);
            state.add(members, score);
        }
    }
}

/// The triple with `person` that gains the most: (gain, members, the pair it replaces).
fn best_triple(
    entrants: &[Entrant],
    list: &[u32],
    state: &State,
    person: usize,
) -> Option<(f64, Vec<usize>, Option<usize>)> {
    let mut best: Option<(f64, Vec<usize>, Option<usize>)> = None;
    let mut consider = |gain: f64, members: Vec<usize>, replaced: Option<usize>| {
        if gain > 0.0 && best.as_ref().is_none_or(|b| gain > b.0) {
            best = Some((gain, members, replaced));
        }
    };
    for (i, &other) in list.iter().enumerate() {
        let other = other as usize;
        match state.group_of[other] {
            NONE => {
                for &third in list[i + 1..].iter().filter(|&&t| state.group_of[t as usize] == NONE) {
                    let members = vec![person, other, third as usize];
                    if let Some(score) = group_value(entrants, &members) {
                        consider(score, members, None);
                    }
                }
            }
            id if state.groups[id as usize].len() == 2 => {
                let id = id as usize;
                let members = vec![state.groups[id][0], state.groups[id][1], person];
                if let Some(score) = group_value(entrants, &members) {
                    consider(score - state.scores[id], members, Some(id));
                }
            }
            _ => {}
        }
    }
    best
}
