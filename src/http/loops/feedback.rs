//! Feedback on a round over HTTP: the giver's form (autosaved draft, live lint, submit with
//! explicit confirmation of remaining problems, early release), the candidate's self-assessment,
//! the released feedback with per-item questions, thanks and takeaways, and calibration.
//!
//! Only the round's people reach any of it (404 for everyone else in the circle, and for people
//! outside it). A giver's draft is theirs alone; the candidate sees a form once it is released
//! (submitted, and either self-assessed or released by its giver). Private room notes are never
//! part of a form: a giver may link an item to a moment of the round, which is a time, not a note.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mockloop_core::access::RoundRole;
use mockloop_core::bank::{Dimension, RoundKind};
use mockloop_core::exchange::{self, calibrate, FormDraft, SelfAssessment};
use mockloop_core::feedback::{lint_form, FeedbackProblem, FormReport};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use super::{load_loop, role_in, LoadedLoop, PersonRef};
use crate::http::auth::CircleMember;
use crate::http::extract::ApiJson;
use crate::http::{AppError, AppResult, AppState};
use crate::secrets;
use crate::store::feedback::{FormRow, MessageRow, SelfAssessmentRow};
use crate::store::loops::RoundRow;

pub mod items;
pub mod pages;

pub const MAX_MESSAGE_CHARS: usize = 2_000;

/// The caller and their part in the round; observers (circle members outside the round) get 404.
struct Seat<'a> {
    round: &'a RoundRow,
    kind: RoundKind,
    role: RoundRole,
    user_id: String,
}

fn seat<'a>(loaded: &'a LoadedLoop, member: &CircleMember, round_id: &str) -> AppResult<Seat<'a>> {
    let round = loaded.round(round_id)?;
    let role = role_in(round, &member.user.id);
    let kind = RoundKind::parse(&round.round_kind).ok_or(AppError::NotFound)?;
    if role == RoundRole::Observer {
        return Err(AppError::NotFound);
    }
    Ok(Seat { round, kind, role, user_id: member.user.id.clone() })
}

fn giver_only(seat: &Seat<'_>) -> AppResult<()> {
    match seat.role {
        RoundRole::Interviewer | RoundRole::Shadow => Ok(()),
        _ => Err(AppError::Forbidden("Only the round's interviewer and shadow give feedback on it.")),
    }
}

fn candidate_only(seat: &Seat<'_>) -> AppResult<()> {
    match seat.role {
        RoundRole::Interviewee => Ok(()),
        _ => Err(AppError::Forbidden("Only the round's candidate can do this.")),
    }
}

/// A form as someone may see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct FormView {
    pub id: String,
    pub giver: PersonRef,
    /// `interviewer` or `shadow`.
    pub giver_role: String,
    /// How the form is labelled to the candidate ("Shadow's feedback (second opinion)").
    pub label: String,
    #[schema(value_type = Object)]
    pub draft: FormDraft,
    pub submitted_at: Option<i64>,
    pub released_at: Option<i64>,
    /// Whether the candidate can read it.
    pub released: bool,
    /// The problems the giver confirmed when submitting (giver's own view only).
    #[schema(value_type = Vec<Object>)]
    pub confirmed: Vec<serde_json::Value>,
    pub messages: Vec<MessageView>,
    /// The candidate's thanks and takeaways, by item id.
    pub reactions: Vec<ReactionView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MessageView {
    pub id: String,
    pub item_id: String,
    pub author: PersonRef,
    pub body: String,
    pub created_at: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReactionView {
    pub item_id: String,
    pub thanked: bool,
    pub takeaway: Option<String>,
}

/// Self against each released giver's ratings.
#[derive(Debug, Serialize, ToSchema)]
pub struct CalibrationView {
    pub givers: Vec<String>,
    #[schema(value_type = Vec<Object>)]
    pub rows: Vec<exchange::CalibrationRow>,
    pub staff_bar_self: String,
    pub staff_bar_givers: Vec<Option<String>>,
}

/// Everything about a round's feedback the caller may see.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedbackView {
    pub round_id: String,
    pub round_kind: String,
    /// The caller's part: `interviewee`, `interviewer` or `shadow`.
    pub role: String,
    pub candidate: PersonRef,
    /// The candidate's declared focus areas (theme ids): the form asks about each.
    pub focus_areas: Vec<String>,
    /// The giver's own form (givers only), with the linter's report on it.
    pub mine: Option<FormView>,
    #[schema(value_type = Option<Object>)]
    pub report: Option<FormReport>,
    /// The candidate's self-assessment (the candidate only).
    #[schema(value_type = Option<Object>)]
    pub self_assessment: Option<SelfAssessment>,
    /// Released forms (the candidate only).
    pub received: Vec<FormView>,
    /// Submitted forms the candidate cannot read yet because the self-assessment is missing.
    pub waiting_for_self_assessment: usize,
    pub calibration: Option<CalibrationView>,
}

