//! A person's pool entry: what they tell the pool (checked by the same parser that reads pool
//! files, so an entry that saves is one a run can use), and the stored pool as a pool document.

use std::collections::HashMap;

use jiff::tz::TimeZone;
use jiff::Timestamp;
use mockloop_core::bank::RoundKind;
use mockloop_core::matching::{parse_pool, Person};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::{rfc3339, Matchmaker, PoolError, NO_SHOW_DAYS, RECENT_PARTNER_DAYS};
use crate::secrets;
use crate::store::pool::PoolEntryRow;

/// Someone returned with priority counts as having waited this long, the score's saturation.
const PRIORITY_WAIT_DAYS: i64 = 28;
const MAX_SLOTS: usize = 28;

/// What a person tells the pool about themselves (the pool file's fields, minus what mockloop
/// knows already: id, recent partners, no-shows and waiting time).
#[derive(Clone, Debug, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct EntryInput {
    /// `ds` or `mle`.
    pub track: String,
    /// `senior`, `staff` or `principal`.
    pub level: String,
    /// IANA time zone of the availability, e.g. `Europe/Berlin`.
    pub tz: String,
    pub availability: Vec<SlotInput>,
    /// `2`, `3` or `"any"`, as in pool files (`"2"` and `"3"` are read too, as forms send them).
    #[serde(deserialize_with = "group_size_from_json", serialize_with = "group_size_to_json")]
    #[schema(value_type = Object)]
    pub group_size: String,
    #[serde(default)]
    pub wants: Vec<String>,
    #[serde(default)]
    pub ready_to_interview: Vec<String>,
    #[serde(default)]
    pub focus: Vec<String>,
    /// User ids of recent partners this person asks to be matched with again.
    #[serde(default)]
    pub rematch: Vec<String>,
}

fn group_size_from_json<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::Number(number) => Ok(number.to_string()),
        Value::String(text) => Ok(text),
        other => Err(serde::de::Error::custom(format!("{other} is not 2, 3 or \"any\""))),
    }
}

fn group_size_to_json<S: serde::Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
    match text.parse::<u8>() {
        Ok(number) => serializer.serialize_u8(number),
        Err(_) => serializer.serialize_str(text),
    }
}

/// A weekly slot in the person's own zone.
#[derive(Clone, Debug, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SlotInput {
    /// `mon` ... `sun`.
    pub day: String,
    /// `HH:MM`.
    pub start: String,
    /// `HH:MM`; at or before `start` runs past midnight.
    pub end: String,
}

impl Matchmaker {
    /// Checks an entry the way a run will read it, and stores it (joining or updating).
    pub async fn save_entry(&self, user_id: &str, input: &EntryInput, now: i64) -> Result<(), PoolError> {
        let input = self.checked(user_id, input).await?;
        let list = |items: &[String]| serde_json::to_string(items).unwrap_or_else(|_| "[]".to_owned());
        let row = PoolEntryRow {
            user_id: user_id.to_owned(),
            track: input.track.clone(),
            level: input.level.clone(),
            time_zone: input.tz.clone(),
            availability_json: serde_json::to_string(&input.availability).unwrap_or_else(|_| "[]".to_owned()),
            group_size: input.group_size.clone(),
            wants_json: list(&input.wants),
            ready_json: list(&input.ready_to_interview),
            focus_json: list(&input.focus),
            rematch_json: list(&input.rematch),
            status: "active".to_owned(),
            waiting_since: now,
            priority: 0,
            joined_at: now,
            updated_at: now,
            note: None,
        };
        self.store().save_pool_entry(&row).await?;
        Ok(())
    }

    /// The entry with its lists trimmed of duplicates, or the first problem found. The person is
    /// parsed by the same code that reads pool files, so an entry that saves is one a run can use.
    async fn checked(&self, user_id: &str, input: &EntryInput) -> Result<EntryInput, PoolError> {
        let mut input = input.clone();
        let invalid = |field: &'static str, message: String| PoolError::Invalid { field, message };
        if input.availability.is_empty() {
            return Err(invalid(
                "availability",
                "Add at least one weekly time slot when you are free.".into(),
            ));
        }
        if input.availability.len() > MAX_SLOTS {
            return Err(invalid("availability", format!("Give at most {MAX_SLOTS} weekly slots.")));
        }
        for list in [&mut input.wants, &mut input.ready_to_interview, &mut input.focus, &mut input.rematch] {
            let mut seen = std::collections::BTreeSet::new();
            list.retain(|item| seen.insert(item.clone()));
        }
        if let Some(unknown) = input.focus.iter().find(|theme| self.bank.theme(theme).is_none()) {
            return Err(invalid("focus", format!("{unknown:?} is not a theme of this question bank.")));
        }
        let partners = self.recent_partners_of(user_id, secrets::now()).await?;
        if let Some(stranger) = input.rematch.iter().find(|id| !partners.contains(id)) {
            return Err(invalid("rematch", format!("{stranger:?} is not one of your recent partners.")));
        }
        let document = json!({"as_of": Timestamp::now().to_string(), "people": [person_json(user_id, &input, &[], 0, None)]});
        parse_pool(&document.to_string()).map_err(|error| match error {
            mockloop_core::matching::PoolError::Field { field, problem, .. } => invalid(field, problem),
            other => invalid("entry", other.to_string()),
        })?;
        Ok(input)
    }

