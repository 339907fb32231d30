//! The loops API: templates, loops, agendas, calendars, briefs, prompts, and round edits.

use super::*;

/// The loop templates of the bank.
#[utoipa::path(get, path = "/api/v1/templates", tag = "loops", responses((status = 200, body = [TemplateView])))]
pub async fn list_templates(
    State(state): State<AppState>,
    _user: crate::http::auth::CurrentUser,
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

pub(crate) async fn loop_summaries(state: &AppState, circle_id: &str) -> AppResult<Vec<LoopSummary>> {
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

/// The candidate's focus areas and what to watch for: part of the brief (interviewer and shadow).
#[utoipa::path(get, path = "/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/brief/focus", tag = "loops",
    params(("circle_id" = String, Path), ("loop_id" = String, Path), ("round_id" = String, Path)),
    responses((status = 200, body = [super::FocusBrief]), (status = 404)))]
pub async fn get_brief_focus(
    State(state): State<AppState>,
    member: CircleMember,
    Path((_, loop_id, round_id)): Path<(String, String, String)>,
) -> AppResult<ApiJson<Vec<super::FocusBrief>>> {
    let loaded = load_loop(&state, &member, &loop_id).await?;
    brief_question(&state, &loaded, &round_id, &member.user.id)?;
    Ok(ApiJson(super::candidate_focus(&state, loaded.round(&round_id)?).await?))
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
