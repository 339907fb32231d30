//! The reference: the best partition of a small pool into groups of 2-3 (and people left out),
//! by dynamic programming over subsets, and an upper bound on the optimum of any pool.

use super::score::{contribution_bound, score_group, Entrant};

/// The largest pool [`solve`] accepts: 2^16 subsets, each trying at most 120 groups.
pub const MAX_EXACT: usize = 16;

/// The optimum total score of `members` (indices into `entrants`) and groups achieving it, or
/// `None` for more than [`MAX_EXACT`] people. Exact for pairs and triples alike: the subset with
/// the lowest member removed decides that member's fate (alone, in a pair or in a triple).
pub fn solve_subset(entrants: &[Entrant], members: &[usize]) -> Option<(f64, Vec<Vec<usize>>)> {
    let n = members.len();
    if n > MAX_EXACT {
        return None;
    }
    let full = (1usize << n) - 1;
    let mut best = vec![0.0f64; full + 1];
    let mut choice = vec![0usize; full + 1];
    let scores = group_scores(entrants, members);
    for mask in 1..=full {
        let low = mask.trailing_zeros() as usize;
        let rest = mask & !(1 << low);
        let (mut value, mut chosen) = (best[rest], 1usize << low);
        for &(group_mask, score) in &scores[low] {
            if group_mask & mask == group_mask && best[mask & !group_mask] + score > value {
                value = best[mask & !group_mask] + score;
                chosen = group_mask;
            }
        }
        best[mask] = value;
        choice[mask] = chosen;
    }
    let mut groups = Vec::new();
    let mut mask = full;
    while mask != 0 {
        let chosen = choice[mask];
        if chosen.count_ones() > 1 {
            groups.push((0..n).filter(|&i| chosen & (1 << i) != 0).map(|i| members[i]).collect());
        }
        mask &= !chosen;
    }
    Some((best[full], groups))
}

/// The optimum over the whole pool (see [`solve_subset`]).
pub fn solve(entrants: &[Entrant]) -> Option<(f64, Vec<Vec<usize>>)> {
    let everyone: Vec<usize> = (0..entrants.len()).collect();
    solve_subset(entrants, &everyone)
}

/// Feasible groups by their lowest member's position: (bit mask over positions, score).
fn group_scores(entrants: &[Entrant], members: &[usize]) -> Vec<Vec<(usize, f64)>> {
    let n = members.len();
    let mut scores = vec![Vec::new(); n];
    for a in 0..n {
        for b in a + 1..n {
            if let Some(scored) = score_group(entrants, &[members[a], members[b]]) {
                scores[a].push((1 << a | 1 << b, scored.score));
            }
            for c in b + 1..n {
                if let Some(scored) = score_group(entrants, &[members[a], members[b], members[c]]) {
                    scores[a].push((1 << a | 1 << b | 1 << c, scored.score));
                }
            }
        }
    }
    scores
}

/// An upper bound on any partition's total: a group's score is the sum over its members of
/// `priority × quality`, and each member's term is at most [`contribution_bound`].
pub fn upper_bound(entrants: &[Entrant]) -> f64 {
    entrants.iter().map(contribution_bound).sum()
}
