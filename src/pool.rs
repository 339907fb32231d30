//! The matching pool as a service. A run turns the stored pool into a pool document
//! (docs/pool.schema.json), lets the core matcher group it, and proposes the groups; members
//! accept or decline before a deadline; a group everyone accepted becomes a circle with a loop laid
//! into the members' common time; declined and expired proposals return the others to the pool
//! first in line. The scheduler runs all of this on every instance, and exactly one instance runs
//! each scheduled matching.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};
use mockloop_core::bank::{Bank, RoundKind, Template};
use mockloop_core::matching::agenda::{common_time, lay_out, Sitting, AGENDA_WEEKS, MAX_DAY_SECONDS};
use mockloop_core::matching::proposal::{next_run_after, Outcome, ProposalState, Response};
use mockloop_core::matching::{match_pool, parse_pool, Person, Pool};
use mockloop_core::planner::{render_ics, Plan};
use mockloop_core::CircleName;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::mail::Attachment;
use crate::notify::{EmailExtra, Notifier};
use crate::planning::{plan_rows, planner_labels, LoopFor, PlanningError};
use crate::secrets;
use crate::store::pool::{Answered, FormedGroup, NewProposal, NewRun, PoolEntryRow};
use crate::store::StoreError;

/// Partners from loops created this recently count as recent partners.
pub const RECENT_PARTNER_DAYS: i64 = 56;
/// No-shows reported this recently count against reliability.
pub const NO_SHOW_DAYS: i64 = 180;
/// Someone returned with priority counts as having waited this long, the score's saturation.
const PRIORITY_WAIT_DAYS: i64 = 28;
/// A formed group's loop starts at its first common slot at least this long after forming, so
/// nobody learns of a round that starts within the hour.
pub const LEAD_SECONDS: i64 = 12 * 3600;
/// How often the scheduler looks at the clock.
const TICK: Duration = Duration::from_secs(30);
const MAX_SLOTS: usize = 28;

/// The pool's service: the store and notifications, the bank for templates and themes, and the
/// time members have to answer a proposal.
#[derive(Clone, Debug)]
pub struct Matchmaker {
    pub notifier: Notifier,
    pub bank: Arc<Bank>,
    pub answer_seconds: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum PoolError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A field of the entry is unusable; the message is written for the person who filled it in.
    #[error("{message}")]
    Invalid { field: &'static str, message: String },
    #[error("This proposal is closed: it was declined, expired or already formed.")]
    Closed,
    #[error("could not plan the group's loop: {0}")]
    Planning(String),
}

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

/// What a matching run did.
#[derive(Clone, Debug, Serialize)]
pub struct RunSummary {
    pub run_id: String,
    pub people: usize,
    pub proposals: Vec<String>,
    pub unmatched: usize,
    pub expired: usize,
    pub formed: usize,
}

impl Matchmaker {
    fn store(&self) -> &crate::store::Store {
        &self.notifier.store
    }

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

