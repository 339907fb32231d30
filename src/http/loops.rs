//! Loops in a circle: plan one from a template, see the agenda, prepare as interviewer (the
//! brief), read the prompt as interviewee once the round starts, replace a question, swap the
//! interviewer and shadow, download a personal calendar. What each person sees of a round is
//! decided by `mockloop_core::access::round_access` and nowhere else.

use std::collections::{BTreeSet, HashMap};

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};
use mockloop_core::access::{round_access, RoundAccess, RoundRole};
use mockloop_core::bank::{Question, RoundKind};
use mockloop_core::planner::{render_ics, Plan, PlanDay, Slot};
use mockloop_core::replace::replacement_questions;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::CircleMember;
use super::extract::ApiJson;
use super::{AppError, AppResult, AppState, RouteMap};
use crate::secrets;
use crate::store::loops::{LoopRow, RoundRow};

pub mod api;
pub mod feedback;
pub mod no_show;
mod pages;
mod planning;
pub mod report;
pub mod room;

pub(crate) use api::loop_summaries;
use planning::{calendar_for, plan_for_circle, shared_reason};

pub fn page_routes() -> RouteMap {
    pages::page_routes()
        .merge(room::page_routes())
        .merge(feedback::pages::page_routes())
        .route("/circles/{circle_id}/loops/{loop_id}/report", get(report::report_page))
        .route(
            "/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/no-show",
            post(no_show::submit_no_show),
        )
}

pub fn api_routes() -> RouteMap {
    RouteMap::default()
        .merge(room::api_routes())
        .route("/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/no-shows", post(no_show::report_no_show))
        .route("/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/feedback", get(feedback::get_feedback))
        .route("/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/feedback/draft", put(feedback::save_draft))
        .route("/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/feedback/submit", post(feedback::submit))
        .route("/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/feedback/release", post(feedback::release))
        .route(
            "/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/self-assessment",
            put(feedback::put_self_assessment),
        )
        .route(
            "/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/feedback/{form_id}/items/{item_id}/messages",
            post(feedback::items::post_message),
        )
        .route(
            "/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/feedback/{form_id}/items/{item_id}/thanks",
            post(feedback::items::thank),
        )
        .route(
            "/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/feedback/{form_id}/items/{item_id}/takeaway",
            post(feedback::items::keep_takeaway),
        )
        .route("/api/v1/templates", get(api::list_templates))
        .route("/api/v1/circles/{circle_id}/loops", get(api::list_loops).post(api::create_loop))
        .route("/api/v1/circles/{circle_id}/loops/{loop_id}", get(api::get_loop))
        .route("/api/v1/circles/{circle_id}/loops/{loop_id}/calendar.ics", get(api::get_calendar))
        .route("/api/v1/circles/{circle_id}/loops/{loop_id}/report.md", get(report::report_markdown))
        .route("/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/brief", get(api::get_brief))
        .route(
            "/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/brief/focus",
            get(api::get_brief_focus),
        )
        .route("/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/prompt", get(api::get_prompt))
        .route(
            "/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/question",
            post(api::replace_question),
        )
        .route(
            "/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/swap-roles",
            post(api::swap_roles),
        )
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

/// One of the candidate's focus areas as their interviewer's brief shows it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct FocusBrief {
    pub theme: String,
    pub name: String,
    /// What to watch for in this round.
    pub watch_for: Vec<String>,
}

/// The round's candidate's focus areas, for the interviewer and shadow.
async fn candidate_focus(state: &AppState, round: &RoundRow) -> AppResult<Vec<FocusBrief>> {
    Ok(state
        .store
        .focus_areas_of(&round.interviewee_id)
        .await?
        .into_iter()
        .filter_map(|id| {
            state.bank.theme(&id).map(|theme| FocusBrief {
                theme: id.clone(),
                name: theme.name.clone(),
                watch_for: theme.watch_for.clone(),
            })
        })
        .collect())
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
