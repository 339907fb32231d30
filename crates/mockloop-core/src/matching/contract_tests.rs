//! The matcher's answer as `mockloop match` prints it, checked against the pool it came from:
//! everyone appears exactly once, groups are 2-3 people who accept that size, share a track and are
//! at most one level apart, and every common slot is a round long, inside the two-week horizon
//! and inside every member's own availability.

use std::collections::HashMap;

use jiff::Timestamp;
use proptest::prelude::*;

use super::availability::{concrete_intervals, HORIZON_DAYS, ROUND_SECONDS};
use super::generate::random_pool_json;
use super::{match_pool, parse_pool, Person};

fn seconds(text: &str) -> i64 {
    text.parse::<Timestamp>().expect("RFC 3339").as_second()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn every_group_keeps_its_members_stated_constraints(size in 2usize..90, seed in any::<u64>()) {
        let pool = parse_pool(&random_pool_json(size, seed)).expect("generated pools parse");
        let outcome = match_pool(&pool, seed);
        let people: HashMap<&str, &Person> = pool.people.iter().map(|p| (p.id.as_str(), p)).collect();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for id in outcome.groups.iter().flat_map(|g| g.members.iter()).chain(outcome.unmatched.iter().map(|u| &u.id)) {
            *seen.entry(id.as_str()).or_default() += 1;
        }
        prop_assert_eq!(seen.len(), pool.people.len());
        prop_assert!(seen.values().all(|&count| count == 1), "someone is listed twice");
        let from = pool.as_of.as_second();
        let until = from + HORIZON_DAYS * 86_400;
        for group in &outcome.groups {
            let members: Vec<&Person> = group.members.iter().map(|id| people[id.as_str()]).collect();
            prop_assert!((2..=3).contains(&members.len()));
            prop_assert!(members.iter().all(|m| m.group_size.accepts(members.len())));
            prop_assert!(members.iter().all(|m| m.track == members[0].track));
            let (low, high) = (members.iter().map(|m| m.level).min(), members.iter().map(|m| m.level).max());
            prop_assert!(high.zip(low).is_some_and(|(high, low)| high as u8 - low as u8 <= 1));
            prop_assert!(!group.common_slots.is_empty());
            prop_assert!(group.score > 0.0 && !group.reasons.is_empty());
            for slot in &group.common_slots {
                let (start, end) = (seconds(&slot.start), seconds(&slot.end));
                prop_assert!(end - start >= ROUND_SECONDS, "a slot shorter than a round");
                prop_assert!(from <= start && end <= until, "a slot outside the horizon");
                for member in &members {
                    let own = concrete_intervals(&member.availability, &member.tz, pool.as_of);
                    prop_assert!(
                        own.iter().any(|&(a, b)| a <= start && end <= b),
                        "{} is not free for {}..{}", member.id, slot.start, slot.end
                    );
                }
            }
        }
        for unmatched in &outcome.unmatched {
            prop_assert!(!unmatched.reason.is_empty());
        }
    }
}
