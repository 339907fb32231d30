//! Candidate partners: for each person a short list of others who could share a group with them.
//! A small pool lists everyone compatible, best [`affinity`] first. Larger ones look only at
//! people free in the same UTC hours of the week and near in level, those met in the most hours
//! first (ranked by affinity up to [`MEDIUM_POOL`]), so the work stays about linear in the pool
//! and, in the largest, touches little memory.

use std::ops::Range;

use super::super::generate::SplitMix;
use super::super::pool::{GroupSize, Level};
use super::super::score::{affinity, Entrant};
use super::as_u32;
use super::cores::on_all_cores;

/// Up to this size every compatible person is a candidate.
pub const SMALL_POOL: usize = 64;
/// Up to this size each person's list is wider.
pub const WIDE_POOL: usize = 5_000;
/// Up to this size the people met in the most hours are ranked by affinity before the best are
/// kept; above it they are kept unscored, which saves reading people from all over the pool.
pub const MEDIUM_POOL: usize = 20_000;

/// How far a large pool's candidate search looks.
#[derive(Clone, Copy)]
struct Reach {
    /// Neighbours looked at on each side of a person in each hour's list (sorted by level).
    per_hour: usize,
    /// People met in the most hours that are looked at further.
    met: usize,
    /// Whether those are ranked by affinity (else kept in the order met).
    ranked: bool,
    /// Candidates kept.
    kept: usize,
}

/// Wide enough that an exact matching on the lists finds nearly the pool's best pairs (98.7 % of
/// the optimum at 5,000 people, where the narrower medium reach gives 96.9 %).
const WIDE_REACH: Reach = Reach { per_hour: 16, met: 96, ranked: true, kept: 24 };
const MEDIUM_REACH: Reach = Reach { per_hour: 8, met: 48, ranked: true, kept: 16 };
const LARGE_REACH: Reach = Reach { per_hour: 3, met: usize::MAX, ranked: false, kept: 12 };
const HOURS_PER_WEEK: i64 = 168;
/// Threads computing a large pool's lists, at most.
const MAX_THREADS: usize = 4;

/// Each person's candidate partners, best affinity first; `seed` breaks ties.
pub fn candidates(entrants: &[Entrant], seed: u64) -> Vec<Vec<u32>> {
    let tiebreak = Tiebreak(seed);
    if entrants.len() <= SMALL_POOL {
        let everyone: Vec<u32> = (0..entrants.len()).map(as_u32).collect();
        return (0..entrants.len())
            .map(|person| ranked(entrants, person, &everyone, tiebreak, usize::MAX))
            .collect();
    }
    let reach = match entrants.len() {
        size if size <= WIDE_POOL => WIDE_REACH,
        size if size <= MEDIUM_POOL => MEDIUM_REACH,
        _ => LARGE_REACH,
    };
    let lists = HourLists::new(entrants, tiebreak);
    let lists_for = |people: Range<usize>| -> Vec<Vec<u32>> {
        let (mut met, mut counted) = (Vec::new(), Vec::new());
        people
            .map(|person| {
                lists.most_met(person, tiebreak, reach.per_hour, &mut met, &mut counted);
                met.retain(|&other| lists.may_group(person, other as usize));
                met.truncate(reach.met);
                if reach.ranked {
                    return ranked(entrants, person, &met, tiebreak, reach.kept);
                }
                met[..met.len().min(reach.kept)].to_vec()
            })
            .collect()
    };
    // Each person's list is independent of the others': the cores share the pool.
    on_all_cores(entrants.len(), MAX_THREADS, lists_for)
}

/// `others` that could share a group with `person`, best affinity first, at most `limit`.
fn ranked(entrants: &[Entrant], person: usize, others: &[u32], tiebreak: Tiebreak, limit: usize) -> Vec<u32> {
    let mut scored: Vec<(f64, u32)> = others
        .iter()
        .filter(|&&other| other as usize != person)
        .filter_map(|&other| Some((affinity(entrants, person, other as usize)?, other)))
        .collect();
    scored.sort_unstable_by(|x, y| y.0.total_cmp(&x.0).then(tiebreak.of(x.1).cmp(&tiebreak.of(y.1))));
    scored.truncate(limit);
    scored.into_iter().map(|(_, other)| other).collect()
}

