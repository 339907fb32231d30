//! The starting partition: the best pairs among candidates (exactly, or greedily by score in
//! very large pools), then people who accept three added to a pair or to two others left out
//! where that adds the most.

use super::super::blossom::max_weight_matching;
use super::super::score::{group_value, Entrant};
use super::cores::on_all_cores;
use super::{as_u32, State, NONE};

/// The most people one exact matching covers.
const EXACT_BLOCK: usize = 2_500;

/// Every pair on someone's candidate list that may form a group, with its score, once.
fn pair_edges(entrants: &[Entrant], candidates: &[Vec<u32>]) -> Vec<(f64, u32, u32)> {
    let mut edges: Vec<(f64, u32, u32)> = Vec::new();
    for (a, list) in candidates.iter().enumerate() {
        for &b in list {
            let (low, high) = (a.min(b as usize), a.max(b as usize));
            if low == high {
                continue;
            }
            // A pair on both lists is scored once, from the lower index's list.
            if low != a && candidates[low].contains(&as_u32(high)) {
                continue;
            }
            if let Some(score) = group_value(entrants, &[low, high]) {
                edges.push((score, as_u32(low), as_u32(high)));
            }
        }
    }
    edges
}

/// Pairs taken best score first: the start in very large pools, where an exact matching on the
/// candidate graph would cost too much time.
pub(super) fn greedy_pairs(entrants: &[Entrant], candidates: &[Vec<u32>], state: &mut State) {
    let mut edges = pair_edges(entrants, candidates);
    edges.sort_unstable_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    for (score, a, b) in edges {
        let (a, b) = (a as usize, b as usize);
        if state.group_of[a] == NONE && state.group_of[b] == NONE {
            state.add(vec![a, b], score);
        }
    }
}

/// The pairs of maximum-weight matchings on the candidate graph, block by block: the best set
/// of pairs among candidates inside each block of at most [`EXACT_BLOCK`] neighbouring people,
/// exactly. Greedy pairs leave a few percent on the table in large pools (a good pair taken
/// early blocks two better ones), and window search cannot see far enough to undo that; one
/// matching over a whole large pool would cost time that grows faster than the pool.
pub(super) fn matched_pairs(entrants: &[Entrant], candidates: &[Vec<u32>], state: &mut State) {
    let edges = pair_edges(entrants, candidates);
    let blocks = entrants.len().div_ceil(EXACT_BLOCK).max(1);
    let block_size = entrants.len().div_ceil(blocks).max(1);
    let mut inside: Vec<Vec<(usize, usize, f64)>> = vec![Vec::new(); blocks];
    for (score, a, b) in edges {
        let (a, b) = (a as usize, b as usize);
        let block = a / block_size;
        if b / block_size == block {
            inside[block].push((a - block * block_size, b - block * block_size, score));
        }
    }
    let solve = |block: usize, edges: &[(usize, usize, f64)]| -> Vec<(usize, usize)> {
        let first = block * block_size;
        let size = block_size.min(entrants.len() - first);
        let mates = max_weight_matching(size, edges);
        mates
            .into_iter()
            .enumerate()
            .filter_map(|(a, mate)| mate.filter(|&b| a < b).map(|b| (first + a, first + b)))
            .collect()
    };
    // Blocks are independent: the cores share them.
    let pairs = on_all_cores(blocks, usize::MAX, |blocks| {
        blocks.flat_map(|block| solve(block, &inside[block])).collect()
    });
    for (a, b) in pairs {
        if let Some(score) = group_value(entrants, &[a, b]) {
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
