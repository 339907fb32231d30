//! The pool file (docs/pool.schema.json) parsed into typed people. Parsing is lenient about what
//! it does not use (unknown fields are ignored, lists may be missing) and strict about what it
//! does: ids are unique, tracks, levels and round kinds are known, time zones exist, times are
//! `HH:MM`. Every error names the person and the field.

use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde::Deserialize;

use crate::bank::RoundKind;

/// A pool as of one instant: the people waiting to be grouped.
#[derive(Debug, Clone)]
pub struct Pool {
    /// The matching run's instant; availability is looked at over the two weeks after it.
    pub as_of: Timestamp,
    pub people: Vec<Person>,
}

/// The interview track: groups never mix tracks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Track {
    Ds,
    Mle,
}

/// Target level, ordered so that adjacent levels differ by one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Senior = 0,
    Staff = 1,
    Principal = 2,
}

/// The group sizes a person accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupSize {
    Two,
    Three,
    Any,
}

impl GroupSize {
    pub fn accepts(self, size: usize) -> bool {
        matches!((self, size), (Self::Any, 2 | 3) | (Self::Two, 2) | (Self::Three, 3))
    }
}

/// A weekly slot in the person's own time zone, in minutes after midnight. An `end` at or before
/// `start` runs past midnight into the next day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WeeklySlot {
    pub day: Weekday,
    pub start_minute: u16,
    pub end_minute: u16,
}

#[derive(Debug, Clone)]
pub struct Person {
    pub id: String,
    pub track: Track,
    pub level: Level,
    pub tz: TimeZone,
    pub availability: Vec<WeeklySlot>,
    pub group_size: GroupSize,
    pub wants: Vec<RoundKind>,
    pub ready_to_interview: Vec<RoundKind>,
    pub focus: Vec<String>,
    /// People matched with recently: grouping them again costs, unless both asked for it.
    pub recent_partners: Vec<String>,
    /// Recent partners this person asks to be matched with again.
    pub rematch: Vec<String>,
    pub no_shows: u32,
    pub waiting_since: Date,
}

/// Why a pool file was refused, naming the person and field where there is one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PoolError {
    #[error("not a pool: {0}")]
    Json(String),
    #[error("as_of {0:?} is not an RFC 3339 instant such as 2026-12-01T00:00:00Z")]
    AsOf(String),
    #[error("the id {0:?} is used by more than one person")]
    DuplicateId(String),
    #[error("person {id:?}, {field}: {problem}")]
    Field { id: String, field: &'static str, problem: String },
}

#[derive(Debug, Deserialize)]
struct PoolFile {
    as_of: String,
    people: Vec<PersonFile>,
}

#[derive(Debug, Deserialize)]
struct PersonFile {
    id: String,
    track: String,
    level: String,
    tz: String,
    #[serde(default)]
    availability: Vec<SlotFile>,
    #[serde(default)]
    group_size: Option<serde_json::Value>,
    #[serde(default)]
    wants: Vec<String>,
    #[serde(default)]
    ready_to_interview: Vec<String>,
    #[serde(default)]
    focus: Vec<String>,
    #[serde(default)]
    recent_partners: Vec<String>,
    #[serde(default)]
    rematch: Vec<String>,
    #[serde(default)]
    no_shows: u32,
    #[serde(default)]
    waiting_since: Option<String>,
}

#[derive(Debug, Deserialize)]
struct SlotFile {
    day: String,
    start: String,
    end: String,
}

/// Parses a pool file's text. A missing `waiting_since` means the person joined on `as_of`'s day;
/// a missing `group_size` means "any".
pub fn parse_pool(text: &str) -> Result<Pool, PoolError> {
    let file: PoolFile = serde_json::from_str(text).map_err(|e| PoolError::Json(e.to_string()))?;
    let as_of: Timestamp = file.as_of.parse().map_err(|_| PoolError::AsOf(file.as_of.clone()))?;
    let mut seen = std::collections::HashSet::with_capacity(file.people.len());
    let mut people = Vec::with_capacity(file.people.len());
    for raw in file.people {
        if !seen.insert(raw.id.clone()) {
            return Err(PoolError::DuplicateId(raw.id));
        }
        people.push(parse_person(raw, as_of)?);
    }
    Ok(Pool { as_of, people })
}

fn parse_person(raw: PersonFile, as_of: Timestamp) -> Result<Person, PoolError> {
    let id = raw.id;
    let field = |field: &'static str, problem: String| PoolError::Field { id: id.clone(), field, problem };
    let track = match raw.track.as_str() {
        "ds" => Track::Ds,
        "mle" => Track::Mle,
        other => return Err(field("track", format!("{other:?} is not ds or mle"))),
    };
    let level = match raw.level.as_str() {
        "senior" => Level::Senior,
        "staff" => Level::Staff,
        "principal" => Level::Principal,
        other => return Err(field("level", format!("{other:?} is not senior, staff or principal"))),
    };
    let tz = TimeZone::get(&raw.tz)
        .map_err(|_| field("tz", format!("{:?} is not an IANA time zone such as Europe/Berlin", raw.tz)))?;
    let availability = raw
        .availability
        .iter()
        .map(parse_slot)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|problem| field("availability", problem))?;
    let group_size = match &raw.group_size {
        None => GroupSize::Any,
        Some(value) if value == 2 => GroupSize::Two,
        Some(value) if value == 3 => GroupSize::Three,
        Some(value) if value == "any" => GroupSize::Any,
        Some(value) => return Err(field("group_size", format!("{value} is not 2, 3 or \"any\""))),
    };
    let wants = parse_kinds(&raw.wants).map_err(|problem| field("wants", problem))?;
    let ready_to_interview =
        parse_kinds(&raw.ready_to_interview).map_err(|problem| field("ready_to_interview", problem))?;
    let waiting_since = match &raw.waiting_since {
        None => as_of.to_zoned(TimeZone::UTC).date(),
        Some(text) => text
            .parse::<Date>()
            .map_err(|_| field("waiting_since", format!("{text:?} is not a date YYYY-MM-DD")))?,
    };
    Ok(Person {
        track,
        level,
        tz,
        availability,
        group_size,
        wants,
        ready_to_interview,
        focus: raw.focus,
        recent_partners: raw.recent_partners,
        rematch: raw.rematch,
        no_shows: raw.no_shows,
        waiting_since,
        id,
    })
}