    /// One matching run: settles deadlines first, then groups everyone active and proposes the
    /// groups. `seed` only breaks ties.
    pub async fn run(&self, now: i64, seed: u64) -> Result<RunSummary, PoolError> {
        let (expired, formed) = self.settle(now).await?;
        let document = self.pool_document(now).await?;
        let pool = parse_pool(&document.to_string()).map_err(|e| PoolError::Planning(e.to_string()))?;
        let outcome = match_pool(&pool, seed);
        let names = self.names_of(&pool).await?;
        let proposals: Vec<NewProposal> = outcome
            .groups
            .iter()
            .map(|group| NewProposal {
                id: secrets::new_id().to_string(),
                member_ids: group.members.clone(),
                track: pool
                    .people
                    .iter()
                    .find(|p| Some(&p.id) == group.members.first())
                    .map_or("ds", track_name)
                    .to_owned(),
                score_milli: (group.score * 1000.0).round() as i64,
                common_json: serde_json::to_string(&group.common_slots).unwrap_or_else(|_| "[]".to_owned()),
                reasons_json: serde_json::to_string(&named(&shareable(&group.reasons), &names))
                    .unwrap_or_else(|_| "[]".to_owned()),
            })
            .collect();
        let run = NewRun {
            id: secrets::new_id().to_string(),
            ran_at: now,
            deadline: now + self.answer_seconds,
            people: pool.people.len() as i64,
            unmatched: outcome.unmatched.len() as i64,
            notes: outcome.unmatched.iter().map(|u| (u.id.clone(), u.reason.clone())).collect(),
            proposals,
        };
        let stored = self.store().record_match_run(&run).await?;
        let deadline = rfc3339(run.deadline);
        for proposal in run.proposals.iter().filter(|p| stored.contains(&p.id)) {
            for member in &proposal.member_ids {
                let others: Vec<&str> = proposal
                    .member_ids
                    .iter()
                    .filter(|id| *id != member)
                    .map(|id| names.get(id).map_or("a peer", String::as_str))
                    .collect();
                let message = format!(
                    "mockloop proposes a practice group with {}: accept or decline by {deadline}.",
                    and_list(&others)
                );
                self.notifier.notify(member, &message, &format!("/pool/proposals/{}", proposal.id)).await;
            }
        }
        Ok(RunSummary {
            run_id: run.id,
            people: pool.people.len(),
            proposals: stored,
            unmatched: outcome.unmatched.len(),
            expired,
            formed,
        })
    }

    async fn names_of(&self, pool: &Pool) -> Result<HashMap<String, String>, PoolError> {
        let mut names = HashMap::with_capacity(pool.people.len());
        for person in &pool.people {
            if let Some(user) = self.store().user_by_id(&person.id).await? {
                names.insert(person.id.clone(), user.display_name);
            }
        }
        Ok(names)
    }

    /// Closes proposals past their deadline and forms groups everyone accepted but that were not
    /// formed yet. Returns how many of each.
    pub async fn settle(&self, now: i64) -> Result<(usize, usize), PoolError> {
        let expired = self.store().expire_proposals(now).await?;
        for closed in &expired {
            self.tell_closed(&closed.proposal_id, ProposalState::Expired, &closed.outcomes).await;
        }
        let mut formed = 0;
        for proposal_id in self.store().accepted_unformed_proposals().await? {
            if self.form(&proposal_id, now).await?.is_some() {
                formed += 1;
            }
        }
        Ok((expired.len(), formed))
    }

    /// Records a member's answer; the last acceptance forms the group. Returns the state the
    /// proposal is in afterwards.
    pub async fn answer(
        &self,
        proposal_id: &str,
        user_id: &str,
        response: Response,
        now: i64,
    ) -> Result<ProposalState, PoolError> {
        match self.store().answer_proposal(proposal_id, user_id, response, now).await? {
            Answered::NotOpen => Err(PoolError::Closed),
            Answered::Waiting => Ok(ProposalState::Open),
            Answered::AllAccepted => {
                self.form(proposal_id, now).await?;
                Ok(ProposalState::Accepted)
            }
            Answered::Closed(state, outcomes) => {
                self.tell_closed(proposal_id, state, &outcomes).await;
                Ok(state)
            }
        }
    }

    /// Leaves the pool: declines any open proposal first, so the others go back with priority.
    pub async fn leave(&self, user_id: &str, now: i64) -> Result<(), PoolError> {
        for proposal in self.store().proposals_of(user_id).await? {
            if proposal.status == ProposalState::Open.as_str() {
                match self.answer(&proposal.id, user_id, Response::Declined, now).await {
                    Ok(_) | Err(PoolError::Closed) => {}
                    Err(error) => return Err(error),
                }
            }
        }
        self.store().delete_pool_entry(user_id).await?;
        Ok(())
    }

