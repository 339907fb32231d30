//! The score of a group, the one number the matcher maximises.
//!
//! A group is *feasible* when it has 2 or 3 members who all accept that size, share a track, are
//! at most one level apart, and their common time in the next two weeks holds one round per member
//! ([`ROUND_SECONDS`], each round inside one common interval). Infeasible groups have no score.
//!
//! A feasible group's score is `quality × Σ priority(member)`, so a group of three counts for
//! three people and leaving someone unmatched costs their priority. `quality` lies in (0, 1]:
//!
//! `quality = level × recent × reliability × (0.3 + 0.3·overlap + 0.4·readiness)`
//!
//! - `overlap`: rounds that fit in the common time over two loops' worth (2 × size), capped at 1.
//! - `readiness`: the share of (member, wanted round kind) pairs for which another member is ready
//!   to interview that kind; 1 when nobody wants anything in particular.
//! - `level`: 1 at one level, [`ADJACENT_LEVEL`] when two adjacent levels mix.
//! - `recent`: [`RECENT_PARTNER`] for each pair where either lists the other among
//!   `recent_partners`, unless each lists the other in `rematch` (both asked to practise together
//!   again), which costs nothing.
//! - `reliability`: `0.5 + 0.5 × mean(1 / (1 + no_shows))` over the members.
//!
//! `priority = 1 + 0.5 × min(days waiting / 28, 1)`: people who have waited four weeks weigh half
//! as much again, so ties go to them and the matcher prefers grouping them over newcomers.

use super::availability::{intersect, rounds_that_fit, Interval, ROUND_SECONDS};
use super::pool::{GroupSize, Level, Track};

pub const ADJACENT_LEVEL: f64 = 0.75;
pub const RECENT_PARTNER: f64 = 0.5;
const BASE_WEIGHT: f64 = 0.3;
const OVERLAP_WEIGHT: f64 = 0.3;
const READINESS_WEIGHT: f64 = 0.4;
const WAIT_SATURATION_DAYS: f64 = 28.0;

/// A person as the matcher sees them: everything the score needs, precomputed.
#[derive(Debug, Clone)]
pub struct Entrant {
    pub track: Track,
    pub level: Level,
    pub group_size: GroupSize,
    /// Round kinds wanted / ready to interview, as bit sets over `RoundKind::ALL`.
    pub wants: u8,
    pub ready: u8,
    /// Sorted, disjoint UTC intervals within the two-week horizon.
    pub intervals: Vec<Interval>,
    pub priority: f64,
    /// `1 / (1 + no_shows)`.
    pub reliability: f64,
    /// Indices of the people this one lists as recent partners, sorted.
    pub recent: Vec<u32>,
    /// Indices of the recent partners this one asks to meet again, sorted.
    pub rematch: Vec<u32>,
}

impl Entrant {
    pub fn priority_for_wait(days_waiting: i64) -> f64 {
        1.0 + 0.5 * (days_waiting.max(0) as f64 / WAIT_SATURATION_DAYS).min(1.0)
    }

    fn met_recently(&self, other: usize) -> bool {
        u32::try_from(other).is_ok_and(|other| self.recent.binary_search(&other).is_ok())
    }

    fn asks_to_meet_again(&self, other: usize) -> bool {
        u32::try_from(other).is_ok_and(|other| self.rematch.binary_search(&other).is_ok())
    }
}

/// A feasible group's score and common time.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupScore {
    pub score: f64,
    pub quality: f64,
    /// Common intervals long enough for a round.
    pub common: Vec<Interval>,
}

/// Scores the group `members` (indices into `entrants`), or `None` when it is infeasible.
pub fn score_group(entrants: &[Entrant], members: &[usize]) -> Option<GroupScore> {
    let level = admissible(entrants, members)?;
    let mut common = intersect(&entrants[members[0]].intervals, &entrants[members[1]].intervals);
    if let Some(&third) = members.get(2) {
        common = intersect(&common, &entrants[third].intervals);
    }
    common.retain(|(start, end)| end - start >= ROUND_SECONDS);
    let (score, quality) = finish(entrants, members, level, rounds_that_fit(&common))?;
    Some(GroupScore { score, quality, common })
}

/// [`score_group`]'s score alone, without building the common time: the matchers and the
/// references call this millions of times, so it allocates nothing.
pub fn group_value(entrants: &[Entrant], members: &[usize]) -> Option<f64> {
    let level = admissible(entrants, members)?;
    let rounds = match *members {
        [a, b] => common_rounds(&[&entrants[a].intervals, &entrants[b].intervals]),
        [a, b, c] => common_rounds(&[&entrants[a].intervals, &entrants[b].intervals, &entrants[c].intervals]),
        _ => return None,
    };
    finish(entrants, members, level, rounds).map(|(score, _)| score)
}

