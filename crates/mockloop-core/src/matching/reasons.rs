//! Plain-language reasons for each group formed and each person left out.

use super::availability::{rounds_that_fit, ROUND_SECONDS};
use super::pool::{Level, Pool, Track};
use super::score::{readiness, recent_factor, score_group, Entrant, GroupScore, ADJACENT_LEVEL};

pub fn for_group(pool: &Pool, entrants: &[Entrant], group: &[usize], scored: &GroupScore) -> Vec<String> {
    let people: Vec<&Entrant> = group.iter().map(|&member| &entrants[member]).collect();
    let mut reasons = Vec::new();
    let levels: Vec<Level> = people.iter().map(|p| p.level).collect();
    let track = match people[0].track {
        Track::Ds => "ds",
        Track::Mle => "mle",
    };
    if levels.iter().all(|&level| level == levels[0]) {
        reasons.push(format!("same track ({track}) and level ({})", level_name(levels[0])));
    } else {
        reasons.push(format!("same track ({track}), adjacent levels (score x{ADJACENT_LEVEL})"));
    }
    let hours: i64 = scored.common.iter().map(|(start, end)| end - start).sum::<i64>() / 3600;
    reasons.push(format!(
        "{hours} h of common time in the next two weeks: {} rounds of {} min fit, {} needed",
        rounds_that_fit(&scored.common),
        ROUND_SECONDS / 60,
        group.len()
    ));
    let covered = readiness(&people);
    reasons.push(if covered >= 1.0 {
        "every round kind a member wants has another member ready to interview it".to_owned()
    } else {
        format!("{:.0}% of wanted round kinds have a ready interviewer in the group", covered * 100.0)
    });
    if recent_factor(entrants, group) < 1.0 {
        reasons
            .push("pairs people who met recently without both asking to meet again (penalised)".to_owned());
    }
    for &member in group {
        let person = &pool.people[member];
        if person.no_shows > 0 {
            reasons.push(format!("{} has {} no-show(s), lowering reliability", person.id, person.no_shows));
        }
        if entrants[member].priority > 1.25 {
            reasons.push(format!("{} has waited since {} (priority)", person.id, person.waiting_since));
        }
    }
    reasons
}

pub fn for_unmatched(entrants: &[Entrant], person: usize, candidates: &[u32]) -> String {
    let feasible = candidates.iter().any(|&other| score_group(entrants, &[person, other as usize]).is_some())
        || candidates.iter().enumerate().any(|(i, &a)| {
            candidates[i + 1..]
                .iter()
                .any(|&b| score_group(entrants, &[person, a as usize, b as usize]).is_some())
        });
    if feasible {
        "every compatible partner went to a group that scored higher; first in line next run".to_owned()
    } else {
        "nobody of the same track, a level within one and an accepted group size has common time for a loop"
            .to_owned()
    }
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Senior => "senior",
        Level::Staff => "staff",
        Level::Principal => "principal",
    }
}