fn parse_kinds(names: &[String]) -> Result<Vec<RoundKind>, String> {
    let mut kinds = Vec::with_capacity(names.len());
    for name in names {
        let kind = RoundKind::parse(name).ok_or_else(|| {
            let known: Vec<&str> = RoundKind::ALL.iter().map(|kind| kind.as_str()).collect();
            format!("{name:?} is not a round kind (one of {})", known.join(", "))
        })?;
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    Ok(kinds)
}

fn parse_slot(slot: &SlotFile) -> Result<WeeklySlot, String> {
    let day = parse_day(&slot.day).ok_or_else(|| format!("{:?} is not a day (mon..sun)", slot.day))?;
    let start_minute =
        parse_time(&slot.start, 23).ok_or_else(|| format!("start {:?} is not a time HH:MM", slot.start))?;
    let end_minute =
        parse_time(&slot.end, 24).ok_or_else(|| format!("end {:?} is not a time HH:MM", slot.end))?;
    if end_minute == start_minute {
        return Err(format!("{} {}-{} is empty", slot.day, slot.start, slot.end));
    }
    Ok(WeeklySlot { day, start_minute, end_minute })
}

fn parse_day(text: &str) -> Option<Weekday> {
    let day = match text.to_ascii_lowercase().get(..3)? {
        "mon" => Weekday::Monday,
        "tue" => Weekday::Tuesday,
        "wed" => Weekday::Wednesday,
        "thu" => Weekday::Thursday,
        "fri" => Weekday::Friday,
        "sat" => Weekday::Saturday,
        "sun" => Weekday::Sunday,
        _ => return None,
    };
    Some(day)
}

/// `HH:MM` as minutes after midnight; `24:00` only where `max_hour` is 24 (a slot's end).
fn parse_time(text: &str, max_hour: u16) -> Option<u16> {
    let (hour, minute) = text.split_once(':')?;
    if hour.is_empty() || hour.len() > 2 || minute.len() != 2 {
        return None;
    }
    let hour: u16 = hour.parse().ok()?;
    let minute: u16 = minute.parse().ok()?;
    let valid = minute < 60 && (hour < max_hour.min(24) || (hour == 24 && max_hour == 24 && minute == 0));
    valid.then_some(hour * 60 + minute)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = r#"{"as_of": "2026-12-01T00:00:00Z", "people": [{"id": "p1", "track": "ds",
        "level": "staff", "tz": "Europe/Berlin", "availability": [{"day": "mon", "start": "18:00",
        "end": "21:00"}], "group_size": 2, "wants": ["coding"], "ready_to_interview": ["experimentation"],
        "focus": ["theme"], "recent_partners": ["p7"], "no_shows": 0, "waiting_since": "2026-11-20"}]}"#;

    #[test]
    fn the_issue_example_parses() {
        let pool = parse_pool(ONE).expect("valid");
        let person = &pool.people[0];
        assert_eq!(
            (person.track, person.level, person.group_size),
            (Track::Ds, Level::Staff, GroupSize::Two)
        );
        assert_eq!(person.availability[0].start_minute, 18 * 60);
        assert_eq!(person.wants, vec![RoundKind::Coding]);
    }

    #[test]
    fn errors_name_the_person_and_the_field() {
        let cases = [
            (r#""tz": "Europe/Berlin""#, r#""tz": "Mars/Olympus""#, "person \"p1\", tz:"),
            (r#""track": "ds""#, r#""track": "swe""#, "person \"p1\", track:"),
            (r#""level": "staff""#, r#""level": "l7""#, "person \"p1\", level:"),
            (r#""wants": ["coding"]"#, r#""wants": ["sql"]"#, "person \"p1\", wants:"),
            (r#""start": "18:00""#, r#""start": "18h""#, "person \"p1\", availability:"),
            (r#""group_size": 2"#, r#""group_size": 4"#, "person \"p1\", group_size:"),
        ];
        for (from, to, expected) in cases {
            let error = parse_pool(&ONE.replace(from, to)).expect_err(to).to_string();
            assert!(error.starts_with(expected), "{to}: {error}");
        }
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let two = ONE.replace(
            "}]}",
            "}, {\"id\": \"p1\", \"track\": \"ds\", \"level\": \"staff\", \"tz\": \"UTC\"}]}",
        );
        assert_eq!(parse_pool(&two).expect_err("duplicate"), PoolError::DuplicateId("p1".into()));
    }

    #[test]
    fn times_accept_midnight_only_as_an_end() {
        assert_eq!(parse_time("24:00", 24), Some(1440));
        assert_eq!(parse_time("24:00", 23), None);
        assert_eq!(parse_time("9:30", 23), Some(570));
        assert_eq!(parse_time("12:60", 23), None);
    }
}
