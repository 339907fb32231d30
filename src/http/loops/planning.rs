//! Planning a loop for a circle's members, and rebuilding a stored loop as a plan for calendars.

use super::*;
use crate::planning::{plan_rows, planner_labels, LoopFor, PlanningError};

/// A relaxation as every participant may read it: the planner's own reasons can name questions,
/// which an interviewee must not learn before the round, so the shared agenda says only what gave way.
pub(super) fn shared_reason(rule: &str) -> &'static str {
    match rule {
        "unseen_question" => "Someone gets a question they have met before: the bank had no unseen one left.",
        "unseen_in_loop" => {
            "Someone is interviewee on a question they also see as interviewer or shadow in this loop."
        }
        "no_repeat_in_loop" => "A question is used in more than one round of this loop.",
        "daily_cap" => "A day runs past the daily cap: one round and its feedback are longer than the cap.",
        "no_back_to_back" => "Someone is interviewee in two rounds in a row without a break.",
        _ => "A planning rule could not hold.",
    }
}

pub(super) async fn plan_for_circle(
    state: &AppState,
    member: &CircleMember,
    request: &NewLoopRequest,
) -> AppResult<String> {
    let template =
        state.bank.template(&request.template).cloned().ok_or_else(|| {
            AppError::invalid("template", format!("Unknown template {:?}.", request.template))
        })?;
    let members = state.store.circle_members(member.circle_id.as_str()).await?;
    let mut participant_ids: Vec<String> = Vec::new();
    for id in &request.participants {
        if !members.iter().any(|m| &m.user_id == id) {
            return Err(AppError::invalid(
                "participants",
                "Every participant must be a member of this circle.",
            ));
        }
        if participant_ids.contains(id) {
            return Err(AppError::invalid("participants", "A participant is listed twice."));
        }
        participant_ids.push(id.clone());
    }
    let names: Vec<String> = participant_ids
        .iter()
        .map(|id| {
            members.iter().find(|m| &m.user_id == id).map_or_else(String::new, |m| m.display_name.clone())
        })
        .collect();
    let start: jiff::civil::DateTime = request.start.parse().map_err(|_| {
        AppError::invalid("start", "Give the start as a local date and time, e.g. 2026-12-05T09:00.")
    })?;
    let seed = request.seed.unwrap_or_else(|| u64::from_le_bytes(secrets::random_bytes()) >> 1);
    let (_, new_loop) = plan_rows(
        &state.store,
        &state.bank,
        LoopFor {
            circle_id: member.circle_id.as_str(),
            participant_ids: &participant_ids,
            names: &names,
            template,
            start,
            start_text: request.start.clone(),
            time_zone: request.time_zone.clone(),
            max_hours_per_day: request.max_hours_per_day,
            seed,
            created_by: &member.user.id,
        },
    )
    .await
    .map_err(|error| match error {
        PlanningError::Store(error) => AppError::from(error),
        PlanningError::Plan(message) => AppError::invalid("plan", message),
    })?;
    state.store.create_loop(&new_loop).await?;
    Ok(new_loop.row.id)
}

/// Rebuilds the planner's `Plan` from stored rows, to render a calendar.
pub(super) fn stored_plan(state: &AppState, loaded: &LoadedLoop) -> (Plan, HashMap<String, String>) {
    let labels = planner_labels(&loaded.participants.iter().map(|p| p.name.clone()).collect::<Vec<_>>());
    let label_of: HashMap<String, String> =
        loaded.participants.iter().map(|p| p.id.clone()).zip(labels.iter().cloned()).collect();
    let label = |id: &str| label_of.get(id).cloned().unwrap_or_else(|| loaded.person(id).name);
    let mut days: Vec<PlanDay> = Vec::new();
    for round in &loaded.rounds {
        let start = loaded.zoned(round.starts_at);
        let slot = Slot {
            round_kind: RoundKind::parse(&round.round_kind).unwrap_or(RoundKind::Coding),
            interviewee: label(&round.interviewee_id),
            interviewer: round.interviewer_id.as_deref().map(label),
            shadow: round.shadow_id.as_deref().map(label),
            question_id: round.question_id.clone(),
            question_title: state
                .bank
                .question(&round.question_id)
                .map_or_else(String::new, |q| q.title.clone()),
            start: start.clone(),
            end: loaded.zoned(round.ends_at),
            feedback_end: loaded.zoned(round.feedback_ends_at),
        };
        match days.last_mut() {
            Some(day) if day.date == start.date() => day.slots.push(slot),
            _ => days.push(PlanDay { date: start.date(), slots: vec![slot] }),
        }
    }
    let template_name =
        state.bank.template(&loaded.row.template_id).map_or_else(String::new, |t| t.name.clone());
    let plan = Plan {
        template_id: loaded.row.template_id.clone(),
        template_name,
        participants: labels,
        time_zone: loaded.row.time_zone.clone(),
        seed: loaded.row.seed as u64,
        days,
        relaxed: Vec::new(),
    };
    (plan, label_of)
}

pub(super) async fn calendar_for(
    state: &AppState,
    member: &CircleMember,
    loop_id: &str,
) -> AppResult<Response> {
    let loaded = load_loop(state, member, loop_id).await?;
    let (plan, label_of) = stored_plan(state, &loaded);
    let mine = label_of.get(&member.user.id).ok_or(AppError::NotFound)?;
    let ics = render_ics(&plan, Some(mine), Timestamp::now());
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"mockloop-{}.ics\"", loaded.row.template_id),
            ),
        ],
        ics,
    )
        .into_response())
}
