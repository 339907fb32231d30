//! Practice-partner matching: a pool of people (docs/pool.schema.json) is split into disjoint
//! groups of 2 or 3 that maximise the total [`score`] — enough common time for a loop in
//! the next two weeks, same track and level, complementary readiness, few repeats, reliable and
//! long-waiting people first.
//!
//! [`heuristic::solve`] is the production matcher (a pool of 100,000 in under two seconds).
//! Its references: [`exact::solve`], the optimum of pools of up to [`exact::MAX_EXACT`] people;
//! [`blossom::pairs_optimum`], the optimum of pools of any size where everyone wants a pair; and
//! [`bound::upper_bound`], an upper bound on the optimum of any pool.

pub mod agenda;
pub mod availability;
pub mod blossom;
pub mod bound;
#[cfg(test)]
mod contract_tests;
pub mod exact;
pub mod generate;
pub mod heuristic;
pub mod pool;
pub mod proposal;
mod reasons;
pub mod score;
#[cfg(test)]
mod tests;

use jiff::Timestamp;
use serde::Serialize;

pub use pool::{parse_pool, GroupSize, Level, Person, Pool, PoolError, Track};
pub use score::{score_group, Entrant, GroupScore};

use crate::bank::RoundKind;
use pool::WeeklySlot;

/// The matcher's answer, in the JSON shape `mockloop match --json` prints.
#[derive(Debug, Clone, Serialize)]
pub struct MatchOutcome {
    pub groups: Vec<MatchedGroup>,
    pub unmatched: Vec<Unmatched>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatchedGroup {
    pub members: Vec<String>,
    pub score: f64,
    pub common_slots: Vec<CommonSlot>,
    pub reasons: Vec<String>,
}

/// A common interval, as RFC 3339 UTC instants.
#[derive(Debug, Clone, Serialize)]
pub struct CommonSlot {
    pub start: String,
    pub end: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Unmatched {
    pub id: String,
    pub reason: String,
}

/// Turns parsed people into what the score needs: concrete intervals, bit sets, indices.
pub fn prepare(pool: &Pool) -> Vec<Entrant> {
    let index: std::collections::HashMap<&str, u32> = pool
        .people
        .iter()
        .enumerate()
        .filter_map(|(i, person)| Some((person.id.as_str(), u32::try_from(i).ok()?)))
        .collect();
    let today = pool.as_of.to_zoned(jiff::tz::TimeZone::UTC).date();
    // Most people share their zone and slots with many others; converting each distinct slot
    // once keeps a pool of 100,000 from spending its time in time-zone arithmetic.
    let mut converted: std::collections::HashMap<(&str, WeeklySlot), Vec<availability::Interval>> =
        std::collections::HashMap::new();
    pool.people
        .iter()
        .map(|person| {
            let indices = |ids: &[String]| {
                let mut found: Vec<u32> =
                    ids.iter().filter_map(|id| index.get(id.as_str()).copied()).collect();
                found.sort_unstable();
                found
            };
            let mut intervals = Vec::new();
            for slot in &person.availability {
                match person.tz.iana_name() {
                    Some(zone) => intervals.extend_from_slice(
                        converted
                            .entry((zone, *slot))
                            .or_insert_with(|| availability::slot_intervals(slot, &person.tz, pool.as_of)),
                    ),
                    None => intervals.extend(availability::slot_intervals(slot, &person.tz, pool.as_of)),
                }
            }
            let days_waiting = (today - person.waiting_since).get_days();
            Entrant {
                track: person.track,
                level: person.level,
                group_size: person.group_size,
                wants: kind_bits(&person.wants),
                ready: kind_bits(&person.ready_to_interview),
                intervals: availability::merge(intervals),
                priority: Entrant::priority_for_wait(i64::from(days_waiting)),
                reliability: 1.0 / (1.0 + f64::from(person.no_shows)),
                recent: indices(&person.recent_partners),
                rematch: indices(&person.rematch),
            }
        })
        .collect()
}

fn kind_bits(kinds: &[RoundKind]) -> u8 {
    kinds.iter().fold(0, |bits, kind| bits | 1 << RoundKind::ALL.iter().position(|k| k == kind).unwrap_or(7))
}

/// The sum of the groups' scores (0 for an infeasible group, which the matchers never return).
pub fn total_score(entrants: &[Entrant], groups: &[Vec<usize>]) -> f64 {
    groups.iter().filter_map(|group| score_group(entrants, group)).map(|scored| scored.score).sum()
}

/// Matches a pool with the production heuristic and explains each group and each person left out.
/// `seed` only breaks ties among equally placed candidates; the same seed gives the same groups.
pub fn match_pool(pool: &Pool, seed: u64) -> MatchOutcome {
    let entrants = prepare(pool);
    let groups = heuristic::solve(&entrants, seed);
    let mut matched = vec![false; entrants.len()];
    let mut out = Vec::with_capacity(groups.len());
    for group in &groups {
        let Some(scored) = score_group(&entrants, group) else { continue };
        group.iter().for_each(|&member| matched[member] = true);
        out.push(MatchedGroup {
            members: group.iter().map(|&member| pool.people[member].id.clone()).collect(),
            score: (scored.score * 1000.0).round() / 1000.0,
            common_slots: scored.common.iter().map(|&(start, end)| slot(start, end)).collect(),
            reasons: reasons::for_group(pool, &entrants, group, &scored),
        });
    }
    let candidates = heuristic::candidates(&entrants, seed);
    let unmatched = (0..entrants.len())
        .filter(|&person| !matched[person])
        .map(|person| Unmatched {
            id: pool.people[person].id.clone(),
            reason: reasons::for_unmatched(&entrants, person, &candidates[person]),
        })
        .collect();
    MatchOutcome { groups: out, unmatched }
}

fn slot(start: i64, end: i64) -> CommonSlot {
    let show = |second: i64| Timestamp::from_second(second).map(|t| t.to_string()).unwrap_or_default();
    CommonSlot { start: show(start), end: show(end) }
}