fn parse_draft(json: &str) -> FormDraft {
    serde_json::from_str(json).unwrap_or_default()
}

async fn form_view(
    state: &AppState,
    loaded: &LoadedLoop,
    row: &FormRow,
    candidate_id: &str,
    for_giver: bool,
) -> AppResult<FormView> {
    let messages = state.store.messages_of_form(&row.id).await?;
    let reactions = state.store.reactions_of(&row.id, candidate_id).await?;
    let released = exchange::is_released(
        row.submitted_at.is_some(),
        state.store.self_assessment(&row.round_id, candidate_id).await?.is_some(),
        row.released_at.is_some(),
    );
    let label = if row.giver_role == "shadow" {
        "Shadow's feedback (second opinion)".to_owned()
    } else {
        "Interviewer's feedback".to_owned()
    };
    Ok(FormView {
        id: row.id.clone(),
        giver: loaded.person(&row.giver_id),
        giver_role: row.giver_role.clone(),
        label,
        draft: parse_draft(&row.draft_json),
        submitted_at: row.submitted_at,
        released_at: row.released_at,
        released,
        confirmed: if for_giver {
            serde_json::from_str(&row.confirmed_json).unwrap_or_default()
        } else {
            Vec::new()
        },
        messages: messages
            .into_iter()
            .map(|m: MessageRow| MessageView {
                id: m.id,
                item_id: m.item_id,
                author: loaded.person(&m.author_id),
                body: m.body,
                created_at: m.created_at,
            })
            .collect(),
        reactions: reactions
            .into_iter()
            .map(|r| ReactionView {
                item_id: r.item_id,
                thanked: r.thanked_at.is_some(),
                takeaway: r.takeaway,
            })
            .collect(),
    })
}

/// Builds the caller's view of the round's feedback.
pub(super) async fn feedback_view(
    state: &AppState,
    loaded: &LoadedLoop,
    member: &CircleMember,
    round_id: &str,
) -> AppResult<FeedbackView> {
    let seat = seat(loaded, member, round_id)?;
    let candidate_id = seat.round.interviewee_id.clone();
    let focus_areas = state.store.focus_areas_of(&candidate_id).await?;
    let mut view = FeedbackView {
        round_id: round_id.to_owned(),
        round_kind: seat.kind.as_str().to_owned(),
        role: seat.role.as_str().to_owned(),
        candidate: loaded.person(&candidate_id),
        focus_areas,
        mine: None,
        report: None,
        self_assessment: None,
        received: Vec::new(),
        waiting_for_self_assessment: 0,
        calibration: None,
    };
    match seat.role {
        RoundRole::Interviewer | RoundRole::Shadow => {
            if let Some(row) = state.store.form_of(round_id, &seat.user_id).await? {
                let mine = form_view(state, loaded, &row, &candidate_id, true).await?;
                view.report = Some(lint_form(&mine.draft.for_linter(seat.kind), &state.suggester));
                view.mine = Some(mine);
            }
        }
        RoundRole::Interviewee => {
            let own = state.store.self_assessment(round_id, &seat.user_id).await?;
            view.self_assessment = own.as_ref().and_then(|row| serde_json::from_str(&row.body_json).ok());
            for row in state.store.forms_of_round(round_id).await? {
                if row.submitted_at.is_none() {
                    continue;
                }
                let form = form_view(state, loaded, &row, &candidate_id, false).await?;
                if form.released {
                    view.received.push(form);
                } else {
                    view.waiting_for_self_assessment += 1;
                }
            }
            if let Some(assessment) = &view.self_assessment {
                if !view.received.is_empty() {
                    view.calibration = Some(calibration_of(assessment, &view.received));
                }
            }
        }
        RoundRole::Observer => return Err(AppError::NotFound),
    }
    Ok(view)
}

