//! The reference: the best partition of a small pool into groups of 2-3 (and people left out),
//! by dynamic programming over subsets, and a quick, loose upper bound on the optimum of any
//! pool (see [`super::bound`] for a tighter one).

use super::score::{contribution_bound, group_value, Entrant};

/// The largest pool [`solve`] accepts: 2^16 subsets, each trying at most 120 groups.
pub const MAX_EXACT: usize = 16;

/// The optimum total score of `members` (indices into `entrants`) and groups achieving it, or
/// `None` for more than [`MAX_EXACT`] people.
pub fn solve_subset(entrants: &[Entrant], members: &[usize]) -> Option<(f64, Vec<Vec<usize>>)> {
    let mut group = Vec::with_capacity(3);
    let (best, groups) = solve_positions(members.len(), |positions| {
        group.clear();
        group.extend(positions.iter().map(|&position| members[position]));
        group_value(entrants, &group)
    })?;
    let groups =
        groups.into_iter().map(|group| group.into_iter().map(|position| members[position]).collect());
    Some((best, groups.collect()))
}

/// The optimum over the whole pool (see [`solve_subset`]).
pub fn solve(entrants: &[Entrant]) -> Option<(f64, Vec<Vec<usize>>)> {
    let everyone: Vec<usize> = (0..entrants.len()).collect();
    solve_subset(entrants, &everyone)
}

/// The best partition of positions `0..size` into groups of 2-3 and people left out, where
/// `score` gives a group's score (positions in increasing order) or `None` when it is
/// infeasible; `None` for more than [`MAX_EXACT`] positions. Exact for pairs and triples alike:
/// the lowest position of a set is alone, in a pair or in a triple with higher positions, and the
/// rest of the set is solved the same way. Only the sets reached from the whole are solved, which
/// is far fewer than all 2^size when feasible groups are few.
pub fn solve_positions(
    size: usize,
    mut score: impl FnMut(&[usize]) -> Option<f64>,
) -> Option<(f64, Vec<Vec<usize>>)> {
    if size > MAX_EXACT {
        return None;
    }
    let full = (1usize << size) - 1;
    let mut table = Table {
        groups: group_scores(size, &mut score),
        best: vec![f64::NAN; full + 1],
        choice: vec![0; full + 1],
    };
    let best = table.solve(full);
    let mut groups = Vec::new();
    let mut mask = full;
    while mask != 0 {
        let chosen = table.choice[mask];
        if chosen.count_ones() > 1 {
            groups.push((0..size).filter(|&i| chosen & (1 << i) != 0).collect());
        }
        mask &= !chosen;
    }
    Some((best, groups))
}

/// Memoised optimum per set of positions (a bit mask): the best value, `NAN` until solved, and
/// the group the set's lowest position joins (itself alone when the mask has one bit).
struct Table {
    groups: Vec<Vec<(usize, f64)>>,
    best: Vec<f64>,
    choice: Vec<usize>,
}

impl Table {
    fn solve(&mut self, mask: usize) -> f64 {
        if mask == 0 {
            return 0.0;
        }
        if !self.best[mask].is_nan() {
            return self.best[mask];
        }
        let low = mask.trailing_zeros() as usize;
        let mut value = self.solve(mask & !(1 << low));
        let mut chosen = 1usize << low;
        for index in 0..self.groups[low].len() {
            let (group_mask, score) = self.groups[low][index];
            if group_mask & mask == group_mask {
                let with = score + self.solve(mask & !group_mask);
                if with > value {
                    (value, chosen) = (with, group_mask);
                }
            }
        }
        self.best[mask] = value;
        self.choice[mask] = chosen;
        value
    }
}

/// Feasible groups by their lowest position: (bit mask over positions, score).
fn group_scores(size: usize, score: &mut impl FnMut(&[usize]) -> Option<f64>) -> Vec<Vec<(usize, f64)>> {
    let mut scores = vec![Vec::new(); size];
    for (a, groups) in scores.iter_mut().enumerate() {
        for b in a + 1..size {
            if let Some(value) = score(&[a, b]) {
                groups.push((1 << a | 1 << b, value));
            }
            for c in b + 1..size {
                if let Some(value) = score(&[a, b, c]) {
                    groups.push((1 << a | 1 << b | 1 << c, value));
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