/// Size, track, accepted sizes and levels: the checks that need no time arithmetic. Returns the
/// level factor of an admissible group.
fn admissible(entrants: &[Entrant], members: &[usize]) -> Option<f64> {
    let size = members.len();
    if !(2..=3).contains(&size) || members.iter().any(|&index| !entrants[index].group_size.accepts(size)) {
        return None;
    }
    level_factor(entrants, members)
}

/// Same track and at most one level apart: 1 for one level, [`ADJACENT_LEVEL`] for two.
fn level_factor(entrants: &[Entrant], members: &[usize]) -> Option<f64> {
    let first = &entrants[*members.first()?];
    let (mut low, mut high) = (first.level, first.level);
    for person in members.iter().map(|&index| &entrants[index]) {
        if person.track != first.track {
            return None;
        }
        low = low.min(person.level);
        high = high.max(person.level);
    }
    match high as u8 - low as u8 {
        0 => Some(1.0),
        1 => Some(ADJACENT_LEVEL),
        _ => None,
    }
}

/// What two people can be together: their pair's score, and whether some triple could hold both.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairOutlook {
    /// The pair's score, `None` when the pair is infeasible.
    pub pair: Option<f64>,
    /// Same track, at most one level apart, both accept three and three rounds in common: what
    /// every two members of a feasible triple have (a triple's common time lies inside each of
    /// its pairs', so it holds no more rounds).
    pub in_triple: bool,
}

pub fn pair_outlook(entrants: &[Entrant], a: usize, b: usize) -> PairOutlook {
    let Some(level) = level_factor(entrants, &[a, b]) else {
        return PairOutlook { pair: None, in_triple: false };
    };
    let rounds = common_rounds(&[&entrants[a].intervals, &entrants[b].intervals]);
    let both_accept = |size| entrants[a].group_size.accepts(size) && entrants[b].group_size.accepts(size);
    let pair =
        if both_accept(2) { finish(entrants, &[a, b], level, rounds).map(|(score, _)| score) } else { None };
    PairOutlook { pair, in_triple: both_accept(3) && rounds >= 3 }
}

/// How well `a` and `b` go together, whatever size of group they end up in: the quality of the
/// pair `{a, b}` as if both accepted a pair, or `None` when no feasible group holds both (other
/// track, levels two apart, no size both accept, or too little common time for that size).
/// Every feasible group's members are pairwise compatible in this sense.
pub fn affinity(entrants: &[Entrant], a: usize, b: usize) -> Option<f64> {
    let (first, second) = (&entrants[a], &entrants[b]);
    let smallest_shared =
        [2, 3].into_iter().find(|&size| first.group_size.accepts(size) && second.group_size.accepts(size))?;
    let level = level_factor(entrants, &[a, b])?;
    let rounds = common_rounds(&[&first.intervals, &second.intervals]);
    if rounds < smallest_shared as i64 {
        return None;
    }
    finish(entrants, &[a, b], level, rounds).map(|(_, quality)| quality)
}

/// The rounds that fit in the intersection of sorted, disjoint interval lists, counted as
/// [`rounds_that_fit`] counts them, walking the lists together instead of intersecting pairwise.
fn common_rounds(lists: &[&Vec<Interval>]) -> i64 {
    let mut at = [0usize; 3];
    let mut rounds = 0;
    loop {
        let mut start = i64::MIN;
        let mut end = i64::MAX;
        let mut ending_first = 0;
        for (list, intervals) in lists.iter().enumerate() {
            let Some(&(from, to)) = intervals.get(at[list]) else { return rounds };
            start = start.max(from);
            if to < end {
                (end, ending_first) = (to, list);
            }
        }
        if start < end {
            rounds += (end - start) / ROUND_SECONDS;
        }
        at[ending_first] += 1;
    }
}

