//! The blossom matcher against brute force: on graphs built to make blossoms nest, expand and
//! relabel, on many small random graphs, and on pools where everyone wants a pair.

use proptest::prelude::*;

use super::{max_weight_matching, pairs_optimum};
use crate::matching::generate::random_pool_json;
use crate::matching::{exact, parse_pool, prepare, GroupSize};

/// The best matching's weight by trying, for the lowest free vertex, every partner or none.
fn brute_force(vertices: usize, edges: &[(usize, usize, f64)]) -> f64 {
    let mut weight = vec![vec![None; vertices]; vertices];
    for &(i, j, w) in edges {
        weight[i][j] = Some(w);
        weight[j][i] = Some(w);
    }
    let mut memo = vec![None; 1 << vertices];
    best_of(&weight, (1usize << vertices) - 1, &mut memo)
}

fn best_of(weight: &[Vec<Option<f64>>], free: usize, memo: &mut [Option<f64>]) -> f64 {
    if free == 0 {
        return 0.0;
    }
    if let Some(known) = memo[free] {
        return known;
    }
    let low = free.trailing_zeros() as usize;
    let rest = free & !(1 << low);
    let mut best = best_of(weight, rest, memo);
    for other in (low + 1..weight.len()).filter(|&other| rest & (1 << other) != 0) {
        if let Some(w) = weight[low][other] {
            best = best.max(w + best_of(weight, rest & !(1 << other), memo));
        }
    }
    memo[free] = Some(best);
    best
}

/// Checks that `mates` is a matching over existing edges and returns its weight.
fn weight_of(edges: &[(usize, usize, f64)], mates: &[Option<usize>]) -> f64 {
    let mut total = 0.0;
    for (v, &mate) in mates.iter().enumerate() {
        let Some(w) = mate else { continue };
        assert_eq!(mates[w], Some(v), "{v} and {w} disagree");
        if v < w {
            let edge = edges.iter().find(|e| (e.0, e.1) == (v, w) || (e.0, e.1) == (w, v));
            total += edge.expect("matched along an edge").2;
        }
    }
    total
}

fn edges_of(list: &[(usize, usize, i32)]) -> Vec<(usize, usize, f64)> {
    list.iter().map(|&(i, j, w)| (i, j, f64::from(w))).collect()
}

#[test]
fn graphs_that_nest_expand_and_relabel_blossoms_are_matched_optimally() {
    let cases: [&[(usize, usize, i32)]; 12] = [
        &[(1, 2, 10), (2, 3, 11)],
        &[(1, 2, 8), (1, 3, 9), (2, 3, 10), (3, 4, 7), (1, 6, 5), (4, 5, 6)],
        &[(1, 2, 9), (1, 3, 8), (2, 3, 10), (1, 4, 5), (4, 5, 4), (1, 6, 3)],
        &[(1, 2, 9), (1, 3, 8), (2, 3, 10), (1, 4, 5), (4, 5, 3), (3, 6, 4)],
        &[(1, 2, 9), (1, 3, 9), (2, 3, 10), (2, 4, 8), (3, 5, 8), (4, 5, 10), (5, 6, 6)],
        &[
            (1, 2, 10),
            (1, 7, 10),
            (2, 3, 12),
            (3, 4, 20),
            (3, 5, 20),
            (4, 5, 25),
            (5, 6, 10),
            (6, 7, 10),
            (7, 8, 8),
        ],
        &[
            (1, 2, 8),
            (1, 3, 8),
            (2, 3, 10),
            (2, 4, 12),
            (3, 5, 12),
            (4, 5, 14),
            (4, 6, 12),
            (5, 7, 12),
            (6, 7, 14),
            (7, 8, 12),
        ],
        &[(1, 2, 23), (1, 5, 22), (1, 6, 15), (2, 3, 25), (3, 4, 22), (4, 5, 25), (4, 8, 14), (5, 7, 13)],
        &[
            (1, 2, 19),
            (1, 3, 20),
            (1, 8, 8),
            (2, 3, 25),
            (2, 4, 18),
            (3, 5, 18),
            (4, 5, 13),
            (4, 7, 7),
            (5, 6, 7),
        ],
        &[
            (1, 2, 45),
            (1, 5, 45),
            (2, 3, 50),
            (3, 4, 45),
            (4, 5, 50),
            (1, 6, 30),
            (3, 9, 35),
            (4, 8, 28),
            (5, 7, 26),
            (9, 10, 5),
        ],
        &[
            (1, 2, 45),
            (1, 7, 45),
            (2, 3, 50),
            (3, 4, 45),
            (4, 5, 95),
            (4, 6, 94),
            (5, 6, 94),
            (6, 7, 50),
            (1, 8, 30),
            (3, 11, 35),
            (5, 9, 36),
            (7, 10, 26),
            (11, 12, 5),
        ],
        &[
            (1, 2, 40),
            (1, 3, 40),
            (2, 3, 60),
            (2, 4, 55),
            (3, 5, 55),
            (4, 5, 50),
            (1, 8, 15),
            (5, 7, 30),
            (7, 6, 10),
            (8, 10, 10),
            (4, 9, 30),
        ],
    ];
    for (index, case) in cases.iter().enumerate() {
        let edges = edges_of(case);
        let vertices = 1 + edges.iter().map(|e| e.0.max(e.1)).max().unwrap_or(0);
        let mates = max_weight_matching(vertices, &edges);
        let expected = brute_force(vertices, &edges);
        assert!((weight_of(&edges, &mates) - expected).abs() < 1e-9, "case {index}: {mates:?}");
    }
}

#[test]
fn an_empty_graph_matches_nobody() {
    assert_eq!(max_weight_matching(3, &[]), vec![None, None, None]);
}

fn random_graph() -> impl Strategy<Value = (usize, Vec<(usize, usize, f64)>)> {
    (2usize..13)
        .prop_flat_map(|vertices| {
            let pairs: Vec<(usize, usize)> =
                (0..vertices).flat_map(|i| (i + 1..vertices).map(move |j| (i, j))).collect();
            let count = pairs.len();
            (Just(vertices), Just(pairs), proptest::collection::vec((any::<bool>(), 1u32..40), count))
        })
        .prop_map(|(vertices, pairs, picks)| {
            let edges = pairs
                .into_iter()
                .zip(picks)
                .filter(|(_, (keep, _))| *keep)
                .map(|((i, j), (_, weight))| (i, j, f64::from(weight) / 7.0))
                .collect();
            (vertices, edges)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn the_blossom_matching_weighs_as_much_as_brute_force((vertices, edges) in random_graph()) {
        let mates = max_weight_matching(vertices, &edges);
        let expected = brute_force(vertices, &edges);
        prop_assert!((weight_of(&edges, &mates) - expected).abs() < 1e-6, "{mates:?} vs {expected}");
    }
}

#[test]
fn on_pools_of_pairs_the_blossom_optimum_is_the_exact_optimum() {
    for seed in 0..60u64 {
        let size = 4 + (seed % 13) as usize;
        let pool = parse_pool(&random_pool_json(size, seed)).expect("generated pools parse");
        let mut entrants = prepare(&pool);
        entrants.iter_mut().for_each(|entrant| entrant.group_size = GroupSize::Two);
        let (optimum, _) = exact::solve(&entrants).expect("small");
        let (blossom, pairs) = pairs_optimum(&entrants);
        assert!((optimum - blossom).abs() < 1e-6, "size {size} seed {seed}: {blossom} vs {optimum}");
        assert!(pairs.iter().all(|pair| pair.len() == 2));
    }
}
