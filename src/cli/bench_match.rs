//! `mockloop bench match`: the matcher on generated pools, against the exact optimum where it can
//! be computed and an upper bound elsewhere, side by side.

use std::time::Instant;

use mockloop_core::matching::generate::random_pool_json;
use mockloop_core::matching::{exact, heuristic, parse_pool, prepare, total_score};

use super::{say, Failure};

/// Pool sizes: the first two are solved exactly, the others bounded.
const SIZES: [usize; 4] = [10, 12, 1_000, 100_000];

pub fn run(seed: u64) -> Result<(), Failure> {
    say(&format!(
        "match benchmark: generated pools, seed {seed}; time covers the heuristic on parsed people"
    ));
    say(&format!(
        "{:>8} {:>10} {:>8} {:>12} {:>12} {:>8} {:>8}",
        "people", "time ms", "groups", "score", "reference", "kind", "ratio"
    ));
    for size in SIZES {
        let pool = parse_pool(&random_pool_json(size, seed)).map_err(|e| Failure::Runtime(e.to_string()))?;
        let started = Instant::now();
        let entrants = prepare(&pool);
        let groups = heuristic::solve(&entrants, seed);
        let elapsed = started.elapsed().as_secs_f64() * 1000.0;
        let achieved = total_score(&entrants, &groups);
        let (reference, kind) = match exact::solve(&entrants) {
            Some((optimum, _)) => (optimum, "optimum"),
            None => (exact::upper_bound(&entrants), "bound"),
        };
        let ratio = if reference > 0.0 { achieved / reference } else { 1.0 };
        say(&format!(
            "{size:>8} {elapsed:>10.1} {:>8} {achieved:>12.2} {reference:>12.2} {kind:>8} {ratio:>8.3}",
            groups.len()
        ));
    }
    Ok(())
}