    /// User ids who shared a loop with `user_id` in the last [`RECENT_PARTNER_DAYS`].
    pub async fn recent_partners_of(&self, user_id: &str, now: i64) -> Result<Vec<String>, PoolError> {
        let pairs = self.store().recent_partner_pairs(now - RECENT_PARTNER_DAYS * 86_400).await?;
        Ok(pairs.into_iter().filter(|(a, _)| a == user_id).map(|(_, b)| b).collect())
    }

    /// The stored pool as a pool document (docs/pool.schema.json): what a run matches, and what
    /// `mockloop pool export` writes for offline runs.
    pub async fn pool_document(&self, now: i64) -> Result<Value, PoolError> {
        let entries = self.store().active_pool_entries().await?;
        let mut partners: HashMap<String, Vec<String>> = HashMap::new();
        for (a, b) in self.store().recent_partner_pairs(now - RECENT_PARTNER_DAYS * 86_400).await? {
            partners.entry(a).or_default().push(b);
        }
        let no_shows: HashMap<String, i64> =
            self.store().no_show_counts(now - NO_SHOW_DAYS * 86_400).await?.into_iter().collect();
        let mut people = Vec::with_capacity(entries.len());
        for entry in &entries {
            let Some(input) = input_of(entry) else {
                tracing::warn!(user_id = %entry.user_id, "skipping an unreadable pool entry");
                continue;
            };
            let waited_from = if entry.priority > 0 {
                entry.waiting_since.min(now - PRIORITY_WAIT_DAYS * 86_400)
            } else {
                entry.waiting_since
            };
            let recent = partners.get(&entry.user_id).cloned().unwrap_or_default();
            let person = person_json(
                &entry.user_id,
                &input,
                &recent,
                no_shows.get(&entry.user_id).copied().unwrap_or(0),
                Some(waited_from),
            );
            // One entry the parser refuses (a time zone retired since it was saved) must not stop
            // everyone else's run.
            let alone = json!({"as_of": rfc3339(now), "people": [person]});
            if parse_pool(&alone.to_string()).is_err() {
                tracing::warn!(user_id = %entry.user_id, "skipping a pool entry the matcher cannot read");
                continue;
            }
            people.push(person);
        }
        Ok(json!({"as_of": rfc3339(now), "people": people}))
    }
}

/// A stored entry back as the form's input.
pub fn input_of(entry: &PoolEntryRow) -> Option<EntryInput> {
    let list = |text: &str| serde_json::from_str::<Vec<String>>(text).ok();
    Some(EntryInput {
        track: entry.track.clone(),
        level: entry.level.clone(),
        tz: entry.time_zone.clone(),
        availability: serde_json::from_str(&entry.availability_json).ok()?,
        group_size: entry.group_size.clone(),
        wants: list(&entry.wants_json)?,
        ready_to_interview: list(&entry.ready_json)?,
        focus: list(&entry.focus_json)?,
        rematch: list(&entry.rematch_json)?,
    })
}

/// One person of a pool document.
fn person_json(
    id: &str,
    input: &EntryInput,
    recent: &[String],
    no_shows: i64,
    waiting_since: Option<i64>,
) -> Value {
    let group_size = match input.group_size.as_str() {
        "2" => json!(2),
        "3" => json!(3),
        other => json!(other),
    };
    let mut person = json!({
        "id": id, "track": input.track, "level": input.level, "tz": input.tz,
        "availability": input.availability, "group_size": group_size, "wants": input.wants,
        "ready_to_interview": input.ready_to_interview, "focus": input.focus,
        "recent_partners": recent, "rematch": input.rematch, "no_shows": no_shows,
    });
    if let Some(since) = waiting_since {
        let date = Timestamp::from_second(since).map(|t| t.to_zoned(TimeZone::UTC).date().to_string());
        person["waiting_since"] = json!(date.unwrap_or_default());
    }
    person
}

/// A stored entry as the matcher's person (for laying out a formed group's loop).
pub(super) fn person_of(entry: &PoolEntryRow, now: i64) -> Option<Person> {
    let input = input_of(entry)?;
    let document =
        json!({"as_of": rfc3339(now), "people": [person_json(&entry.user_id, &input, &[], 0, None)]});
    parse_pool(&document.to_string()).ok()?.people.pop()
}

/// Round kinds as the form lists them.
pub fn round_kinds() -> Vec<(&'static str, &'static str)> {
    RoundKind::ALL.iter().map(|kind| (kind.as_str(), kind.label())).collect()
}