    async fn tell_closed(&self, proposal_id: &str, state: ProposalState, outcomes: &[(String, Outcome)]) {
        let link = format!("/pool/proposals/{proposal_id}");
        for (user_id, outcome) in outcomes {
            let message = match (state, outcome) {
                (ProposalState::Declined, Outcome::Returns) => {
                    "You declined the proposed practice group; you are back in the pool for the next run."
                }
                (_, Outcome::ReturnsWithPriority) => {
                    "Your proposed practice group fell through; you are back in the pool and first in line at the next run."
                }
                (_, Outcome::Paused) => {
                    "Your proposed practice group expired without your answer, so your pool entry is paused. Resume it when you are ready."
                }
                _ => continue,
            };
            self.notifier.notify(user_id, message, &link).await;
        }
    }

    /// Forms the group of an all-accepted proposal: a circle of its members and a loop from the
    /// track's template, laid into their common time from the first common slot. `None` when
    /// another request formed it first.
    pub async fn form(&self, proposal_id: &str, now: i64) -> Result<Option<(String, String)>, PoolError> {
        let Some(proposal) = self.store().proposal(proposal_id).await? else { return Ok(None) };
        let members = self.store().proposal_members(proposal_id).await?;
        let mut people = Vec::with_capacity(members.len());
        for member in &members {
            let entry = self.store().pool_entry(&member.user_id).await?;
            let Some(person) = entry.as_ref().and_then(|entry| person_of(entry, now)) else {
                return Err(PoolError::Planning(format!("{} has no usable pool entry", member.display_name)));
            };
            people.push(person);
        }
        let template = self.template_for(&proposal.track)?;
        let time_zone = people.first().and_then(|p| p.tz.iana_name()).unwrap_or("UTC").to_owned();
        let tz = TimeZone::get(&time_zone).unwrap_or(TimeZone::UTC);
        let from = Timestamp::from_second(now + LEAD_SECONDS).unwrap_or_else(|_| Timestamp::now());
        let common = common_time(&people.iter().collect::<Vec<_>>(), from);
        let first_start = common.first().map_or(now + 86_400, |(start, _)| *start);
        let start = Timestamp::from_second(first_start).unwrap_or(from).to_zoned(tz.clone());
        let member_ids: Vec<String> = members.iter().map(|m| m.user_id.clone()).collect();
        let names: Vec<String> = members.iter().map(|m| m.display_name.clone()).collect();
        let circle_id = secrets::new_id().to_string();
        let (plan, mut new_loop) = plan_rows(
            self.store(),
            &self.bank,
            LoopFor {
                circle_id: &circle_id,
                participant_ids: &member_ids,
                names: &names,
                template: template.clone(),
                start: start.datetime(),
                start_text: start.strftime("%Y-%m-%dT%H:%M").to_string(),
                time_zone: time_zone.clone(),
                max_hours_per_day: MAX_DAY_SECONDS as f64 / 3600.0,
                seed: u64::from_le_bytes(secrets::random_bytes()) >> 1,
                created_by: &member_ids[0],
            },
        )
        .await
        .map_err(|error| match error {
            PlanningError::Store(error) => PoolError::Store(error),
            PlanningError::Plan(message) => PoolError::Planning(message),
        })?;
        let sittings: Vec<Sitting> = new_loop
            .rounds
            .iter()
            .map(|r| Sitting {
                interview_seconds: r.ends_at - r.starts_at,
                feedback_seconds: r.feedback_ends_at - r.ends_at,
            })
            .collect();
        let plan = match lay_out(&common, &sittings, i64::from(template.break_minutes) * 60) {
            Some(placed) => {
                for (round, at) in new_loop.rounds.iter_mut().zip(&placed) {
                    (round.starts_at, round.ends_at, round.feedback_ends_at) =
                        (at.start, at.end, at.feedback_end);
                }
                let zoned = |second: i64| Timestamp::from_second(second).unwrap_or(from).to_zoned(tz.clone());
                let times: Vec<(Zoned, Zoned, Zoned)> =
                    placed.iter().map(|p| (zoned(p.start), zoned(p.end), zoned(p.feedback_end))).collect();
                plan.retimed(&times).unwrap_or(plan)
            }
            None => {
                tracing::info!(
                    proposal_id,
                    "the group's common time holds no full loop in {AGENDA_WEEKS} weeks; days follow the first slot"
                );
                plan
            }
        };
        let circle_name = circle_name(&names);
        let formed = self
            .store()
            .form_group(&FormedGroup {
                proposal_id,
                circle_id: &circle_id,
                circle_name: &circle_name,
                member_ids: &member_ids,
                new_loop: &new_loop,
                now,
            })
            .await?;
        if !formed {
            return Ok(None);
        }
        self.tell_formed(&circle_id, &new_loop.row.id, &plan, &member_ids, &names).await;
        Ok(Some((circle_id, new_loop.row.id.clone())))
    }

