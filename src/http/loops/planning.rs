//! Planning a loop for a circle's members, and rebuilding a stored loop as a plan for calendars.

use super::*;
use mockloop_core::bank::ThemeId;

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

/// Unique labels for the planner (display names can repeat within a circle).
fn planner_labels(names: &[String]) -> Vec<String> {
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    names
        .iter()
        .map(|name| {
            let count = used.entry(name.clone()).or_insert(0);
            *count += 1;
            if *count == 1 {
                name.clone()
            } else {
                format!("{name} ({count})")
            }
        })
        .collect()
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
    let labels = planner_labels(&names);
    let start: jiff::civil::DateTime = request.start.parse().map_err(|_| {
        AppError::invalid("start", "Give the start as a local date and time, e.g. 2026-12-05T09:00.")
    })?;
    let mut seen = BTreeMap::new();
    for (id, label) in participant_ids.iter().zip(&labels) {
        seen.insert(
            label.clone(),
            state.store.questions_seen_by(id).await?.into_iter().collect::<BTreeSet<_>>(),
        );
    }
    // Each candidate's focus areas steer the question choice towards questions that exercise them.
    let mut focus = BTreeMap::new();
    for (id, label) in participant_ids.iter().zip(&labels) {
        let themes: Vec<ThemeId> =
            state.store.focus_areas_of(id).await?.iter().filter_map(|t| ThemeId::parse(t).ok()).collect();
        focus.insert(label.clone(), themes);
    }
    let seed = request.seed.unwrap_or_else(|| u64::from_le_bytes(secrets::random_bytes()) >> 1);
    let plan_request = PlanRequest {
        template,
        participants: labels.clone(),
        start,
        time_zone: request.time_zone.clone(),
        max_hours_per_day: request.max_hours_per_day,
        seed,
        focus,
        seen,
        questions: state.bank.questions.iter().map(QuestionSummary::from).collect(),
    };
    let plan = plan_loop(&plan_request).map_err(|e| AppError::invalid("plan", e))?;
    let by_label: HashMap<&str, &str> =
        labels.iter().map(String::as_str).zip(participant_ids.iter().map(String::as_str)).collect();
    let loop_id = secrets::new_id().to_string();
    let id_of = |label: &str| by_label.get(label).map(|id| (*id).to_owned());
    let rounds = plan
        .slots()
        .enumerate()
        .map(|(position, slot)| RoundRow {
            id: secrets::new_id().to_string(),
            loop_id: loop_id.clone(),
            position: position as i64,
            round_kind: slot.round_kind.as_str().to_owned(),
            interviewee_id: id_of(&slot.interviewee).unwrap_or_default(),
            interviewer_id: slot.interviewer.as_deref().and_then(id_of),
            shadow_id: slot.shadow.as_deref().and_then(id_of),
            question_id: slot.question_id.clone(),
            starts_at: slot.start.timestamp().as_second(),
            ends_at: slot.end.timestamp().as_second(),
            feedback_ends_at: slot.feedback_end.timestamp().as_second(),
        })
        .collect();
    let relaxed: Vec<(String, String)> =
        plan.relaxed.iter().map(|r| (r.rule.clone(), r.reason.clone())).collect();
    let row = LoopRow {
        id: loop_id.clone(),
        circle_id: member.circle_id.to_string(),
        template_id: plan.template_id.clone(),
        time_zone: plan.time_zone.clone(),
        start_local: request.start.clone(),
        max_minutes_per_day: (request.max_hours_per_day * 60.0).round() as i64,
        seed: seed as i64,
        relaxed_json: serde_json::to_string(&relaxed).map_err(AppError::internal)?,
        created_by: member.user.id.clone(),
        created_at: secrets::now(),
    };
    state.store.create_loop(&NewLoop { row, participant_ids, rounds }).await?;
    Ok(loop_id)
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