/// The score and quality of an admissible group whose common time holds `rounds` rounds, or
/// `None` when that is fewer than one round per member.
fn finish(entrants: &[Entrant], members: &[usize], level: f64, rounds: i64) -> Option<(f64, f64)> {
    let size = members.len();
    if rounds < size as i64 {
        return None;
    }
    let mut people = [&entrants[members[0]]; 3];
    for (slot, &member) in people.iter_mut().zip(members) {
        *slot = &entrants[member];
    }
    let people = &people[..size];
    let overlap = (rounds as f64 / (2 * size) as f64).min(1.0);
    let quality = level
        * recent_factor(entrants, members)
        * reliability_factor(people)
        * (BASE_WEIGHT + OVERLAP_WEIGHT * overlap + READINESS_WEIGHT * readiness(people));
    Some((quality * people.iter().map(|p| p.priority).sum::<f64>(), quality))
}

/// The share of wanted round kinds that another member is ready to interview.
pub fn readiness(people: &[&Entrant]) -> f64 {
    let (mut wanted, mut covered) = (0u32, 0u32);
    for (index, person) in people.iter().enumerate() {
        let others =
            people.iter().enumerate().filter(|(j, _)| *j != index).fold(0u8, |bits, (_, p)| bits | p.ready);
        wanted += person.wants.count_ones();
        covered += (person.wants & others).count_ones();
    }
    if wanted == 0 {
        1.0
    } else {
        f64::from(covered) / f64::from(wanted)
    }
}

/// [`RECENT_PARTNER`] per pair that met recently, unless both asked to meet again.
pub fn recent_factor(entrants: &[Entrant], members: &[usize]) -> f64 {
    let mut factor = 1.0;
    for (i, &a) in members.iter().enumerate() {
        for &b in &members[i + 1..] {
            let met = entrants[a].met_recently(b) || entrants[b].met_recently(a);
            let both_asked = entrants[a].asks_to_meet_again(b) && entrants[b].asks_to_meet_again(a);
            if met && !both_asked {
                factor *= RECENT_PARTNER;
            }
        }
    }
    factor
}

fn reliability_factor(people: &[&Entrant]) -> f64 {
    0.5 + 0.5 * people.iter().map(|p| p.reliability).sum::<f64>() / people.len() as f64
}

/// An upper bound on what `person` can contribute to any group's score: `priority × quality`
/// with every factor at its best (one level, no recent partner, readiness 1, the others never
/// missing a round) and overlap capped by the person's own time.
pub fn contribution_bound(person: &Entrant) -> f64 {
    let own_rounds = rounds_that_fit(&person.intervals);
    if own_rounds < 2 {
        return 0.0;
    }
    let overlap = (own_rounds as f64 / 4.0).min(1.0);
    let reliability = 0.5 + 0.5 * (person.reliability + 2.0) / 3.0;
    person.priority * reliability * (BASE_WEIGHT + OVERLAP_WEIGHT * overlap + READINESS_WEIGHT)
}

/// The best quality of any feasible group holding `person`, from the person alone: level,
/// recent and readiness factors at most 1, the others' reliability at most 1, and the group's
/// common time within the person's own (so no more rounds fit in it). 0 when no size the person
/// accepts fits in their own time.
pub fn quality_cap(person: &Entrant) -> f64 {
    let own_rounds = rounds_that_fit(&person.intervals);
    [2usize, 3]
        .into_iter()
        .filter(|&size| person.group_size.accepts(size) && own_rounds >= size as i64)
        .map(|size| {
            let reliability = 0.5 + 0.5 * (person.reliability + (size - 1) as f64) / size as f64;
            let overlap = (own_rounds as f64 / (2 * size) as f64).min(1.0);
            reliability * (BASE_WEIGHT + OVERLAP_WEIGHT * overlap + READINESS_WEIGHT)
        })
        .fold(0.0, f64::max)
}