    /// Sends each member the agenda (their own calendar attached, with question titles only where
    /// they interview).
    async fn tell_formed(
        &self,
        circle_id: &str,
        loop_id: &str,
        plan: &Plan,
        member_ids: &[String],
        names: &[String],
    ) {
        let labels = planner_labels(names);
        let link = format!("/circles/{circle_id}/loops/{loop_id}");
        let first = plan.slots().next().map(|slot| slot.start.strftime("%a %-d %b %Y, %H:%M %Z").to_string());
        for (index, member) in member_ids.iter().enumerate() {
            let others: Vec<&str> =
                names.iter().enumerate().filter(|(i, _)| *i != index).map(|(_, n)| n.as_str()).collect();
            let message = format!(
                "Your practice group with {} is formed; the loop starts {}.",
                and_list(&others),
                first.as_deref().unwrap_or("soon")
            );
            let ics = render_ics(plan, Some(&labels[index]), Timestamp::now());
            let extra = EmailExtra {
                text: agenda_text(plan),
                attachments: vec![Attachment {
                    filename: format!("mockloop-{}.ics", plan.template_id),
                    content_type: "text/calendar; charset=utf-8",
                    body: ics.into_bytes(),
                }],
            };
            self.notifier.notify_with(member, &message, &link, extra).await;
        }
    }

    fn template_for(&self, track: &str) -> Result<&Template, PoolError> {
        let wanted = format!("staff-{track}");
        self.bank
            .template(&wanted)
            .or_else(|| self.bank.templates.iter().find(|t| t.id.ends_with(&format!("-{track}"))))
            .or_else(|| self.bank.templates.first())
            .ok_or_else(|| PoolError::Planning("the question bank has no loop template".into()))
    }

    /// Runs the schedule until the task is dropped: deadlines every tick, and a matching run
    /// whenever one is due (`every_seconds` apart; 0 runs none).
    pub async fn schedule(self, every_seconds: i64) {
        let mut tick = tokio::time::interval(TICK);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if self.store().is_closed() {
                return;
            }
            if let Err(error) = self.scheduled_step(every_seconds, secrets::now()).await {
                tracing::warn!(%error, "the matching schedule failed a step");
            }
        }
    }

    /// One look at the clock: settle deadlines, and run the matching if it is due and this
    /// instance claimed it.
    pub async fn scheduled_step(
        &self,
        every_seconds: i64,
        now: i64,
    ) -> Result<Option<RunSummary>, PoolError> {
        self.settle(now).await?;
        if every_seconds <= 0 {
            return Ok(None);
        }
        match self.store().next_match_run().await? {
            None => {
                self.store().claim_match_run(None, now + every_seconds).await?;
                Ok(None)
            }
            Some(due) if now >= due => {
                if self.store().claim_match_run(Some(due), next_run_after(due, every_seconds, now)).await? {
                    let seed = u64::from_le_bytes(secrets::random_bytes()) >> 1;
                    Ok(Some(self.run(now, seed).await?))
                } else {
                    Ok(None)
                }
            }
            Some(_) => Ok(None),
        }
    }
}