fn calibration_of(assessment: &SelfAssessment, received: &[FormView]) -> CalibrationView {
    let givers: Vec<_> = received.iter().map(|form| form.draft.ratings).collect();
    CalibrationView {
        givers: received.iter().map(|form| format!("{} ({})", form.giver.name, form.giver_role)).collect(),
        rows: calibrate(&assessment.ratings, &givers),
        staff_bar_self: assessment.staff_bar.label().to_owned(),
        staff_bar_givers: received
            .iter()
            .map(|form| form.draft.staff_bar.map(|bar| bar.label().to_owned()))
            .collect(),
    }
}

#[utoipa::path(get, path = "/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/feedback", tag = "feedback",
    params(("circle_id" = String, Path), ("loop_id" = String, Path), ("round_id" = String, Path)),
    responses((status = 200, body = FeedbackView), (status = 404)))]
pub async fn get_feedback(
    State(state): State<AppState>,
    member: CircleMember,
    Path((_, loop_id, round_id)): Path<(String, String, String)>,
) -> AppResult<ApiJson<FeedbackView>> {
    let loaded = load_loop(&state, &member, &loop_id).await?;
    Ok(ApiJson(feedback_view(&state, &loaded, &member, &round_id).await?))
}

fn shape_error(problems: &[exchange::ShapeProblem]) -> Response {
    let first = problems.first().map_or_else(String::new, |p| p.message.clone());
    let body = json!({"error": {"code": "invalid", "message": first, "field": problems.first().map(|p| p.field.clone())}, "problems": problems});
    (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(body)).into_response()
}

/// Saves the giver's draft (autosave) and answers with the linter's report on it.
#[utoipa::path(put, path = "/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/feedback/draft", tag = "feedback",
    request_body(content = Object, description = "FormDraft: items [{id?, kind, situation, behavior, impact, suggestion, theme?, moment_ms?}], ratings, rating_comments, staff_bar, focus"),
    params(("circle_id" = String, Path), ("loop_id" = String, Path), ("round_id" = String, Path)),
    responses((status = 200, description = "{form_id, draft, report}"), (status = 409, description = "already submitted"), (status = 422), (status = 403), (status = 404)))]
pub async fn save_draft(
    State(state): State<AppState>,
    member: CircleMember,
    Path((_, loop_id, round_id)): Path<(String, String, String)>,
    ApiJson(mut draft): ApiJson<FormDraft>,
) -> AppResult<Response> {
    let loaded = load_loop(&state, &member, &loop_id).await?;
    let seat = seat(&loaded, &member, &round_id)?;
    giver_only(&seat)?;
    let problems = draft.check_shape();
    if !problems.is_empty() {
        return Ok(shape_error(&problems));
    }
    draft.assign_item_ids(|| secrets::new_id().to_string());
    let existing = state.store.form_of(&round_id, &seat.user_id).await?;
    let row = FormRow {
        id: existing.as_ref().map_or_else(|| secrets::new_id().to_string(), |row| row.id.clone()),
        round_id: round_id.clone(),
        giver_id: seat.user_id.clone(),
        giver_role: seat.role.as_str().to_owned(),
        draft_json: serde_json::to_string(&draft).map_err(AppError::internal)?,
        confirmed_json: "[]".to_owned(),
        submitted_at: None,
        released_at: None,
        updated_at: secrets::now(),
    };
    if !state.store.save_draft(&row).await? {
        return Err(AppError::Conflict {
            field: "draft",
            message: "This feedback was already submitted.".into(),
        });
    }
    let report = lint_form(&draft.for_linter(seat.kind), &state.suggester);
    Ok(axum::Json(json!({"form_id": row.id, "draft": draft, "report": report, "saved_at": row.updated_at}))
        .into_response())
}

