//! Loops in a circle: plan one from a template, see the agenda, prepare as interviewer (the
//! brief), read the prompt as interviewee once the round starts, replace a question, swap the
//! interviewer and shadow, download a personal calendar. What each person sees of a round is
//! decided by `mockloop_core::access::round_access` and nowhere else.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};
use mockloop_core::access::{round_access, RoundAccess, RoundRole};
use mockloop_core::bank::{Question, RoundKind};
use mockloop_core::planner::{plan_loop, render_ics, Plan, PlanDay, PlanRequest, QuestionSummary, Slot};
use mockloop_core::replace::replacement_questions;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::CircleMember;
use super::extract::ApiJson;
use super::{AppError, AppResult, AppState, RouteMap};
use crate::secrets;
use crate::store::loops::{LoopRow, NewLoop, RoundRow};

mod pages;
pub mod room;

pub fn page_routes() -> RouteMap {
    pages::page_routes().merge(room::page_routes())
}

pub fn api_routes() -> RouteMap {
    RouteMap::default()
        .merge(room::api_routes())
        .route("/api/v1/templates", get(list_templates))
        .route("/api/v1/circles/{circle_id}/loops", get(list_loops).post(create_loop))
        .route("/api/v1/circles/{circle_id}/loops/{loop_id}", get(get_loop))
        .route("/api/v1/circles/{circle_id}/loops/{loop_id}/calendar.ics", get(get_calendar))
        .route("/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/brief", get(get_brief))
        .route("/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/prompt", get(get_prompt))
        .route(
            "/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/question",
            post(replace_question),
        )
        .route("/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/swap-roles", post(swap_roles))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewLoopRequest {
    /// Template id, e.g. `staff-mle`.
    pub template: String,
    /// 1-4 user ids of circle members, in the order they should be considered.
    pub participants: Vec<String>,
    /// Local start of the first day, `YYYY-MM-DDTHH:MM`.
    pub start: String,
    /// IANA time zone, e.g. `America/New_York`.
    pub time_zone: String,
    /// Longest day in hours, first round to last feedback.
    pub max_hours_per_day: f64,
    #[serde(default)]
    pub seed: Option<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateView {
    pub id: String,
    pub name: String,
    pub description: String,
    pub rounds: Vec<TemplateRoundView>,
    pub feedback_minutes: u32,
    pub break_minutes: u32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateRoundView {
    pub kind: String,
    pub minutes: u32,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PersonRef {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionRef {
    pub id: String,
    pub title: String,
}

/// One round as the caller may see it: `question` is present only for its interviewer and shadow.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoundView {
    pub id: String,
    pub position: i64,
    pub round_kind: String,
    pub round_label: String,
    /// RFC 3339 in the loop's time zone.
    pub start: String,
    pub end: String,
    pub feedback_end: String,
    pub interviewee: PersonRef,
    pub interviewer: Option<PersonRef>,
    pub shadow: Option<PersonRef>,
    /// The caller's part: `interviewee`, `interviewer`, `shadow` or `observer`.
    pub my_role: String,
    pub question: Option<QuestionRef>,
    pub brief_available: bool,
    pub prompt_available: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RelaxedView {
    pub rule: String,
    pub reason: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LoopView {
    pub id: String,
    pub template: String,
    pub template_name: String,
    pub time_zone: String,
    pub participants: Vec<PersonRef>,
    pub rounds: Vec<RoundView>,
    pub relaxed: Vec<RelaxedView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LoopSummary {
    pub id: String,
    pub template: String,
    pub template_name: String,
    pub time_zone: String,
    pub start_local: String,
    pub created_at: i64,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReplaceQuestionRequest {
    pub question_id: String,
}

/// A loop with everything needed to show it to one member.
struct LoadedLoop {
    row: LoopRow,
    rounds: Vec<RoundRow>,
    participants: Vec<PersonRef>,
    names: HashMap<String, String>,
    zone: TimeZone,
}

impl LoadedLoop {
    fn person(&self, id: &str) -> PersonRef {
        let name = self.names.get(id).cloned().unwrap_or_else(|| "Former member".to_owned());
        PersonRef { id: id.to_owned(), name }
    }

    fn zoned(&self, seconds: i64) -> Zoned {
        Timestamp::from_second(seconds).unwrap_or(Timestamp::UNIX_EPOCH).to_zoned(self.zone.clone())
    }

    fn round(&self, round_id: &str) -> AppResult<&RoundRow> {
        self.rounds.iter().find(|round| round.id == round_id).ok_or(AppError::NotFound)
    }
}

fn role_in(round: &RoundRow, user_id: &str) -> RoundRole {
    RoundRole::of(user_id, &round.interviewee_id, round.interviewer_id.as_deref(), round.shadow_id.as_deref())
}

fn access_to(round: &RoundRow, user_id: &str) -> (RoundRole, RoundAccess) {
    let role = role_in(round, user_id);
    (role, round_access(role, secrets::now(), round.starts_at))
}

async fn load_loop(state: &AppState, member: &CircleMember, loop_id: &str) -> AppResult<LoadedLoop> {
    let circle_id = member.circle_id.as_str();
    let row = state.store.loop_in_circle(circle_id, loop_id).await?.ok_or(AppError::NotFound)?;
    let rounds = state.store.loop_rounds(&row.id).await?;
    let mut names: HashMap<String, String> = HashMap::new();
    for person in state.store.circle_members(circle_id).await? {
        names.insert(person.user_id, person.display_name);
    }
    let zone = TimeZone::get(&row.time_zone).map_err(AppError::internal)?;
    let participant_ids = state.store.loop_participants(&row.id).await?;
    let mut loaded = LoadedLoop { row, rounds, participants: Vec::new(), names, zone };
    loaded.participants = participant_ids.iter().map(|id| loaded.person(id)).collect();
    Ok(loaded)
}

fn round_view(
    loaded: &LoadedLoop,
    round: &RoundRow,
    bank: &mockloop_core::bank::Bank,
    viewer: &str,
) -> RoundView {
    let (role, access) = access_to(round, viewer);
    let kind = RoundKind::parse(&round.round_kind);
    let question = access.question.then(|| QuestionRef {
        id: round.question_id.clone(),
        title: bank
            .question(&round.question_id)
            .map_or_else(|| round.question_id.clone(), |q| q.title.clone()),
    });
    RoundView {
        id: round.id.clone(),
        position: round.position,
        round_kind: round.round_kind.clone(),
        round_label: kind.map_or_else(|| round.round_kind.clone(), |k| k.label().to_owned()),
        start: loaded.zoned(round.starts_at).to_string(),
        end: loaded.zoned(round.ends_at).to_string(),
        feedback_end: loaded.zoned(round.feedback_ends_at).to_string(),
        interviewee: loaded.person(&round.interviewee_id),
        interviewer: round.interviewer_id.as_deref().map(|id| loaded.person(id)),
        shadow: round.shadow_id.as_deref().map(|id| loaded.person(id)),
        my_role: role.as_str().to_owned(),
        question,
        brief_available: access.brief,
        prompt_available: access.prompt,
    }
}

fn loop_view(state: &AppState, loaded: &LoadedLoop, viewer: &str) -> LoopView {
    let template = state.bank.template(&loaded.row.template_id);
    let relaxed: Vec<(String, String)> = serde_json::from_str(&loaded.row.relaxed_json).unwrap_or_default();
    LoopView {
        id: loaded.row.id.clone(),
        template: loaded.row.template_id.clone(),
        template_name: template.map_or_else(|| loaded.row.template_id.clone(), |t| t.name.clone()),
        time_zone: loaded.row.time_zone.clone(),
        participants: loaded.participants.clone(),
        rounds: loaded.rounds.iter().map(|round| round_view(loaded, round, &state.bank, viewer)).collect(),
        relaxed: relaxed
            .into_iter()
            .map(|(rule, _planner_reason)| RelaxedView { reason: shared_reason(&rule).to_owned(), rule })
            .collect(),
    }
}

/// A relaxation as every participant may read it: the planner's own reasons can name questions,
/// which an interviewee must not learn before the round, so the shared agenda says only what gave way.
fn shared_reason(rule: &str) -> &'static str {
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

async fn plan_for_circle(
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
    let seed = request.seed.unwrap_or_else(|| u64::from_le_bytes(secrets::random_bytes()) >> 1);
    let plan_request = PlanRequest {
        template,
        participants: labels.clone(),
        start,
        time_zone: request.time_zone.clone(),
        max_hours_per_day: request.max_hours_per_day,
        seed,
        focus: BTreeMap::new(),
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
fn stored_plan(state: &AppState, loaded: &LoadedLoop) -> (Plan, HashMap<String, String>) {
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

async fn calendar_for(state: &AppState, member: &CircleMember, loop_id: &str) -> AppResult<Response> {
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

async fn replace_question_of(
    state: &AppState,
    member: &CircleMember,
    loop_id: &str,
    round_id: &str,
    question_id: &str,
) -> AppResult<()> {
    let loaded = load_loop(state, member, loop_id).await?;
    let round = loaded.round(round_id)?;
    if role_in(round, &member.user.id) != RoundRole::Interviewer {
        return Err(AppError::Forbidden("Only the round's interviewer chooses its question."));
    }
    let used: BTreeSet<String> = loaded.rounds.iter().map(|r| r.question_id.clone()).collect();
    let seen: BTreeSet<String> =
        state.store.questions_seen_by(&round.interviewee_id).await?.into_iter().collect();
    let kind = RoundKind::parse(&round.round_kind).ok_or_else(|| AppError::internal("stored round kind"))?;
    let eligible = replacement_questions(&state.bank.questions, kind, &used, &seen);
    if !eligible.iter().any(|q| q.id == question_id) {
        return Err(AppError::invalid("question_id", "Choose a question of this round's kind that is not used in the loop and that the interviewee has not seen."));
    }
    state.store.set_round_question(round_id, question_id).await?;
    Ok(())
}

async fn swap_roles_of(
    state: &AppState,
    member: &CircleMember,
    loop_id: &str,
    round_id: &str,
) -> AppResult<()> {
    let loaded = load_loop(state, member, loop_id).await?;
    let round = loaded.round(round_id)?;
    let role = role_in(round, &member.user.id);
    if !matches!(role, RoundRole::Interviewer | RoundRole::Shadow) && !member.role.may_manage_members() {
        return Err(AppError::Forbidden(
            "Only the round's interviewer, its shadow or the circle's owner can swap roles.",
        ));
    }
    let Some(shadow) = round.shadow_id.as_deref() else {
        return Err(AppError::invalid("round", "This round has no shadow to swap with."));
    };
    state.store.set_round_people(round_id, Some(shadow), round.interviewer_id.as_deref()).await?;
    Ok(())
}

fn brief_question<'b>(
    state: &'b AppState,
    loaded: &LoadedLoop,
    round_id: &str,
    viewer: &str,
) -> AppResult<(&'b Question, RoundRole)> {
    let round = loaded.round(round_id)?;
    let (role, access) = access_to(round, viewer);
    if !access.brief {
        // 404, not 403: the interviewee learns nothing, not even that a brief exists.
        return Err(AppError::NotFound);
    }
    let question = state.bank.question(&round.question_id).ok_or(AppError::NotFound)?;
    Ok((question, role))
}

fn prompt_question<'b>(
    state: &'b AppState,
    loaded: &LoadedLoop,
    round_id: &str,
    viewer: &str,
) -> AppResult<&'b Question> {
    let round = loaded.round(round_id)?;
    let (role, access) = access_to(round, viewer);
    if !access.prompt {
        return Err(if role == RoundRole::Interviewee {
            AppError::Forbidden("The prompt opens when the round starts.")
        } else {
            AppError::NotFound
        });
    }
    state.bank.question(&round.question_id).ok_or(AppError::NotFound)
}

// ---- API ----

/// The loop templates of the bank.
#[utoipa::path(get, path = "/api/v1/templates", tag = "loops", responses((status = 200, body = [TemplateView])))]
pub async fn list_templates(
    State(state): State<AppState>,
    _user: super::auth::CurrentUser,
) -> ApiJson<Vec<TemplateView>> {
    ApiJson(
        state
            .bank
            .templates
            .iter()
            .map(|t| TemplateView {
                id: t.id.clone(),
                name: t.name.clone(),
                description: t.description.clone(),
                rounds: t
                    .rounds
                    .iter()
                    .map(|r| TemplateRoundView { kind: r.kind.as_str().to_owned(), minutes: r.minutes })
                    .collect(),
                feedback_minutes: t.feedback_minutes,
                break_minutes: t.break_minutes,
            })
            .collect(),
    )
}

/// The circle's loops, newest first.
#[utoipa::path(get, path = "/api/v1/circles/{circle_id}/loops", tag = "loops",
    params(("circle_id" = String, Path)), responses((status = 200, body = [LoopSummary]), (status = 404)))]
pub async fn list_loops(
    State(state): State<AppState>,
    member: CircleMember,
) -> AppResult<ApiJson<Vec<LoopSummary>>> {
    Ok(ApiJson(loop_summaries(&state, member.circle_id.as_str()).await?))
}

pub(super) async fn loop_summaries(state: &AppState, circle_id: &str) -> AppResult<Vec<LoopSummary>> {
    let rows = state.store.loops_of_circle(circle_id).await?;
    Ok(rows
        .into_iter()
        .map(|row| LoopSummary {
            template_name: state
                .bank
                .template(&row.template_id)
                .map_or_else(|| row.template_id.clone(), |t| t.name.clone()),
            id: row.id,
            template: row.template_id,
            time_zone: row.time_zone,
            start_local: row.start_local,
            created_at: row.created_at,
        })
        .collect())
}

/// Plans a loop for 1-4 circle members and stores its agenda.
#[utoipa::path(post, path = "/api/v1/circles/{circle_id}/loops", tag = "loops", request_body = NewLoopRequest,
    params(("circle_id" = String, Path)), responses((status = 201, body = LoopView), (status = 422), (status = 404)))]
pub async fn create_loop(
    State(state): State<AppState>,
    member: CircleMember,
    ApiJson(request): ApiJson<NewLoopRequest>,
) -> AppResult<(StatusCode, ApiJson<LoopView>)> {
    let loop_id = plan_for_circle(&state, &member, &request).await?;
    let loaded = load_loop(&state, &member, &loop_id).await?;
    Ok((StatusCode::CREATED, ApiJson(loop_view(&state, &loaded, &member.user.id))))
}

/// The agenda as the caller may see it: questions only in the rounds the caller interviews or shadows.
#[utoipa::path(get, path = "/api/v1/circles/{circle_id}/loops/{loop_id}", tag = "loops",
    params(("circle_id" = String, Path), ("loop_id" = String, Path)), responses((status = 200, body = LoopView), (status = 404)))]
pub async fn get_loop(
    State(state): State<AppState>,
    member: CircleMember,
    Path((_, loop_id)): Path<(String, String)>,
) -> AppResult<ApiJson<LoopView>> {
    let loaded = load_loop(&state, &member, &loop_id).await?;
    Ok(ApiJson(loop_view(&state, &loaded, &member.user.id)))
}

/// The caller's own calendar of the loop (RFC 5545).
#[utoipa::path(get, path = "/api/v1/circles/{circle_id}/loops/{loop_id}/calendar.ics", tag = "loops",
    params(("circle_id" = String, Path), ("loop_id" = String, Path)),
    responses((status = 200, content_type = "text/calendar"), (status = 404)))]
pub async fn get_calendar(
    State(state): State<AppState>,
    member: CircleMember,
    Path((_, loop_id)): Path<(String, String)>,
) -> AppResult<Response> {
    calendar_for(&state, &member, &loop_id).await
}

/// The interviewer's brief for a round: only its interviewer and shadow; anyone else gets 404.
#[utoipa::path(get, path = "/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/brief", tag = "loops",
    params(("circle_id" = String, Path), ("loop_id" = String, Path), ("round_id" = String, Path)),
    responses((status = 200, description = "The full question"), (status = 404)))]
