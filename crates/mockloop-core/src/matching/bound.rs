//! An upper bound on the optimum of any pool, tighter than [`super::exact::upper_bound`], for
//! judging the matcher where the optimum cannot be computed.
//!
//! **Why it is a bound.** Give each person `i` a number `y_i >= 0` such that every feasible
//! group `G` has `score(G) <= sum of y_i over i in G`. Then for the best partition `P`,
//! `optimum = sum over G in P of score(G) <= sum over G in P, i in G of y_i <= sum over all i of
//! y_i`, because the groups of `P` are disjoint and nobody's `y` is negative (people left out
//! only add to the right-hand side). This is weak duality for the set-packing problem.
//!
//! **The `y` used.** `score(G) = quality(G) × sum of priority_i`, so `y_i = priority_i × Q_i`
//! qualifies as soon as `Q_i` is at least the quality of every feasible group holding `i`. In a
//! pool of up to [`ENUMERATED`] people `Q_i` is the best over everyone `i` could be grouped with
//! of [`partner_caps`]: the exact quality of the pair, and a cap on any triple holding both,
//! which covers every feasible group since each has `i` and at least one partner. In larger
//! pools it is [`quality_cap`], from the person alone.
//!
//! **Lowering it.** In a pool of up to [`LOWERED`] people every feasible group is listed, and
//! each `y_i` in turn is lowered to the least that still covers every group holding `i`
//! (`max over G of score(G) - sum of the others' y`, and 0). Each step keeps every group
//! covered, so the bound stays valid after every step while it falls: people competing for the
//! same few partners cannot all keep their best partner's quality.

use super::score::{group_value, partner_caps, quality_cap, Entrant};

/// Up to this size every two people are looked at (n²/2 checks, most refused on track or level
/// before any time arithmetic).
pub const ENUMERATED: usize = 5_000;

/// Up to this size every feasible group is listed and the bound lowered.
pub const LOWERED: usize = 2_000;
/// Passes of lowering over everyone; each pass is cheap and the gains shrink fast.
const LOWERING_PASSES: usize = 25;
/// Kept on top of each lowered `y`, so that rounding in the subtraction never leaves a group
/// uncovered.
const SAFETY: f64 = 1e-12;

/// The sum over people of `y`, an upper bound on any partition's total score.
pub fn upper_bound(entrants: &[Entrant]) -> f64 {
    let caps = if entrants.len() <= ENUMERATED {
        best_with_partners(entrants)
    } else {
        entrants.iter().map(quality_cap).collect()
    };
    let mut y: Vec<f64> = entrants.iter().zip(caps).map(|(person, cap)| person.priority * cap).collect();
    if entrants.len() <= LOWERED {
        lower(entrants, &mut y);
    }
    y.iter().sum()
}

/// Lowers each `y_i` to what the groups holding `i` need, pass after pass.
fn lower(entrants: &[Entrant], y: &mut [f64]) {
    let groups = feasible_groups(entrants);
    let mut holding: Vec<Vec<usize>> = vec![Vec::new(); entrants.len()];
    for (index, (members, _)) in groups.iter().enumerate() {
        members.iter().for_each(|&member| holding[member].push(index));
    }
    for _ in 0..LOWERING_PASSES {
        for person in 0..entrants.len() {
            let need = holding[person]
                .iter()
                .map(|&index| {
                    let (members, score) = &groups[index];
                    score - members.iter().filter(|&&m| m != person).map(|&m| y[m]).sum::<f64>()
                })
                .fold(0.0, f64::max);
            y[person] = y[person].min(need * (1.0 + SAFETY) + SAFETY);
        }
    }
}