/// The agenda in plain words, without question titles (the email goes to interviewees too).
pub fn agenda_text(plan: &Plan) -> String {
    let mut text = format!("{} — times in {}\n", plan.template_name, plan.time_zone);
    for slot in plan.slots() {
        let who = match (&slot.interviewer, &slot.shadow) {
            (Some(interviewer), Some(shadow)) => {
                format!("{interviewer} interviews {}, {shadow} shadows", slot.interviewee)
            }
            (Some(interviewer), None) => format!("{interviewer} interviews {}", slot.interviewee),
            (None, _) => format!("{} practises alone", slot.interviewee),
        };
        text.push_str(&format!(
            "- {} {}–{} (feedback until {}): {} — {}\n",
            slot.start.strftime("%a %-d %b"),
            slot.start.strftime("%H:%M"),
            slot.end.strftime("%H:%M"),
            slot.feedback_end.strftime("%H:%M"),
            slot.round_kind.label(),
            who
        ));
    }
    text
}

fn circle_name(names: &[String]) -> String {
    let full = format!("Practice group: {}", and_list(&names.iter().map(String::as_str).collect::<Vec<_>>()));
    let short: String = full.chars().take(mockloop_core::circle::MAX_CIRCLE_NAME_CHARS).collect();
    CircleName::parse(&short).map_or_else(|_| "Practice group".to_owned(), |name| name.as_str().to_owned())
}

fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The reasons the members may read about each other: someone's no-show record is theirs alone
/// (it still weighs in the score).
fn shareable(reasons: &[String]) -> Vec<String> {
    reasons.iter().filter(|reason| !reason.contains("no-show")).cloned().collect()
}

/// Reasons name people by id in pool files; in the app they name them by display name.
fn named(reasons: &[String], names: &HashMap<String, String>) -> Vec<String> {
    reasons
        .iter()
        .map(|reason| names.iter().fold(reason.clone(), |text, (id, name)| text.replace(id.as_str(), name)))
        .collect()
}

fn track_name(person: &Person) -> &'static str {
    match person.track {
        mockloop_core::matching::Track::Ds => "ds",
        mockloop_core::matching::Track::Mle => "mle",
    }
}

pub fn rfc3339(second: i64) -> String {
    Timestamp::from_second(second).map(|t| t.to_string()).unwrap_or_default()
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
fn person_of(entry: &PoolEntryRow, now: i64) -> Option<Person> {
    let input = input_of(entry)?;
    let document =
        json!({"as_of": rfc3339(now), "people": [person_json(&entry.user_id, &input, &[], 0, None)]});
    parse_pool(&document.to_string()).ok()?.people.pop()
}

/// Round kinds as the form lists them.
pub fn round_kinds() -> Vec<(&'static str, &'static str)> {
    RoundKind::ALL.iter().map(|kind| (kind.as_str(), kind.label())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_sentences() {
        assert_eq!(and_list(&["Ana"]), "Ana");
        assert_eq!(and_list(&["Ana", "Ben"]), "Ana and Ben");
        assert_eq!(and_list(&["Ana", "Ben", "Cai"]), "Ana, Ben and Cai");
    }

    #[test]
    fn circle_names_fit_the_limit() {
        let long: Vec<String> = (0..3).map(|i| format!("{i}{}", "x".repeat(60))).collect();
        let name = circle_name(&long);
        assert!(name.chars().count() <= mockloop_core::circle::MAX_CIRCLE_NAME_CHARS);
        assert!(name.starts_with("Practice group: "));
    }

    #[test]
    fn members_do_not_read_each_others_no_shows() {
        let reasons = [
            "same track (ds) and level (staff)".to_owned(),
            "01ABC has 2 no-show(s), lowering reliability".to_owned(),
        ];
        assert_eq!(shareable(&reasons), ["same track (ds) and level (staff)"]);
    }

    #[test]
    fn reasons_name_people_not_ids() {
        let names = HashMap::from([("01ABC".to_owned(), "Ana".to_owned())]);
        assert_eq!(
            named(&["01ABC has waited since 2026-11-01".to_owned()], &names),
            ["Ana has waited since 2026-11-01"]
        );
    }
}
