//! A large pool reordered so that people who are likely candidates for each other sit near each
//! other in memory. In a pool of 100,000 the matcher's time goes mostly to cache misses on
//! people picked from all over the pool; ordered by track, first free hour of the week and
//! level, most of a person's candidates are a few places away.

use super::super::score::Entrant;
use super::as_u32;

/// The pool in its new order, and for each new place the person's index in the original pool.
pub(super) struct Reordered {
    pub(super) entrants: Vec<Entrant>,
    pub(super) original: Vec<usize>,
}

pub(super) fn reorder(entrants: &[Entrant]) -> Reordered {
    let first_hour =
        |entrant: &Entrant| entrant.intervals.first().map_or(0, |&(start, _)| start / 3600 % 168);
    let mut original: Vec<usize> = (0..entrants.len()).collect();
    original.sort_unstable_by_key(|&index| {
        let entrant = &entrants[index];
        (entrant.track as u8, first_hour(entrant), entrant.level, index)
    });
    let mut place = vec![0u32; entrants.len()];
    for (new, &old) in original.iter().enumerate() {
        place[old] = as_u32(new);
    }
    let entrants = original
        .iter()
        .map(|&old| {
            let mut entrant = entrants[old].clone();
            entrant.recent = entrant.recent.iter().map(|&partner| place[partner as usize]).collect();
            entrant.recent.sort_unstable();
            entrant
        })
        .collect();
    Reordered { entrants, original }
}