/// Every feasible pair and triple with its score. Triples are sought only among people each two
/// of whom could share one (see [`partner_caps`]).
fn feasible_groups(entrants: &[Entrant]) -> Vec<(Vec<usize>, f64)> {
    let mut groups = Vec::new();
    let mut in_triple: Vec<Vec<usize>> = vec![Vec::new(); entrants.len()];
    for (a, partners) in in_triple.iter_mut().enumerate() {
        for b in a + 1..entrants.len() {
            let (pair, triple) = partner_caps(entrants, a, b);
            if let Some(score) = pair.and_then(|_| group_value(entrants, &[a, b])) {
                groups.push((vec![a, b], score));
            }
            if triple.is_some() {
                partners.push(b);
            }
        }
    }
    for (a, partners) in in_triple.iter().enumerate() {
        for (index, &b) in partners.iter().enumerate() {
            for &c in partners[index + 1..].iter().filter(|&&c| in_triple[b].binary_search(&c).is_ok()) {
                if let Some(score) = group_value(entrants, &[a, b, c]) {
                    groups.push((vec![a, b, c], score));
                }
            }
        }
    }
    groups
}

/// Each person's best [`partner_caps`] over everyone else (0 for someone nobody can join).
fn best_with_partners(entrants: &[Entrant]) -> Vec<f64> {
    let mut best = vec![0.0f64; entrants.len()];
    for a in 0..entrants.len() {
        for b in a + 1..entrants.len() {
            let (pair, triple) = partner_caps(entrants, a, b);
            let cap = pair.unwrap_or(0.0).max(triple.unwrap_or(0.0));
            best[a] = best[a].max(cap);
            best[b] = best[b].max(cap);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::matching::generate::random_pool_json;
    use crate::matching::score::group_value;
    use crate::matching::{exact, parse_pool, prepare};

    fn entrants(size: usize, seed: u64) -> Vec<Entrant> {
        prepare(&parse_pool(&random_pool_json(size, seed)).expect("generated pools parse"))
    }

    /// Every feasible group scores at most the sum of its members' `priority × cap`.
    fn groups_are_covered(entrants: &[Entrant], caps: &[f64]) -> Result<(), TestCaseError> {
        let y = |i: usize| entrants[i].priority * caps[i];
        for a in 0..entrants.len() {
            for b in a + 1..entrants.len() {
                if let Some(score) = group_value(entrants, &[a, b]) {
                    prop_assert!(score <= y(a) + y(b) + 1e-9, "pair {a} {b}");
                }
                for c in b + 1..entrants.len() {
                    if let Some(score) = group_value(entrants, &[a, b, c]) {
                        prop_assert!(score <= y(a) + y(b) + y(c) + 1e-9, "triple {a} {b} {c}");
                    }
                }
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn every_feasible_group_is_covered_by_its_members_caps(size in 3usize..28, seed in any::<u64>()) {
            let entrants = entrants(size, seed);
            groups_are_covered(&entrants, &best_with_partners(&entrants))?;
            let alone: Vec<f64> = entrants.iter().map(quality_cap).collect();
            groups_are_covered(&entrants, &alone)?;
            let mut y: Vec<f64> = entrants.iter().zip(best_with_partners(&entrants)).map(|(p, cap)| p.priority * cap).collect();
            lower(&entrants, &mut y);
            let lowered: Vec<f64> = entrants.iter().zip(&y).map(|(p, y)| y / p.priority).collect();
            groups_are_covered(&entrants, &lowered)?;
        }
    }

    #[test]
    fn the_optimum_lies_under_the_bound_and_the_bound_under_the_loose_one() {
        for seed in 0..80u64 {
            let size = 4 + (seed % 13) as usize;
            let entrants = entrants(size, seed);
            let (optimum, _) = exact::solve(&entrants).expect("small");
            let bound = upper_bound(&entrants);
            let alone: f64 = entrants.iter().map(|person| person.priority * quality_cap(person)).sum();
            assert!(optimum <= bound + 1e-9, "size {size} seed {seed}: {optimum} > {bound}");
            assert!(bound <= alone + 1e-9 && alone <= exact::upper_bound(&entrants) + 1e-9);
        }
    }
}