/// What `a` and `b` can reach together: the quality of the pair `{a, b}` (`None` when
/// infeasible), and a cap on the quality of any feasible triple holding both (`None` when no
/// triple can). The cap holds because a triple's levels spread at least as far as the pair's,
/// its recent factor multiplies the pair's by more factors of at most 1, its common time lies
/// inside the pair's (so no more rounds fit), its third member's reliability is at most 1 and
/// its readiness at most 1.
pub fn partner_caps(entrants: &[Entrant], a: usize, b: usize) -> (Option<f64>, Option<f64>) {
    let Some(level) = level_factor(entrants, &[a, b]) else { return (None, None) };
    let (first, second) = (&entrants[a], &entrants[b]);
    let rounds = common_rounds(&[&first.intervals, &second.intervals]);
    let both_accept = |size| first.group_size.accepts(size) && second.group_size.accepts(size);
    let pair = if both_accept(2) {
        finish(entrants, &[a, b], level, rounds).map(|(_, quality)| quality)
    } else {
        None
    };
    let triple = (both_accept(3) && rounds >= 3).then(|| {
        let overlap = (rounds as f64 / 6.0).min(1.0);
        let reliability = 0.5 + 0.5 * (first.reliability + second.reliability + 1.0) / 3.0;
        level
            * recent_factor(entrants, &[a, b])
            * reliability
            * (BASE_WEIGHT + OVERLAP_WEIGHT * overlap + READINESS_WEIGHT)
    });
    (pair, triple)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entrant(level: Level, wants: u8, ready: u8) -> Entrant {
        Entrant {
            track: Track::Ds,
            level,
            group_size: GroupSize::Any,
            wants,
            ready,
            intervals: vec![(0, 10 * ROUND_SECONDS)],
            priority: 1.0,
            reliability: 1.0,
            recent: Vec::new(),
            rematch: Vec::new(),
        }
    }

    #[test]
    fn a_perfect_pair_scores_one_per_member() {
        let pool = [entrant(Level::Staff, 1, 2), entrant(Level::Staff, 2, 1)];
        let scored = score_group(&pool, &[0, 1]).expect("feasible");
        assert!((scored.score - 2.0).abs() < 1e-9, "{scored:?}");
    }

    #[test]
    fn adjacent_levels_cost_and_distant_levels_are_refused() {
        let same = [entrant(Level::Staff, 0, 0), entrant(Level::Staff, 0, 0)];
        let adjacent = [entrant(Level::Staff, 0, 0), entrant(Level::Principal, 0, 0)];
        let distant = [entrant(Level::Senior, 0, 0), entrant(Level::Principal, 0, 0)];
        let same = score_group(&same, &[0, 1]).expect("feasible").score;
        let adjacent = score_group(&adjacent, &[0, 1]).expect("feasible").score;
        assert!((adjacent - same * ADJACENT_LEVEL).abs() < 1e-9);
        assert!(score_group(&distant, &[0, 1]).is_none());
    }

    #[test]
    fn unmet_wants_lower_the_score() {
        let met = [entrant(Level::Staff, 1, 2), entrant(Level::Staff, 2, 1)];
        let unmet = [entrant(Level::Staff, 1, 0), entrant(Level::Staff, 2, 0)];
        let met = score_group(&met, &[0, 1]).expect("feasible").score;
        let unmet = score_group(&unmet, &[0, 1]).expect("feasible").score;
        assert!((met - unmet - 2.0 * READINESS_WEIGHT).abs() < 1e-9);
    }

    #[test]
    fn recent_partners_are_penalised_unless_both_ask_to_meet_again() {
        let mut pool = vec![entrant(Level::Staff, 0, 0), entrant(Level::Staff, 0, 0)];
        pool[0].recent = vec![1];
        assert!((recent_factor(&pool, &[0, 1]) - RECENT_PARTNER).abs() < 1e-9);
        pool[1].recent = vec![0];
        assert!((recent_factor(&pool, &[0, 1]) - RECENT_PARTNER).abs() < 1e-9);
        pool[0].rematch = vec![1];
        assert!((recent_factor(&pool, &[0, 1]) - RECENT_PARTNER).abs() < 1e-9, "one asking is not enough");
        pool[1].rematch = vec![0];
        assert!((recent_factor(&pool, &[0, 1]) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn no_shows_and_waiting_move_the_score() {
        let mut pool = vec![entrant(Level::Staff, 0, 0), entrant(Level::Staff, 0, 0)];
        let base = score_group(&pool, &[0, 1]).expect("feasible").score;
        pool[1].reliability = 0.5;
        assert!(score_group(&pool, &[0, 1]).expect("feasible").score < base);
        pool[1].reliability = 1.0;
        pool[1].priority = Entrant::priority_for_wait(28);
        assert!(score_group(&pool, &[0, 1]).expect("feasible").score > base);
    }

    #[test]
    fn sizes_and_common_time_are_constraints() {
        let mut pool =
            vec![entrant(Level::Staff, 0, 0), entrant(Level::Staff, 0, 0), entrant(Level::Staff, 0, 0)];
        pool[0].group_size = GroupSize::Two;
        assert!(score_group(&pool, &[0, 1, 2]).is_none());
        assert!(score_group(&pool, &[1, 2, 0]).is_none());
        pool[2].intervals = vec![(0, ROUND_SECONDS)];
        pool[0].group_size = GroupSize::Any;
        assert!(score_group(&pool, &[0, 2]).is_none(), "one round fits, a pair needs two");
    }
}
