//! A formed group's loop in time: its sittings (a round and its feedback) laid into the members'
//! common weekly time, earliest first, so every round falls where everyone said they are free.

use jiff::Timestamp;

use super::availability::{concrete_intervals, intersect, merge, Interval, HORIZON_DAYS};
use super::pool::Person;

/// How far ahead a loop may be laid out. The matcher asks for a loop's worth of common time in
/// two weeks; weekly availability repeats, so a longer loop continues in the weeks after.
pub const AGENDA_WEEKS: i64 = 8;
/// The longest stretch of sittings on one day, from the first start to the last feedback's end.
pub const MAX_DAY_SECONDS: i64 = 4 * 3600;

/// One round and its feedback, in the order the loop runs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sitting {
    pub interview_seconds: i64,
    pub feedback_seconds: i64,
}

/// Where a sitting landed, as UTC seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    pub start: i64,
    pub end: i64,
    pub feedback_end: i64,
}

/// The members' common time over the [`AGENDA_WEEKS`] after `from`, as sorted UTC intervals.
pub fn common_time(people: &[&Person], from: Timestamp) -> Vec<Interval> {
    let windows = AGENDA_WEEKS * 7 / HORIZON_DAYS;
    let mut common: Option<Vec<Interval>> = None;
    for person in people {
        let mut own = Vec::new();
        for window in 0..windows {
            let Ok(as_of) = Timestamp::from_second(from.as_second() + window * HORIZON_DAYS * 86_400) else {
                continue;
            };
            own.extend(concrete_intervals(&person.availability, &person.tz, as_of));
        }
        let own = merge(own);
        common = Some(match common {
            None => own,
            Some(common) => intersect(&common, &own),
        });
    }
    common.unwrap_or_default()
}

/// Lays the sittings out in order, each inside one common interval, `break_seconds` apart when two
/// share a stretch, no stretch longer than [`MAX_DAY_SECONDS`]; a long interval (a free weekend)
/// holds one stretch a day. `None` when the common time runs out first.
pub fn lay_out(common: &[Interval], sittings: &[Sitting], break_seconds: i64) -> Option<Vec<Placed>> {
    let mut placed = Vec::with_capacity(sittings.len());
    let mut index = 0;
    let (mut stretch_start, mut cursor) = (common.first()?.0, common.first()?.0);
    for sitting in sittings {
        let length = sitting.interview_seconds + sitting.feedback_seconds;
        loop {
            let (_, interval_end) = *common.get(index)?;
            let start = if cursor == stretch_start { cursor } else { cursor + break_seconds };
            if start + length <= interval_end && start + length - stretch_start <= MAX_DAY_SECONDS {
                let end = start + sitting.interview_seconds;
                placed.push(Placed { start, end, feedback_end: end + sitting.feedback_seconds });
                cursor = start + length;
                break;
            }
            let next_day = stretch_start + 86_400;
            if next_day + length <= interval_end {
                (stretch_start, cursor) = (next_day, next_day);
            } else {
                index += 1;
                let (next_start, _) = *common.get(index)?;
                (stretch_start, cursor) = (next_start, next_start);
            }
        }
    }
    Some(placed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::parse_pool;

    const HOUR: i64 = 3600;

    fn sittings(count: usize) -> Vec<Sitting> {
        vec![Sitting { interview_seconds: 45 * 60, feedback_seconds: 15 * 60 }; count]
    }

    #[test]
    fn sittings_fill_an_evening_with_breaks_then_move_on() {
        let common = [(0, 3 * HOUR), (86_400, 86_400 + 3 * HOUR)];
        let placed = lay_out(&common, &sittings(3), 600).expect("fits");
        assert_eq!(placed[0], Placed { start: 0, end: 45 * 60, feedback_end: HOUR });
        assert_eq!(placed[1].start, HOUR + 600);
        assert_eq!(placed[2].start, 86_400, "a third hour plus two breaks does not fit the first evening");
    }

    #[test]
    fn a_long_free_interval_holds_one_stretch_a_day() {
        let common = [(0, 3 * 86_400)];
        let placed = lay_out(&common, &sittings(5), 0).expect("fits");
        let days: Vec<i64> = placed.iter().map(|p| p.start / 86_400).collect();
        assert_eq!(days, [0, 0, 0, 0, 1]);
        assert!(placed.iter().all(|p| p.feedback_end - (p.start / 86_400) * 86_400 <= MAX_DAY_SECONDS));
    }

    #[test]
    fn too_little_time_is_refused_and_nothing_overlaps() {
        assert_eq!(lay_out(&[(0, 90 * 60)], &sittings(2), 0), None);
        assert_eq!(lay_out(&[], &sittings(1), 0), None);
        let placed = lay_out(&[(0, 2 * HOUR), (5 * HOUR, 9 * HOUR)], &sittings(4), 300).expect("fits");
        assert_eq!(lay_out(&[(0, 2 * HOUR), (5 * HOUR, 9 * HOUR)], &sittings(5), 300), None);
        for pair in placed.windows(2) {
            assert!(pair[0].feedback_end <= pair[1].start);
        }
    }

    #[test]
    fn common_time_repeats_weekly_beyond_the_matching_horizon() {
        let pool = parse_pool(
            r#"{"as_of": "2026-12-01T00:00:00Z", "people": [
            {"id": "a", "track": "ds", "level": "staff", "tz": "Europe/Berlin",
             "availability": [{"day": "mon", "start": "18:00", "end": "21:00"}]},
            {"id": "b", "track": "ds", "level": "staff", "tz": "America/New_York",
             "availability": [{"day": "mon", "start": "13:00", "end": "14:30"}]}]}"#,
        )
        .expect("parses");
        let people: Vec<&Person> = pool.people.iter().collect();
        let common = common_time(&people, pool.as_of);
        assert_eq!(common.len() as i64, AGENDA_WEEKS, "one Monday overlap a week");
        // 13:00-14:30 in New York is 19:00-20:30 in Berlin in December.
        let first = Timestamp::from_second(common[0].0).expect("valid").to_string();
        assert_eq!(first, "2026-12-07T18:00:00Z");
        assert!(common.iter().all(|(start, end)| end - start == 90 * 60));
    }
}
