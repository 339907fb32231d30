//! The replay of a round: its timeline and the workspace's history, and the page with the scrubber.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use mockloop_core::access::RoundRole;
use serde::Serialize;
use utoipa::ToSchema;

use super::notes::NoteView;
use super::participant_of;
use crate::http::auth::{CircleMember, MaybeUser};
use crate::http::csrf::CsrfToken;
use crate::http::extract::ApiJson;
use crate::http::loops::load_loop;
use crate::http::pages::{render, Chrome};
use crate::http::{AppError, AppResult, AppState};

/// One moment of the round's timeline.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReplayEvent {
    pub at_ms: i64,
    /// `start_timer`, `pause_timer`, `resume_timer`, `extend`, `skip_phase`, `reveal_hint`, `end_round` or `run`.
    pub kind: String,
    /// The moment in words.
    pub detail: String,
}

/// One stored change of the workspace document (a Yjs update, base64).
#[derive(Debug, Serialize, ToSchema)]
pub struct ReplayUpdate {
    pub at_ms: i64,
    pub body: String,
}

/// Everything the replay page needs. Notes are the caller's own, and only the interviewer and
/// shadow have any.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReplayView {
    pub events: Vec<ReplayEvent>,
    pub updates: Vec<ReplayUpdate>,
    pub notes: Vec<NoteView>,
}

fn describe_event(json: &str, question: &mockloop_core::bank::Question) -> Option<(String, String)> {
    use mockloop_core::room::{Command, Event};
    if let Ok(event) = serde_json::from_str::<Event>(json) {
        let detail = match &event.command {
            Command::StartTimer => "Timer started".to_owned(),
            Command::PauseTimer => "Timer paused".to_owned(),
            Command::ResumeTimer => "Timer resumed".to_owned(),
            Command::Extend { minutes } => format!("Extended by {minutes} minutes"),
            Command::SkipPhase => "Moved to the next phase".to_owned(),
            Command::RevealHint { index } => format!(
                "Hint {} revealed: {}",
                index + 1,
                question.hints.get(*index).map_or("", String::as_str)
            ),
            Command::EndRound => "Round ended".to_owned(),
        };
        let kind = serde_json::to_value(&event.command).ok()?.get("command")?.as_str()?.to_owned();
        return Some((kind, detail));
    }
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    let run = value.get("run")?;
    let verdict = run["report"]["verdict"].as_str().unwrap_or("?").replace('_', " ");
    let action = if run["hidden"] == true { "submitted" } else { "ran the examples" };
    Some(("run".to_owned(), format!("{} {action}: {verdict}", run["by"].as_str().unwrap_or("Someone"))))
}

/// The round's timeline and workspace history, for the replay scrubber.
#[utoipa::path(get, path = "/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/replay", tag = "rooms",
    params(("circle_id" = String, Path), ("loop_id" = String, Path), ("round_id" = String, Path)),
    responses((status = 200, body = ReplayView), (status = 404)))]
pub async fn get_replay(
    State(state): State<AppState>,
    member: CircleMember,
    Path((_, loop_id, round_id)): Path<(String, String, String)>,
) -> AppResult<ApiJson<ReplayView>> {
    use base64::Engine;
    let loaded = load_loop(&state, &member, &loop_id).await?;
    let who = participant_of(&loaded, &member, &round_id)?;
    let round = loaded.round(&round_id)?;
    let question = state.bank.question(&round.question_id).ok_or(AppError::NotFound)?;
    let events = state
        .store
        .room_events(&round_id)
        .await?
        .into_iter()
        .filter_map(|row| {
            describe_event(&row.command_json, question).map(|(kind, detail)| ReplayEvent {
                at_ms: row.at_ms,
                kind,
                detail,
            })
        })
        .collect();
    let updates = state
        .store
        .doc_updates(&round_id)
        .await?
        .into_iter()
        .map(|(_, at_ms, body)| ReplayUpdate {
            at_ms,
            body: base64::engine::general_purpose::STANDARD.encode(body),
        })
        .collect();
    let notes = match who.role {
        RoundRole::Interviewer | RoundRole::Shadow => {
            state.store.notes_of(&round_id, &who.user_id).await?.into_iter().map(NoteView::from).collect()
        }
        RoundRole::Interviewee | RoundRole::Observer => Vec::new(),
    };
    Ok(ApiJson(ReplayView { events, updates, notes }))
}

#[derive(Template)]
#[template(path = "replay.html")]
struct ReplayPage {
    chrome: Chrome,
    circle_id: String,
    loop_id: String,
    round_id: String,
    label: String,
    language: Option<&'static str>,
}

pub(super) async fn replay_page(
    State(state): State<AppState>,
    member: CircleMember,
    user: MaybeUser,
    csrf: CsrfToken,
    Path((_, loop_id, round_id)): Path<(String, String, String)>,
) -> AppResult<Response> {
    let loaded = load_loop(&state, &member, &loop_id).await?;
    participant_of(&loaded, &member, &round_id)?;
    let round = loaded.round(&round_id)?;
    let view = crate::http::loops::round_view(&loaded, round, &state.bank, &member.user.id);
    let page = ReplayPage {
        chrome: Chrome::new(&user, &csrf, None),
        circle_id: member.circle_id.to_string(),
        loop_id,
        round_id,
        label: view.round_label,
        language: state.bank.question(&round.question_id).and_then(|q| q.coding.as_ref()).map(|c| {
            match c.language {
                mockloop_core::bank::Language::Python => "python",
                mockloop_core::bank::Language::Sql => "sql",
            }
        }),
    };
    Ok(render(&page)?.into_response())
}
