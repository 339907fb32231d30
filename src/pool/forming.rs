//! Forming a group everyone accepted: a circle of its members and a loop from the track's
//! template, its rounds laid into the members' common time, and each member told with the agenda
//! and their own calendar.

use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};
use mockloop_core::bank::Template;
use mockloop_core::matching::agenda::{common_time, lay_out, Sitting, AGENDA_WEEKS, MAX_DAY_SECONDS};
use mockloop_core::matching::availability::Interval;
use mockloop_core::planner::{render_ics, Plan};
use mockloop_core::CircleName;

use super::entry::person_of;
use super::{and_list, Matchmaker, PoolError};
use crate::mail::Attachment;
use crate::notify::EmailExtra;
use crate::planning::{plan_rows, planner_labels, LoopFor, PlanningError};
use crate::secrets;
use crate::store::loops::NewLoop;
use crate::store::proposals::FormedGroup;

/// A formed group's loop starts at its first common slot at least this long after forming, so
/// nobody learns of a round that starts within the hour.
pub const LEAD_SECONDS: i64 = 12 * 3600;
/// Rounds start on the quarter hour: a common slot under way when the lead time ends is entered
/// at the next quarter hour, not at whatever second forming happened plus the lead.
const START_STEP_SECONDS: i64 = 15 * 60;

/// The earliest moment a group formed at `now` may have its first round: the first quarter hour
/// after the lead time.
fn earliest_start(now: i64) -> i64 {
    ((now + LEAD_SECONDS).div_euclid(START_STEP_SECONDS) + 1) * START_STEP_SECONDS
}

/// The people of a group being formed, in proposal order, and the circle they will share.
struct Group {
    member_ids: Vec<String>,
    names: Vec<String>,
    /// The first member's zone, in which the loop's agenda is shown.
    time_zone: String,
    common: Vec<Interval>,
    circle_id: String,
}

fn timestamp(second: i64) -> Timestamp {
    Timestamp::from_second(second).unwrap_or_else(|_| Timestamp::now())
}

impl Matchmaker {
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
        let group = Group {
            member_ids: members.iter().map(|m| m.user_id.clone()).collect(),
            names: members.iter().map(|m| m.display_name.clone()).collect(),
            time_zone: people.first().and_then(|p| p.tz.iana_name()).unwrap_or("UTC").to_owned(),
            common: common_time(&people.iter().collect::<Vec<_>>(), timestamp(earliest_start(now))),
            circle_id: secrets::new_id().to_string(),
        };
        let template = self.template_for(&proposal.track)?.clone();
        let (plan, new_loop) = self.plan_in_common_time(&group, template, now).await?;
        let formed = self
            .store()
            .form_group(&FormedGroup {
                proposal_id,
                circle_id: &group.circle_id,
                circle_name: &circle_name(&group.names),
                member_ids: &group.member_ids,
                new_loop: &new_loop,
                now,
            })
            .await?;
        if !formed {
            return Ok(None);
        }
        self.tell_formed(&group.circle_id, &new_loop.row.id, &plan, &group.member_ids, &group.names).await;
        Ok(Some((group.circle_id, new_loop.row.id)))
    }

    /// Plans the group's loop from its first common slot, then lays its rounds into the common
    /// time; when the common time holds no full loop in [`AGENDA_WEEKS`] weeks, the planner's own
    /// days (from the first common slot, capped at [`MAX_DAY_SECONDS`]) stand.
    async fn plan_in_common_time(
        &self,
        group: &Group,
        template: Template,
        now: i64,
    ) -> Result<(Plan, NewLoop), PoolError> {
        let tz = TimeZone::get(&group.time_zone).unwrap_or(TimeZone::UTC);
        let first_start = group.common.first().map_or(earliest_start(now), |(start, _)| *start);
        let start = timestamp(first_start).to_zoned(tz.clone());
        let break_seconds = i64::from(template.break_minutes) * 60;
        let (plan, mut new_loop) = plan_rows(
            self.store(),
            &self.bank,
            LoopFor {
                circle_id: &group.circle_id,
                participant_ids: &group.member_ids,
                names: &group.names,
                template,
                start: start.datetime(),
                start_text: start.strftime("%Y-%m-%dT%H:%M").to_string(),
                time_zone: group.time_zone.clone(),
                max_hours_per_day: MAX_DAY_SECONDS as f64 / 3600.0,
                seed: u64::from_le_bytes(secrets::random_bytes()) >> 1,
                created_by: &group.member_ids[0],
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
        let Some(placed) = lay_out(&group.common, &sittings, break_seconds) else {
            tracing::info!("a group's common time holds no full loop in {AGENDA_WEEKS} weeks; days follow the first slot");
            return Ok((plan, new_loop));
        };
        for (round, at) in new_loop.rounds.iter_mut().zip(&placed) {
            (round.starts_at, round.ends_at, round.feedback_ends_at) = (at.start, at.end, at.feedback_end);
        }
        let zoned = |second: i64| timestamp(second).to_zoned(tz.clone());
        let times: Vec<(Zoned, Zoned, Zoned)> =
            placed.iter().map(|p| (zoned(p.start), zoned(p.end), zoned(p.feedback_end))).collect();
        let plan = plan.retimed(&times).unwrap_or(plan);
        Ok((plan, new_loop))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_round_may_start_on_the_first_quarter_hour_after_the_lead_time() {
        let formed = 10 * 3600 + 7 * 60 + 23;
        let earliest = earliest_start(formed);
        assert_eq!(earliest - formed, LEAD_SECONDS + 7 * 60 + 37, "10:07:23 + 12 h becomes 22:15");
        assert_eq!(earliest % START_STEP_SECONDS, 0);
        // On the quarter hour exactly, the next one: a round never starts within the lead time.
        let on_the_quarter = 4 * START_STEP_SECONDS - LEAD_SECONDS;
        assert_eq!(earliest_start(on_the_quarter), 5 * START_STEP_SECONDS);
    }

    #[test]
    fn circle_names_fit_the_limit() {
        let long: Vec<String> = (0..3).map(|i| format!("{i}{}", "x".repeat(60))).collect();
        let name = circle_name(&long);
        assert!(name.chars().count() <= mockloop_core::circle::MAX_CIRCLE_NAME_CHARS);
        assert!(name.starts_with("Practice group: "));
    }
}
