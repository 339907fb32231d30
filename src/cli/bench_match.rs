//! `mockloop bench match`: the matcher on generated pools, side by side with a reference: the
//! exact optimum on small pools, the blossom optimum on pools where everyone wants a pair, and an
//! upper bound on the optimum elsewhere.

use std::time::Instant;

use mockloop_core::matching::generate::random_pool_json;
use mockloop_core::matching::{
    blossom, bound, exact, heuristic, parse_pool, prepare, total_score, Entrant, GroupSize,
};

use super::{say, Failure};

/// The pools measured, in order.
const ROWS: [Row; 9] = [
    Row { people: 10, shape: Shape::Mixed, reference: Reference::Optimum },
    Row { people: 12, shape: Shape::Mixed, reference: Reference::Optimum },
    Row { people: 16, shape: Shape::Mixed, reference: Reference::Optimum },
    Row { people: 1_000, shape: Shape::Pairs, reference: Reference::Blossom },
    Row { people: 2_000, shape: Shape::Pairs, reference: Reference::Blossom },
    Row { people: 5_000, shape: Shape::Pairs, reference: Reference::Blossom },
    Row { people: 1_000, shape: Shape::Mixed, reference: Reference::Bound },
    Row { people: 20_000, shape: Shape::Mixed, reference: Reference::Bound },
    Row { people: 100_000, shape: Shape::Mixed, reference: Reference::Bound },
];

struct Row {
    people: usize,
    shape: Shape,
    reference: Reference,
}

/// Who wants what size: as generated, or everyone a pair.
#[derive(Clone, Copy)]
enum Shape {
    Mixed,
    Pairs,
}

#[derive(Clone, Copy)]
enum Reference {
    /// The exact optimum (subset dynamic programming, up to 16 people).
    Optimum,
    /// The exact optimum of a pairs-only pool (maximum-weight matching).
    Blossom,
    /// An upper bound on the optimum.
    Bound,
}

pub fn run(seed: u64) -> Result<(), Failure> {
    say(&format!(
        "match benchmark: generated pools, seed {seed}; heuristic time covers preparing parsed people and matching"
    ));
    say(&format!(
        "{:>8} {:>6} {:>10} {:>7} {:>11} {:>11} {:>8} {:>7} {:>10}",
        "people", "pool", "time ms", "groups", "score", "reference", "kind", "ratio", "ref ms"
    ));
    for row in &ROWS {
        let pool =
            parse_pool(&random_pool_json(row.people, seed)).map_err(|e| Failure::Runtime(e.to_string()))?;
        let started = Instant::now();
        let mut entrants = prepare(&pool);
        if let Shape::Pairs = row.shape {
            entrants.iter_mut().for_each(|entrant| entrant.group_size = GroupSize::Two);
        }
        let groups = heuristic::solve(&entrants, seed);
        let elapsed = started.elapsed().as_secs_f64() * 1000.0;
        let achieved = total_score(&entrants, &groups);
        let started = Instant::now();
        let (reference, kind) = reference_for(&entrants, row.reference)?;
        let reference_ms = started.elapsed().as_secs_f64() * 1000.0;
        let ratio = if reference > 0.0 { achieved / reference } else { 1.0 };
        let pool = match row.shape {
            Shape::Mixed => "mixed",
            Shape::Pairs => "pairs",
        };
        say(&format!(
            "{:>8} {pool:>6} {elapsed:>10.1} {:>7} {achieved:>11.2} {reference:>11.2} {kind:>8} {ratio:>7.3} {reference_ms:>10.1}",
            row.people,
            groups.len()
        ));
    }
    Ok(())
}

fn reference_for(entrants: &[Entrant], reference: Reference) -> Result<(f64, &'static str), Failure> {
    Ok(match reference {
        Reference::Optimum => {
            let (optimum, _) = exact::solve(entrants).ok_or_else(|| {
                Failure::Runtime(format!("{} people is too many to solve exactly", entrants.len()))
            })?;
            (optimum, "optimum")
        }
        Reference::Blossom => (blossom::pairs_optimum(entrants).0, "blossom"),
        Reference::Bound => (bound::upper_bound(entrants), "bound"),
    })
}