/// A problem the giver chose to keep, by item position (None for the form as a whole) and code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Confirmation {
    pub item: Option<usize>,
    pub code: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct SubmitRequest {
    /// Every problem the linter still reports must be listed here to submit anyway.
    #[serde(default)]
    pub confirm: Vec<Confirmation>,
}

/// Problems in the report that the giver has not confirmed.
fn unconfirmed(report: &FormReport, confirm: &[Confirmation]) -> Vec<(Option<usize>, FeedbackProblem)> {
    let confirmed = |item: Option<usize>, problem: &FeedbackProblem| {
        confirm.iter().any(|c| c.item == item && c.code == problem.code.as_str())
    };
    let mut open = Vec::new();
    for item in &report.items {
        for problem in &item.problems {
            if !confirmed(Some(item.index), problem) {
                open.push((Some(item.index), problem.clone()));
            }
        }
    }
    for problem in &report.problems {
        if !confirmed(None, problem) {
            open.push((None, problem.clone()));
        }
    }
    open
}

/// Submits the giver's saved draft. Remaining linter problems block it unless each is confirmed;
/// what was confirmed is recorded with the form.
#[utoipa::path(post, path = "/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/feedback/submit", tag = "feedback",
    request_body = SubmitRequest,
    params(("circle_id" = String, Path), ("loop_id" = String, Path), ("round_id" = String, Path)),
    responses((status = 200, description = "{submitted_at}"), (status = 422, description = "{error, report, unconfirmed}"), (status = 409), (status = 403), (status = 404)))]
pub async fn submit(
    State(state): State<AppState>,
    member: CircleMember,
    Path((_, loop_id, round_id)): Path<(String, String, String)>,
    ApiJson(request): ApiJson<SubmitRequest>,
) -> AppResult<Response> {
    let loaded = load_loop(&state, &member, &loop_id).await?;
    let seat = seat(&loaded, &member, &round_id)?;
    giver_only(&seat)?;
    let Some(row) = state.store.form_of(&round_id, &seat.user_id).await? else {
        return Err(AppError::invalid("draft", "Write the feedback first; there is no draft to submit."));
    };
    if row.submitted_at.is_some() {
        return Err(AppError::Conflict {
            field: "draft",
            message: "This feedback was already submitted.".into(),
        });
    }
    let draft = parse_draft(&row.draft_json);
    let missing = draft.missing_for_submission();
    if !missing.is_empty() {
        return Ok(shape_error(&missing));
    }
    let report = lint_form(&draft.for_linter(seat.kind), &state.suggester);
    let open = unconfirmed(&report, &request.confirm);
    if !open.is_empty() {
        let listed: Vec<_> = open
            .iter()
            .map(|(item, problem)| json!({"item": item, "code": problem.code.as_str(), "field": problem.field.to_string(), "message": problem.message}))
            .collect();
        let body = json!({
            "error": {"code": "unconfirmed_problems", "message": format!("{} problem(s) remain: fix them or confirm each one to submit anyway.", open.len())},
            "report": report,
            "unconfirmed": listed,
        });
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, axum::Json(body)).into_response());
    }
    // Record only confirmations of problems that exist, so the record says what was overridden.
    let kept: Vec<Confirmation> = request
        .confirm
        .into_iter()
        .filter(|c| match c.item {
            Some(index) => report
                .items
                .iter()
                .any(|i| i.index == index && i.problems.iter().any(|p| p.code.as_str() == c.code)),
            None => report.problems.iter().any(|p| p.code.as_str() == c.code),
        })
        .collect();
    let now = secrets::now();
    let confirmed_json = serde_json::to_string(&kept).map_err(AppError::internal)?;
    if !state.store.submit_form(&row.id, &row.draft_json, &confirmed_json, now).await? {
        return Err(AppError::Conflict {
            field: "draft",
            message: "This feedback was already submitted.".into(),
        });
    }
    let link = feedback_link(&member, &loop_id, &round_id);
    let giver = &member.user.display_name;
    let message = format!("{giver} sent feedback on your {} round.", seat.kind.label());
    notify(&state, &seat.round.interviewee_id, &message, &link).await;
    Ok(axum::Json(json!({"submitted_at": now, "confirmed": kept})).into_response())
}

