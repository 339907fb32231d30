//! Acting on one item of released feedback: the candidate's clarifying questions and the giver's
//! answers (a thread per item, each side notified), thanks, and takeaways kept in the candidate's notes.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use mockloop_core::access::RoundRole;
use mockloop_core::exchange;
use serde::Deserialize;
use utoipa::ToSchema;

use super::{candidate_only, feedback_link, notify, parse_draft, seat, MessageView, Seat, MAX_MESSAGE_CHARS};
use crate::http::auth::CircleMember;
use crate::http::extract::ApiJson;
use crate::http::loops::load_loop;
use crate::http::{AppError, AppResult, AppState};
use crate::secrets;
use crate::store::feedback::{FormRow, MessageRow};

/// The form an item belongs to, if the caller may act on it: the candidate on released forms,
/// the giver on their own submitted form.
async fn reachable_form(
    state: &AppState,
    seat: &Seat<'_>,
    form_id: &str,
    item_id: &str,
) -> AppResult<FormRow> {
    let row = state
        .store
        .forms_of_round(&seat.round.id)
        .await?
        .into_iter()
        .find(|row| row.id == form_id)
        .ok_or(AppError::NotFound)?;
    let visible = match seat.role {
        RoundRole::Interviewee => {
            let assessed = state.store.self_assessment(&seat.round.id, &seat.user_id).await?.is_some();
            exchange::is_released(row.submitted_at.is_some(), assessed, row.released_at.is_some())
        }
        RoundRole::Interviewer | RoundRole::Shadow => {
            row.giver_id == seat.user_id && row.submitted_at.is_some()
        }
        RoundRole::Observer => false,
    };
    if !visible || !parse_draft(&row.draft_json).items.iter().any(|item| item.id == item_id) {
        return Err(AppError::NotFound);
    }
    Ok(row)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct MessageInput {
    pub body: String,
}

/// A clarifying question from the candidate on one item, or the giver's answer.
#[utoipa::path(post, path = "/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/feedback/{form_id}/items/{item_id}/messages", tag = "feedback",
    request_body = MessageInput,
    params(("circle_id" = String, Path), ("loop_id" = String, Path), ("round_id" = String, Path), ("form_id" = String, Path), ("item_id" = String, Path)),
    responses((status = 201, body = MessageView), (status = 422), (status = 404)))]
pub async fn post_message(
    State(state): State<AppState>,
    member: CircleMember,
    Path((_, loop_id, round_id, form_id, item_id)): Path<(String, String, String, String, String)>,
    ApiJson(input): ApiJson<MessageInput>,
) -> AppResult<(StatusCode, ApiJson<MessageView>)> {
    let loaded = load_loop(&state, &member, &loop_id).await?;
    let seat = seat(&loaded, &member, &round_id)?;
    let form = reachable_form(&state, &seat, &form_id, &item_id).await?;
    let body = input.body.trim();
    if body.is_empty() || body.chars().count() > MAX_MESSAGE_CHARS {
        return Err(AppError::invalid("body", format!("Write 1 to {MAX_MESSAGE_CHARS} characters.")));
    }
    let message = MessageRow {
        id: secrets::new_id().to_string(),
        form_id: form.id.clone(),
        item_id: item_id.clone(),
        author_id: seat.user_id.clone(),
        body: body.to_owned(),
        created_at: secrets::now(),
    };
    state.store.add_message(&message).await?;
    let link = feedback_link(&member, &loop_id, &round_id);
    let name = &member.user.display_name;
    let (recipient, text) = if seat.role == RoundRole::Interviewee {
        (
            form.giver_id.as_str(),
            format!("{name} asked about your feedback on their {} round.", seat.kind.label()),
        )
    } else {
        (seat.round.interviewee_id.as_str(), format!("{name} answered your question about their feedback."))
    };
    notify(&state, recipient, &text, &link).await;
    let view = MessageView {
        id: message.id,
        item_id: message.item_id,
        author: loaded.person(&message.author_id),
        body: message.body,
        created_at: message.created_at,
    };
    Ok((StatusCode::CREATED, ApiJson(view)))
}

/// "Thanks" on one item, from the candidate.
#[utoipa::path(post, path = "/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/feedback/{form_id}/items/{item_id}/thanks", tag = "feedback",
    params(("circle_id" = String, Path), ("loop_id" = String, Path), ("round_id" = String, Path), ("form_id" = String, Path), ("item_id" = String, Path)),
    responses((status = 204), (status = 403), (status = 404)))]
pub async fn thank(
    State(state): State<AppState>,
    member: CircleMember,
    Path((_, loop_id, round_id, form_id, item_id)): Path<(String, String, String, String, String)>,
) -> AppResult<StatusCode> {
    let loaded = load_loop(&state, &member, &loop_id).await?;
    let seat = seat(&loaded, &member, &round_id)?;
    candidate_only(&seat)?;
    let form = reachable_form(&state, &seat, &form_id, &item_id).await?;
    state.store.react(&form.id, &item_id, &seat.user_id, None, secrets::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TakeawayInput {
    /// The point in the candidate's own words.
    pub text: String,
}

/// Keeps one item as a takeaway in the candidate's notes.
#[utoipa::path(post, path = "/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/feedback/{form_id}/items/{item_id}/takeaway", tag = "feedback",
    request_body = TakeawayInput,
    params(("circle_id" = String, Path), ("loop_id" = String, Path), ("round_id" = String, Path), ("form_id" = String, Path), ("item_id" = String, Path)),
    responses((status = 204), (status = 422), (status = 403), (status = 404)))]
pub async fn keep_takeaway(
    State(state): State<AppState>,
    member: CircleMember,
    Path((_, loop_id, round_id, form_id, item_id)): Path<(String, String, String, String, String)>,
    ApiJson(input): ApiJson<TakeawayInput>,
) -> AppResult<StatusCode> {
    let loaded = load_loop(&state, &member, &loop_id).await?;
    let seat = seat(&loaded, &member, &round_id)?;
    candidate_only(&seat)?;
    let form = reachable_form(&state, &seat, &form_id, &item_id).await?;
    let text = input.text.trim();
    if text.is_empty() || text.chars().count() > MAX_MESSAGE_CHARS {
        return Err(AppError::invalid(
            "text",
            format!("Write the takeaway in 1 to {MAX_MESSAGE_CHARS} characters."),
        ));
    }
    state.store.react(&form.id, &item_id, &seat.user_id, Some(text), secrets::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