/// A random but fixed order of people for breaking ties, computed rather than stored so that
/// comparing two people reads no memory.
#[derive(Clone, Copy)]
struct Tiebreak(u64);

impl Tiebreak {
    fn of(self, person: u32) -> u64 {
        SplitMix(self.0 ^ u64::from(person) << 1).next_u64()
    }
}

/// One list per track and UTC hour of the week of the people wholly free in that hour, sorted by
/// level and then at random, all in one array; `at` holds each person's places in it.
struct HourLists {
    /// (track and hour, level, tiebreak, person), sorted.
    entries: Vec<(i64, u8, u64, u32)>,
    /// Person `p`'s places in `entries` are `at[first[p]..first[p + 1]]`.
    at: Vec<u32>,
    first: Vec<usize>,
    /// Each person's level and accepted sizes, packed so that checking them touches no
    /// `Entrant`: reading people from all over a large pool is what costs there.
    traits: Vec<(Level, GroupSize)>,
}

impl HourLists {
    fn new(entrants: &[Entrant], tiebreak: Tiebreak) -> Self {
        let mut entries: Vec<(i64, u8, u64, u32)> = Vec::with_capacity(entrants.len() * 8);
        for (person, entrant) in entrants.iter().enumerate() {
            let list_base = entrant.track as i64 * HOURS_PER_WEEK;
            for hour in hours_of_week(entrant) {
                entries.push((
                    list_base + hour,
                    entrant.level as u8,
                    tiebreak.of(as_u32(person)),
                    as_u32(person),
                ));
            }
        }
        entries.sort_unstable();
        let mut first = vec![0usize; entrants.len() + 1];
        entries.iter().for_each(|entry| first[entry.3 as usize + 1] += 1);
        for person in 0..entrants.len() {
            first[person + 1] += first[person];
        }
        let mut next = first.clone();
        let mut at = vec![0u32; entries.len()];
        for (index, entry) in entries.iter().enumerate() {
            at[next[entry.3 as usize]] = as_u32(index);
            next[entry.3 as usize] += 1;
        }
        let traits = entrants.iter().map(|entrant| (entrant.level, entrant.group_size)).collect();
        Self { entries, at, first, traits }
    }

    /// At most one level apart and a group size both accept (the lists already share a track).
    fn may_group(&self, a: usize, b: usize) -> bool {
        let ((level_a, size_a), (level_b, size_b)) = (self.traits[a], self.traits[b]);
        (level_a as i8 - level_b as i8).abs() <= 1
            && [2, 3].iter().any(|&size| size_a.accepts(size) && size_b.accepts(size))
    }

    /// Fills `met` with the people next to `person` (within `per_hour` places) in
    /// any of their hours' lists, those met in the most hours first.
    fn most_met(
        &self,
        person: usize,
        tiebreak: Tiebreak,
        per_hour: usize,
        met: &mut Vec<u32>,
        counted: &mut Vec<(usize, u64, u32)>,
    ) {
        met.clear();
        for &index in &self.at[self.first[person]..self.first[person + 1]] {
            let index = index as usize;
            let list = self.entries[index].0;
            let low = index.saturating_sub(per_hour);
            let high = (index + per_hour + 1).min(self.entries.len());
            met.extend(self.entries[low..high].iter().filter(|entry| entry.0 == list).map(|entry| entry.3));
        }
        met.sort_unstable();
        counted.clear();
        counted.extend(
            met.chunk_by(|a, b| a == b).map(|run| (usize::MAX - run.len(), tiebreak.of(run[0]), run[0])),
        );
        counted.sort_unstable();
        met.clear();
        met.extend(counted.iter().map(|&(_, _, other)| other).filter(|&other| other as usize != person));
    }
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
