//! The interviewer's and shadow's private notes on a round: stamped with the round's timer time,
//! autosaved, tagged by dimension, and never shown to the candidate.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use mockloop_core::access::RoundRole;
use mockloop_core::bank::Dimension;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{live_room, participant_of};
use crate::http::auth::CircleMember;
use crate::http::extract::ApiJson;
use crate::http::loops::{load_loop, LoadedLoop};
use crate::http::{AppError, AppResult, AppState};
use crate::live::Participant;
use crate::secrets;
use crate::store::rooms::NoteRow;

pub const MAX_NOTE_CHARS: usize = 4_000;

#[derive(Debug, Deserialize, ToSchema)]
pub struct NoteInput {
    pub body: String,
    /// Dimension ids the note is about: communication, problem_solving, technical_depth, tradeoffs.
    #[serde(default)]
    pub tags: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NoteView {
    pub id: String,
    /// Round time when the note was taken, in milliseconds since the timer started.
    pub at_ms: i64,
    pub body: String,
    pub tags: Vec<String>,
    pub updated_at: i64,
}

impl From<NoteRow> for NoteView {
    fn from(row: NoteRow) -> Self {
        let tags = row.tags.split(',').filter(|t| !t.is_empty()).map(str::to_owned).collect();
        Self { id: row.id, at_ms: row.at_ms, body: row.body, tags, updated_at: row.updated_at }
    }
}

fn note_taker(loaded: &LoadedLoop, member: &CircleMember, round_id: &str) -> AppResult<Participant> {
    let who = participant_of(loaded, member, round_id)?;
    if matches!(who.role, RoundRole::Interviewer | RoundRole::Shadow) {
        Ok(who)
    } else {
        // The candidate never learns that notes exist.
        Err(AppError::NotFound)
    }
}

fn parse_note(input: &NoteInput) -> AppResult<(String, String)> {
    let body = input.body.trim();
    if body.is_empty() || body.chars().count() > MAX_NOTE_CHARS {
        return Err(AppError::invalid("body", format!("Write a note of 1 to {MAX_NOTE_CHARS} characters.")));
    }
    let mut tags = Vec::new();
    for tag in &input.tags {
        let dimension = Dimension::parse(tag)
            .ok_or_else(|| AppError::invalid("tags", format!("{tag:?} is not a feedback dimension.")))?;
        if !tags.contains(&dimension.as_str()) {
            tags.push(dimension.as_str());
        }
    }
    Ok((body.to_owned(), tags.join(",")))
}

/// The caller's own notes on the round (interviewer and shadow only).
#[utoipa::path(get, path = "/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/notes", tag = "rooms",
    params(("circle_id" = String, Path), ("loop_id" = String, Path), ("round_id" = String, Path)),
    responses((status = 200, body = [NoteView]), (status = 404)))]
pub async fn list_notes(
    State(state): State<AppState>,
    member: CircleMember,
    Path((_, loop_id, round_id)): Path<(String, String, String)>,
) -> AppResult<ApiJson<Vec<NoteView>>> {
    let loaded = load_loop(&state, &member, &loop_id).await?;
    let who = note_taker(&loaded, &member, &round_id)?;
    let notes = state.store.notes_of(&round_id, &who.user_id).await?;
    Ok(ApiJson(notes.into_iter().map(NoteView::from).collect()))
}

/// Takes a private note, stamped with the round's timer time.
#[utoipa::path(post, path = "/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/notes", tag = "rooms",
    request_body = NoteInput,
    params(("circle_id" = String, Path), ("loop_id" = String, Path), ("round_id" = String, Path)),
    responses((status = 201, body = NoteView), (status = 422), (status = 404)))]
pub async fn create_note(
    State(state): State<AppState>,
    member: CircleMember,
    Path((_, loop_id, round_id)): Path<(String, String, String)>,
    ApiJson(input): ApiJson<NoteInput>,
) -> AppResult<(StatusCode, ApiJson<NoteView>)> {
    let loaded = load_loop(&state, &member, &loop_id).await?;
    let who = note_taker(&loaded, &member, &round_id)?;
    let (body, tags) = parse_note(&input)?;
    let room = live_room(&state, &loaded, &round_id).await?;
    let now = secrets::now();
    let note = NoteRow {
        id: secrets::new_id().to_string(),
        round_id: round_id.clone(),
        author_id: who.user_id,
        at_ms: room.elapsed_ms().await,
        body,
        tags,
        created_at: now,
        updated_at: now,
    };
    state.store.create_note(&note).await?;
    Ok((StatusCode::CREATED, ApiJson(NoteView::from(note))))
}

/// Edits one of the caller's notes (autosave).
#[utoipa::path(put, path = "/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/notes/{note_id}", tag = "rooms",
    request_body = NoteInput,
    params(("circle_id" = String, Path), ("loop_id" = String, Path), ("round_id" = String, Path), ("note_id" = String, Path)),
    responses((status = 204), (status = 422), (status = 404)))]
pub async fn update_note(
    State(state): State<AppState>,
    member: CircleMember,
    Path((_, loop_id, round_id, note_id)): Path<(String, String, String, String)>,
    ApiJson(input): ApiJson<NoteInput>,
) -> AppResult<StatusCode> {
    let loaded = load_loop(&state, &member, &loop_id).await?;
    let who = note_taker(&loaded, &member, &round_id)?;
    let (body, tags) = parse_note(&input)?;
    if state.store.update_note(&note_id, &round_id, &who.user_id, &body, &tags, secrets::now()).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound)
    }
}
