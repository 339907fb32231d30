//! Weekly slots made concrete: each person's slots become UTC intervals over the two weeks after
//! the run (DST-correct, through jiff's bundled time zone database), and a group's common time is
//! the intersection of its members' intervals.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

use super::pool::WeeklySlot;

/// The horizon a loop must fit in: two weeks after the run.
pub const HORIZON_DAYS: i64 = 14;
/// One round: 60 minutes of interview and 15 of feedback. A loop has one round per member, and
/// each round must fit whole inside one common interval (rounds may fall on different days).
pub const ROUND_SECONDS: i64 = 75 * 60;

/// A half-open UTC interval `[start, end)` in seconds since the Unix epoch.
pub type Interval = (i64, i64);

/// The person's weekly slots as sorted, disjoint UTC intervals within `[as_of, as_of + 14 days)`.
/// A local time that does not exist (a spring-forward gap) moves forward, as jiff's default does.
pub fn concrete_intervals(slots: &[WeeklySlot], tz: &TimeZone, as_of: Timestamp) -> Vec<Interval> {
    merge(slots.iter().flat_map(|slot| slot_intervals(slot, tz, as_of)).collect())
}

/// One weekly slot's occurrences within `[as_of, as_of + 14 days)`, in order, not merged with
/// anything: what [`concrete_intervals`] merges over a person's slots.
pub fn slot_intervals(slot: &WeeklySlot, tz: &TimeZone, as_of: Timestamp) -> Vec<Interval> {
    let from = as_of.as_second();
    let until = from + HORIZON_DAYS * 86_400;
    let first_day = as_of.to_zoned(tz.clone()).date();
    let mut intervals = Vec::new();
    // One day before covers a slot that started yesterday and runs past midnight.
    for offset in -1..=HORIZON_DAYS {
        let Ok(day) = first_day.checked_add(offset.days()) else { continue };
        if slot.day != day.weekday() {
            continue;
        }
        let Some((start, end)) = slot_on(day, slot, tz) else { continue };
        let (start, end) = (start.max(from), end.min(until));
        if start < end {
            intervals.push((start, end));
        }
    }
    intervals
}

fn slot_on(day: Date, slot: &WeeklySlot, tz: &TimeZone) -> Option<Interval> {
    let start = local_to_utc(day, slot.start_minute, tz)?;
    let end_day = if slot.end_minute <= slot.start_minute { day.checked_add(1.day()).ok()? } else { day };
    let end = local_to_utc(end_day, slot.end_minute, tz)?;
    (start < end).then_some((start, end))
}

/// Minutes after local midnight (1440 = the next midnight) on `day`, as a UTC second.
fn local_to_utc(day: Date, minute: u16, tz: &TimeZone) -> Option<i64> {
    let (day, minute) =
        if minute >= 1440 { (day.checked_add(1.day()).ok()?, minute - 1440) } else { (day, minute) };
    let hour = i8::try_from(minute / 60).ok()?;
    let minute = i8::try_from(minute % 60).ok()?;
    let zoned = day.at(hour, minute, 0, 0).to_zoned(tz.clone()).ok()?;
    Some(zoned.timestamp().as_second())
}

/// Sorts and merges overlapping or touching intervals.
pub fn merge(mut intervals: Vec<Interval>) -> Vec<Interval> {
    intervals.sort_unstable();
    let mut merged: Vec<Interval> = Vec::with_capacity(intervals.len());
    for (start, end) in intervals {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// The intersection of two sorted, disjoint interval lists, in linear time.
pub fn intersect(a: &[Interval], b: &[Interval]) -> Vec<Interval> {
    let (mut i, mut j) = (0, 0);
    let mut common = Vec::new();
    while i < a.len() && j < b.len() {
        let start = a[i].0.max(b[j].0);
        let end = a[i].1.min(b[j].1);
        if start < end {
            common.push((start, end));
        }
        if a[i].1 < b[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    common
}

/// How many whole rounds the intervals hold, each round inside one interval.
pub fn rounds_that_fit(intervals: &[Interval]) -> i64 {
    intervals.iter().map(|(start, end)| (end - start) / ROUND_SECONDS).sum()
}

#[cfg(test)]
mod tests {
    use jiff::civil::Weekday;

    use super::*;

    fn slot(day: Weekday, start: u16, end: u16) -> WeeklySlot {
        WeeklySlot { day, start_minute: start, end_minute: end }
    }

    #[test]
    fn a_weekly_slot_appears_twice_in_two_weeks_across_a_dst_change() {
        // Europe/Berlin leaves summer time on 2026-10-25: 18:00 is 16:00 UTC before, 17:00 UTC after.
        let as_of: Timestamp = "2026-10-19T00:00:00Z".parse().expect("instant");
        let tz = TimeZone::get("Europe/Berlin").expect("zone");
        let intervals = concrete_intervals(&[slot(Weekday::Monday, 18 * 60, 21 * 60)], &tz, as_of);
        let hours: Vec<i64> = intervals.iter().map(|(start, _)| start % 86_400 / 3600).collect();
        assert_eq!(hours, vec![16, 17]);
        assert!(intervals.iter().all(|(start, end)| end - start == 3 * 3600));
    }

    #[test]
    fn a_slot_past_midnight_ends_the_next_day() {
        let as_of: Timestamp = "2026-12-01T00:00:00Z".parse().expect("instant");
        let intervals = concrete_intervals(&[slot(Weekday::Tuesday, 22 * 60, 60)], &TimeZone::UTC, as_of);
        assert_eq!(intervals.len(), 2);
        assert_eq!(intervals[0].1 - intervals[0].0, 3 * 3600);
    }

    #[test]
    fn intersection_keeps_only_shared_time() {
        assert_eq!(intersect(&[(0, 10), (20, 30)], &[(5, 25)]), vec![(5, 10), (20, 25)]);
        assert_eq!(rounds_that_fit(&[(0, 2 * ROUND_SECONDS + 1), (0, ROUND_SECONDS - 1)]), 2);
    }
}
