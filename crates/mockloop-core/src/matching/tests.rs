//! Properties of the matcher on random pools: invariants always hold, and the heuristic stays
//! within 2% of the exact optimum where the optimum can be computed.

use proptest::prelude::*;

use super::generate::random_pool_json;
use super::score::group_value;
use super::{exact, heuristic, parse_pool, prepare, score_group, total_score};

fn entrants(size: usize, seed: u64) -> Vec<super::Entrant> {
    let pool = parse_pool(&random_pool_json(size, seed)).expect("generated pools parse");
    prepare(&pool)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn prepared_people_have_their_own_slots_made_concrete(size in 1usize..40, seed in any::<u64>()) {
        let pool = parse_pool(&random_pool_json(size, seed)).expect("generated pools parse");
        for (person, entrant) in pool.people.iter().zip(prepare(&pool)) {
            let own = super::availability::concrete_intervals(&person.availability, &person.tz, pool.as_of);
            prop_assert_eq!(entrant.intervals, own);
        }
    }

    #[test]
    fn the_fast_group_value_equals_the_full_score(size in 3usize..40, seed in any::<u64>()) {
        let entrants = entrants(size, seed);
        for a in 0..size.min(12) {
            for b in a + 1..size.min(12) {
                let full = score_group(&entrants, &[a, b]).map(|scored| scored.score);
                prop_assert_eq!(group_value(&entrants, &[a, b]), full);
                let third = (a + b) % size;
                if third != a && third != b {
                    let full = score_group(&entrants, &[a, b, third]).map(|scored| scored.score);
                    prop_assert_eq!(group_value(&entrants, &[a, b, third]), full);
                }
            }
        }
    }

    #[test]
    fn groups_are_disjoint_feasible_and_of_two_or_three(size in 2usize..120, seed in any::<u64>()) {
        let entrants = entrants(size, seed);
        let groups = heuristic::solve(&entrants, seed);
        let mut seen = vec![false; size];
        for group in &groups {
            prop_assert!((2..=3).contains(&group.len()));
            let scored = score_group(&entrants, group);
            prop_assert!(scored.is_some(), "infeasible group {group:?}");
            for &member in group {
                prop_assert!(!seen[member], "{member} is in two groups");
                seen[member] = true;
                prop_assert!(entrants[member].group_size.accepts(group.len()));
            }
        }
    }
}

/// Pools of 4-16 people, 20 of each size: small generated pools are one track in two zones, so
/// each is about one dense component. The heuristic starts from the pool's best pairs (exact),
/// and its search (people who accept three added, exact windows of at most nine people, kicks)
/// does the rest; nothing in it solves a whole pool of pairs and triples exactly.
#[test]
fn the_heuristic_reaches_98_percent_of_the_optimum() {
    let mut worst = (f64::INFINITY, 0, 0);
    for seed in 0..260u64 {
        let size = 4 + (seed % 13) as usize;
        let entrants = entrants(size, seed);
        let achieved = total_score(&entrants, &heuristic::solve(&entrants, seed));
        let (optimum, groups) = exact::solve(&entrants).expect("small");
        assert!((total_score(&entrants, &groups) - optimum).abs() < 1e-9);
        assert!(achieved <= optimum + 1e-9);
        let ratio = if optimum > 0.0 { achieved / optimum } else { 1.0 };
        if ratio < worst.0 {
            worst = (ratio, size, seed);
        }
    }
    let (ratio, size, seed) = worst;
    assert!(ratio >= 0.98, "size {size} seed {seed}: {ratio:.4} of the optimum");
}

/// Pools of pairs too large to list everyone as a candidate, against the blossom optimum: the
/// candidate lists must hold nearly every pair the optimum needs.
#[test]
fn on_large_pools_of_pairs_the_heuristic_reaches_98_percent_of_the_blossom_optimum() {
    for seed in 0..3u64 {
        let mut entrants = entrants(500 + 100 * seed as usize, seed);
        entrants.iter_mut().for_each(|entrant| entrant.group_size = super::GroupSize::Two);
        let achieved = total_score(&entrants, &heuristic::solve(&entrants, seed));
        let (optimum, _) = super::blossom::pairs_optimum(&entrants);
        assert!(achieved <= optimum + 1e-6);
        let ratio = achieved / optimum;
        assert!(ratio >= 0.98, "{} people, seed {seed}: {ratio:.4} of the optimum", entrants.len());
    }
}

#[test]
fn the_exact_solver_agrees_with_brute_force_on_pairs() {
    // Every perfect or partial matching of 8 people, enumerated directly.
    fn best(entrants: &[super::Entrant], free: &mut Vec<usize>) -> f64 {
        let Some(first) = free.pop() else { return 0.0 };
        let mut value = best(entrants, free);
        for i in 0..free.len() {
            let other = free.remove(i);
            if let Some(scored) = score_group(entrants, &[first, other]) {
                value = value.max(scored.score + best(entrants, free));
            }
            free.insert(i, other);
        }
        free.push(first);
        value
    }
    for seed in 0..20 {
        let mut entrants = entrants(8, seed);
        entrants.iter_mut().for_each(|e| e.group_size = super::GroupSize::Two);
        let (optimum, _) = exact::solve(&entrants).expect("small");
        let brute = best(&entrants, &mut (0..8).collect());
        assert!((optimum - brute).abs() < 1e-9, "seed {seed}: {optimum} vs {brute}");
    }
}
