//! The matching pool as a service. A run turns the stored pool into a pool document
//! (docs/pool.schema.json), lets the core matcher group it, and proposes the groups; members
//! accept or decline before a deadline; a group everyone accepted becomes a circle with a loop laid
//! into the members' common time; declined and expired proposals return the others to the pool
//! first in line. The scheduler runs all of this on every instance, and exactly one instance runs
//! each scheduled matching.

mod entry;
mod forming;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use mockloop_core::bank::Bank;
use mockloop_core::matching::proposal::{next_run_after, Outcome, ProposalState, Response};
use mockloop_core::matching::{match_pool, parse_pool, Person, Pool};
use serde::Serialize;

pub use entry::{input_of, round_kinds, EntryInput, SlotInput};
pub use forming::{agenda_text, LEAD_SECONDS};

use crate::notify::Notifier;
use crate::secrets;
use crate::store::proposals::{Answered, NewProposal, NewRun};
use crate::store::StoreError;

/// Partners from loops created this recently count as recent partners.
pub const RECENT_PARTNER_DAYS: i64 = 56;
/// No-shows reported this recently count against reliability.
pub const NO_SHOW_DAYS: i64 = 180;
/// How often the scheduler looks at the clock.
const TICK: Duration = Duration::from_secs(30);

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
