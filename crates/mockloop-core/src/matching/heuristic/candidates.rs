//! Candidate partners: for each person a short list of others who could share a group with them,
//! best [`affinity`] first. A small pool lists everyone compatible; a large one looks only at
//! people free in the same UTC hours of the week and near in level, then keeps the best few, so
//! the work stays about linear in the pool.

use super::super::generate::SplitMix;
use super::super::score::{affinity, Entrant};
use super::as_u32;

/// Up to this size every compatible person is a candidate.
pub const SMALL_POOL: usize = 64;
/// Neighbours looked at on each side of a person in each hour's list (sorted by level).
const NEIGHBOURS_PER_HOUR: usize = 3;
/// Candidates kept per person in a large pool.
const MAX_CANDIDATES: usize = 12;
const HOURS_PER_WEEK: i64 = 168;

/// Each person's candidate partners, best affinity first; `seed` breaks ties.
pub fn candidates(entrants: &[Entrant], seed: u64) -> Vec<Vec<u32>> {
    let tiebreak: Vec<u64> =
        (0..entrants.len()).map(|i| SplitMix(seed ^ (i as u64) << 1).next_u64()).collect();
    let (raw, limit) = if entrants.len() <= SMALL_POOL {
        let everyone: Vec<u32> = (0..entrants.len()).map(as_u32).collect();
        (vec![everyone; entrants.len()], usize::MAX)
    } else {
        (hour_neighbours(entrants, &tiebreak), MAX_CANDIDATES)
    };
    raw.into_iter()
        .enumerate()
        .map(|(person, list)| {
            let mut scored: Vec<(f64, u32)> = list
                .into_iter()
                .filter(|&other| other as usize != person)
                .filter_map(|other| Some((affinity(entrants, person, other as usize)?, other)))
                .collect();
            scored.sort_unstable_by(|x, y| {
                y.0.total_cmp(&x.0).then(tiebreak[x.1 as usize].cmp(&tiebreak[y.1 as usize]))
            });
            scored.truncate(limit);
            scored.into_iter().map(|(_, other)| other).collect()
        })
        .collect()
}

/// For each person, the people next to them (by level, then at random) in the list of each UTC
/// hour of the week they are wholly free, within their track. May repeat a person.
fn hour_neighbours(entrants: &[Entrant], tiebreak: &[u64]) -> Vec<Vec<u32>> {
    let mut entries: Vec<(i64, u8, u64, u32)> = Vec::with_capacity(entrants.len() * 8);
    for (person, entrant) in entrants.iter().enumerate() {
        let bucket_base = entrant.track as i64 * HOURS_PER_WEEK;
        for hour in hours_of_week(entrant) {
            entries.push((bucket_base + hour, entrant.level as u8, tiebreak[person], as_u32(person)));
        }
    }
    entries.sort_unstable();
    let mut raw: Vec<Vec<u32>> = vec![Vec::new(); entrants.len()];
    for (index, &(bucket, _, _, person)) in entries.iter().enumerate() {
        let low = index.saturating_sub(NEIGHBOURS_PER_HOUR);
        let high = (index + NEIGHBOURS_PER_HOUR + 1).min(entries.len());
        let list = &mut raw[person as usize];
        list.extend(entries[low..high].iter().filter(|entry| entry.0 == bucket).map(|entry| entry.3));
    }
    for list in &mut raw {
        list.sort_unstable();
        list.dedup();
    }
    raw
}

/// The UTC hours of the week (0..168) wholly inside one of the person's intervals.
fn hours_of_week(entrant: &Entrant) -> Vec<i64> {
    let mut hours: Vec<i64> = Vec::new();
    for &(start, end) in &entrant.intervals {
        let mut hour = (start + 3599) / 3600;
        while (hour + 1) * 3600 <= end {
            hours.push(hour % HOURS_PER_WEEK);
            hour += 1;
        }
    }
    hours.sort_unstable();
    hours.dedup();
    hours
}
