//! Reporting that someone did not turn up to a round. Only the round's own people may report,
//! only about each other and only once the round has started; reports count against the absent
//! person's reliability when the pool matches them again.

use super::*;
use crate::http::extract::FormData;
use crate::http::pages::{redirect_with, Notice};

#[derive(Debug, Deserialize, ToSchema)]
pub struct NoShowInput {
    /// The user id of the participant who did not turn up.
    pub absent: String,
}

/// Who reported whom in a round, for the loop page.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoShowView {
    pub absent: Vec<String>,
}

async fn record(
    state: &AppState,
    member: &CircleMember,
    loop_id: &str,
    round_id: &str,
    absent: &str,
) -> AppResult<bool> {
    let loaded = load_loop(state, member, loop_id).await?;
    let round = loaded.round(round_id)?;
    let people: Vec<&str> = std::iter::once(round.interviewee_id.as_str())
        .chain(round.interviewer_id.as_deref())
        .chain(round.shadow_id.as_deref())
        .collect();
    let me = member.user.id.as_str();
    if !people.contains(&me) {
        return Err(AppError::NotFound);
    }
    if absent == me || !people.contains(&absent) {
        return Err(AppError::invalid("absent", "Report another participant of this round."));
    }
    let now = secrets::now();
    if now < round.starts_at {
        return Err(AppError::Conflict {
            field: "round",
            message: "A no-show can be reported once the round has started.".to_owned(),
        });
    }
    Ok(state.store.report_no_show(round_id, me, absent, now).await?)
}

/// Reports that another participant of the round did not turn up.
#[utoipa::path(post, path = "/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/no-shows", tag = "loops",
    params(("circle_id" = String, Path), ("loop_id" = String, Path), ("round_id" = String, Path)),
    request_body = NoShowInput,
    responses((status = 200, body = NoShowView), (status = 409, description = "the round has not started"), (status = 422), (status = 404)))]
pub async fn report_no_show(
    State(state): State<AppState>,
    member: CircleMember,
    Path((_, loop_id, round_id)): Path<(String, String, String)>,
    ApiJson(input): ApiJson<NoShowInput>,
) -> AppResult<ApiJson<NoShowView>> {
    record(&state, &member, &loop_id, &round_id, &input.absent).await?;
    let absent = state.store.no_shows_reported_by(&round_id, &member.user.id).await?;
    Ok(ApiJson(NoShowView { absent }))
}

pub(super) async fn submit_no_show(
    State(state): State<AppState>,
    member: CircleMember,
    Path((circle_id, loop_id, round_id)): Path<(String, String, String)>,
    FormData(input): FormData<NoShowInput>,
) -> AppResult<Response> {
    record(&state, &member, &loop_id, &round_id, &input.absent).await?;
    Ok(redirect_with(&format!("/circles/{circle_id}/loops/{loop_id}"), Notice::NoShowReported)
        .into_response())
}