pub(super) fn feedback_link(member: &CircleMember, loop_id: &str, round_id: &str) -> String {
    format!("/circles/{}/loops/{loop_id}/rounds/{round_id}/feedback", member.circle_id)
}

/// Tells a user something in the app, and by email when SMTP is configured.
pub(crate) async fn notify(state: &AppState, user_id: &str, message: &str, link: &str) {
    state.notifier().notify(user_id, message, link).await;
}

/// Releases submitted feedback to the candidate before their self-assessment.
#[utoipa::path(post, path = "/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/feedback/release", tag = "feedback",
    params(("circle_id" = String, Path), ("loop_id" = String, Path), ("round_id" = String, Path)),
    responses((status = 204), (status = 409, description = "not submitted yet"), (status = 403), (status = 404)))]
pub async fn release(
    State(state): State<AppState>,
    member: CircleMember,
    Path((_, loop_id, round_id)): Path<(String, String, String)>,
) -> AppResult<StatusCode> {
    let loaded = load_loop(&state, &member, &loop_id).await?;
    let seat = seat(&loaded, &member, &round_id)?;
    giver_only(&seat)?;
    let row = state.store.form_of(&round_id, &seat.user_id).await?.ok_or(AppError::NotFound)?;
    if row.submitted_at.is_none() {
        return Err(AppError::Conflict {
            field: "draft",
            message: "Submit the feedback before releasing it.".into(),
        });
    }
    state.store.release_form(&row.id, secrets::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The candidate's self-assessment, given once, before reading any feedback.
#[utoipa::path(put, path = "/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/self-assessment", tag = "feedback",
    request_body(content = Object, description = "{ratings: {communication, problem_solving, technical_depth, tradeoffs}, staff_bar, went_well, to_improve}"),
    params(("circle_id" = String, Path), ("loop_id" = String, Path), ("round_id" = String, Path)),
    responses((status = 201), (status = 409, description = "already given"), (status = 422), (status = 403), (status = 404)))]
pub async fn put_self_assessment(
    State(state): State<AppState>,
    member: CircleMember,
    Path((_, loop_id, round_id)): Path<(String, String, String)>,
    ApiJson(assessment): ApiJson<SelfAssessment>,
) -> AppResult<Response> {
    let loaded = load_loop(&state, &member, &loop_id).await?;
    let seat = seat(&loaded, &member, &round_id)?;
    candidate_only(&seat)?;
    let problems = assessment.check();
    if !problems.is_empty() {
        return Ok(shape_error(&problems));
    }
    let row = SelfAssessmentRow {
        round_id: round_id.clone(),
        user_id: seat.user_id.clone(),
        body_json: serde_json::to_string(&assessment).map_err(AppError::internal)?,
        created_at: secrets::now(),
    };
    if !state.store.create_self_assessment(&row).await? {
        return Err(AppError::Conflict {
            field: "self_assessment",
            message: "You already assessed this round; it stays as your view before the feedback.".into(),
        });
    }
    Ok(StatusCode::CREATED.into_response())
}

/// The dimensions' ids and headings, for forms.
pub(super) fn dimensions() -> Vec<(&'static str, &'static str)> {
    Dimension::ALL.into_iter().map(|d| (d.as_str(), d.heading())).collect()
}