pub async fn get_brief(
    State(state): State<AppState>,
    member: CircleMember,
    Path((_, loop_id, round_id)): Path<(String, String, String)>,
) -> AppResult<ApiJson<Question>> {
    let loaded = load_loop(&state, &member, &loop_id).await?;
    let (question, _) = brief_question(&state, &loaded, &round_id, &member.user.id)?;
    Ok(ApiJson(question.clone()))
}

/// The candidate's prompt: for the interviewee once the round has started (403 before).
#[utoipa::path(get, path = "/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/prompt", tag = "loops",
    params(("circle_id" = String, Path), ("loop_id" = String, Path), ("round_id" = String, Path)),
    responses((status = 200, description = "The candidate view"), (status = 403), (status = 404)))]
pub async fn get_prompt(
    State(state): State<AppState>,
    member: CircleMember,
    Path((_, loop_id, round_id)): Path<(String, String, String)>,
) -> AppResult<ApiJson<mockloop_core::bank::view::CandidateView>> {
    let loaded = load_loop(&state, &member, &loop_id).await?;
    Ok(ApiJson(prompt_question(&state, &loaded, &round_id, &member.user.id)?.candidate_view()))
}

/// Replaces a round's question (its interviewer only) with an eligible one of the same kind.
#[utoipa::path(post, path = "/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/question", tag = "loops",
    request_body = ReplaceQuestionRequest,
    params(("circle_id" = String, Path), ("loop_id" = String, Path), ("round_id" = String, Path)),
    responses((status = 204), (status = 403), (status = 422), (status = 404)))]
pub async fn replace_question(
    State(state): State<AppState>,
    member: CircleMember,
    Path((_, loop_id, round_id)): Path<(String, String, String)>,
    ApiJson(request): ApiJson<ReplaceQuestionRequest>,
) -> AppResult<StatusCode> {
    replace_question_of(&state, &member, &loop_id, &round_id, &request.question_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Swaps a round's interviewer and shadow.
#[utoipa::path(post, path = "/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/swap-roles", tag = "loops",
    params(("circle_id" = String, Path), ("loop_id" = String, Path), ("round_id" = String, Path)),
    responses((status = 204), (status = 403), (status = 422), (status = 404)))]
pub async fn swap_roles(
    State(state): State<AppState>,
    member: CircleMember,
    Path((_, loop_id, round_id)): Path<(String, String, String)>,
) -> AppResult<StatusCode> {
    swap_roles_of(&state, &member, &loop_id, &round_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
