//! The signed-in person's own things across circles: feedback tools (lint, theme suggestions),
//! kept takeaways, calibration over time, declared focus areas and notifications.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use mockloop_core::bank::{Dimension, RoundKind, ThemeId};
use mockloop_core::exchange::{calibrate, describe_gap, FormDraft, Ratings, SelfAssessment};
use mockloop_core::feedback::{lint_item, FeedbackItem, ItemReport, ThemeInput, ThemeSuggestion};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;

use super::auth::{CurrentUser, MaybeUser};
use super::csrf::CsrfToken;
use super::extract::{ApiJson, FormData};
use super::pages::{render, Chrome};
use super::{AppError, AppResult, AppState, RouteMap};
use crate::secrets;

/// More items than any form holds; a larger batch is refused rather than slowly linted.
pub const MAX_TOOL_ITEMS: usize = 500;
pub const MAX_FOCUS_AREAS: usize = 2;

pub fn page_routes() -> RouteMap {
    RouteMap::default()
        .route("/notes", get(notes_page))
        .route("/notes/focus", post(submit_focus))
        .route("/notifications", get(notifications_page))
        .route("/notifications/read", post(submit_read))
}

pub fn api_routes() -> RouteMap {
    RouteMap::default()
        .route("/api/v1/feedback/lint", post(lint))
        .route("/api/v1/feedback/themes", post(themes))
        .route("/api/v1/me/takeaways", get(list_takeaways))
        .route("/api/v1/me/calibration", get(get_calibration))
        .route("/api/v1/me/focus-areas", get(get_focus_areas).put(put_focus_areas))
        .route("/api/v1/notifications", get(list_notifications))
        .route("/api/v1/notifications/read", post(read_notifications))
}

fn check_batch(len: usize) -> AppResult<()> {
    if len > MAX_TOOL_ITEMS {
        return Err(AppError::invalid("items", format!("Send at most {MAX_TOOL_ITEMS} items at a time.")));
    }
    Ok(())
}

/// Lints feedback items: per item, in order, `{ok, problems: [{code, field, message}]}`.
#[utoipa::path(post, path = "/api/v1/feedback/lint", tag = "feedback",
    request_body(content = Vec<Object>, description = "[{situation, behavior, impact, suggestion, round_kind?}]"),
    responses((status = 200, description = "[{ok, problems}]"), (status = 422), (status = 401)))]
pub async fn lint(
    _user: CurrentUser,
    ApiJson(items): ApiJson<Vec<FeedbackItem>>,
) -> AppResult<ApiJson<Vec<ItemReport>>> {
    check_batch(items.len())?;
    Ok(ApiJson(items.iter().map(lint_item).collect()))
}

#[derive(Debug, Deserialize)]
pub struct ThemeRequestItem {
    #[serde(flatten)]
    input: ThemeInput,
    #[serde(default)]
    round_kind: Option<RoundKind>,
}

/// Suggests a theme per item (free `text`, or the four fields), with alternatives.
#[utoipa::path(post, path = "/api/v1/feedback/themes", tag = "feedback",
    request_body(content = Vec<Object>, description = "[{text} or {situation, behavior, impact, suggestion}, with round_kind?]"),
    responses((status = 200, description = "[{theme, confidence, alternatives} or null]"), (status = 422), (status = 401)))]
pub async fn themes(
    State(state): State<AppState>,
    _user: CurrentUser,
    ApiJson(items): ApiJson<Vec<ThemeRequestItem>>,
) -> AppResult<ApiJson<Vec<Option<ThemeSuggestion>>>> {
    check_batch(items.len())?;
    Ok(ApiJson(items.iter().map(|item| state.suggester.suggest(&item.input, item.round_kind)).collect()))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TakeawayView {
    pub text: String,
    pub kept_at: i64,
    pub round_kind: String,
    pub round_label: String,
    pub round_starts_at: i64,
    /// The feedback page the takeaway came from.
    pub link: String,
}

async fn takeaways_of(state: &AppState, user: &CurrentUser) -> AppResult<Vec<TakeawayView>> {
    Ok(state
        .store
        .takeaways_of(&user.id)
        .await?
        .into_iter()
        .map(|row| TakeawayView {
            round_label: RoundKind::parse(&row.round_kind)
                .map_or_else(|| row.round_kind.clone(), |k| k.label().to_owned()),
            link: format!(
                "/circles/{}/loops/{}/rounds/{}/feedback",
                row.circle_id, row.loop_id, row.round_id
            ),
            text: row.takeaway,
            kept_at: row.kept_at,
            round_kind: row.round_kind,
            round_starts_at: row.starts_at,
        })
        .collect())
}

/// The caller's kept takeaways, newest first.
#[utoipa::path(get, path = "/api/v1/me/takeaways", tag = "feedback",
    responses((status = 200, body = [TakeawayView]), (status = 401)))]
pub async fn list_takeaways(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<ApiJson<Vec<TakeawayView>>> {
    Ok(ApiJson(takeaways_of(&state, &user).await?))
}

/// One round of the calibration history: the self-assessment against the givers' mean.
#[derive(Debug, Serialize, ToSchema)]
pub struct CalibrationPoint {
    pub round_id: String,
    pub round_kind: String,
    pub round_starts_at: i64,
    #[schema(value_type = Object)]
    pub self_ratings: Ratings,
    /// Per dimension id: the givers' mean rating.
    pub givers_mean: HashMap<String, f64>,
    /// Per dimension id: self minus the givers' mean.
    pub gaps: HashMap<String, f64>,
}

async fn calibration_history(state: &AppState, user: &CurrentUser) -> AppResult<Vec<CalibrationPoint>> {
    let assessments = state.store.self_assessments_of(&user.id).await?;
    let forms = state.store.submitted_forms_for_candidate(&user.id).await?;
    let mut points = Vec::new();
    for (row, starts_at) in assessments {
        let Ok(assessment) = serde_json::from_str::<SelfAssessment>(&row.body_json) else { continue };
        let mut kind = String::new();
        let givers: Vec<Ratings> = forms
            .iter()
            .filter(|candidate| candidate.form.round_id == row.round_id)
            .filter_map(|candidate| {
                kind.clone_from(&candidate.round_kind);
                serde_json::from_str::<FormDraft>(&candidate.form.draft_json).ok().map(|draft| draft.ratings)
            })
            .collect();
        if givers.is_empty() {
            continue;
        }
        let rows = calibrate(&assessment.ratings, &givers);
        let mut givers_mean = HashMap::new();
        let mut gaps = HashMap::new();
        for calibration in rows {
            let known: Vec<f64> = calibration.givers.iter().flatten().map(|&r| f64::from(r)).collect();
            if !known.is_empty() {
                givers_mean.insert(
                    calibration.dimension.as_str().to_owned(),
                    known.iter().sum::<f64>() / known.len() as f64,
                );
            }
            if let Some(gap) = calibration.gap {
                gaps.insert(calibration.dimension.as_str().to_owned(), gap);
            }
        }
        points.push(CalibrationPoint {
            round_id: row.round_id,
            round_kind: kind,
            round_starts_at: starts_at,
            self_ratings: assessment.ratings,
            givers_mean,
            gaps,
        });
    }
    Ok(points)
}

/// Self against partners' ratings, round by round (rounds with a self-assessment and feedback).
#[utoipa::path(get, path = "/api/v1/me/calibration", tag = "feedback",
    responses((status = 200, body = [CalibrationPoint]), (status = 401)))]
pub async fn get_calibration(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<ApiJson<Vec<CalibrationPoint>>> {
    Ok(ApiJson(calibration_history(&state, &user).await?))
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FocusAreas {
    /// One or two theme ids (`content/themes.toml`); an empty list clears them.
    pub themes: Vec<String>,
}

fn check_focus(state: &AppState, themes: &[String]) -> AppResult<Vec<String>> {
    if themes.len() > MAX_FOCUS_AREAS {
        return Err(AppError::invalid("themes", "Pick at most two focus areas: more than two is no focus."));
    }
    let mut checked: Vec<String> = Vec::new();
    for theme in themes {
        let id = ThemeId::parse(theme).map_err(|message| AppError::invalid("themes", message))?;
        if state.bank.theme(id.as_str()).is_none() {
            return Err(AppError::invalid("themes", format!("{theme:?} is not a theme of this bank.")));
        }
        if !checked.contains(&id.to_string()) {
            checked.push(id.to_string());
        }
    }
    Ok(checked)
}

#[utoipa::path(get, path = "/api/v1/me/focus-areas", tag = "feedback",
    responses((status = 200, body = FocusAreas), (status = 401)))]
pub async fn get_focus_areas(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<ApiJson<FocusAreas>> {
    Ok(ApiJson(FocusAreas { themes: state.store.focus_areas_of(&user.id).await? }))
}

/// Declares the caller's focus areas: feedback forms on their rounds ask about each.
#[utoipa::path(put, path = "/api/v1/me/focus-areas", tag = "feedback", request_body = FocusAreas,
    responses((status = 200, body = FocusAreas), (status = 422), (status = 401)))]
pub async fn put_focus_areas(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<FocusAreas>,
) -> AppResult<ApiJson<FocusAreas>> {
    let themes = check_focus(&state, &input.themes)?;
    state.store.set_focus_areas(&user.id, &themes, secrets::now()).await?;
    Ok(ApiJson(FocusAreas { themes }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationView {
    pub id: String,
    pub message: String,
    pub link: String,
    pub created_at: i64,
    pub read: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Notifications {
    pub unread: i64,
    pub items: Vec<NotificationView>,
}

async fn notifications_of(state: &AppState, user: &CurrentUser) -> AppResult<Notifications> {
    let items = state
        .store
        .notifications_of(&user.id, 50)
        .await?
        .into_iter()
        .map(|row| NotificationView {
            id: row.id,
            message: row.message,
            link: row.link,
            created_at: row.created_at,
            read: row.read_at.is_some(),
        })
        .collect();
    Ok(Notifications { unread: state.store.unread_notifications(&user.id).await?, items })
}

/// The caller's latest notifications (feedback arrived, a question asked or answered).
#[utoipa::path(get, path = "/api/v1/notifications", tag = "feedback",
    responses((status = 200, body = Notifications), (status = 401)))]
pub async fn list_notifications(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<ApiJson<Notifications>> {
    Ok(ApiJson(notifications_of(&state, &user).await?))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct ReadRequest {
    /// One notification; all of them when absent.
    #[serde(default)]
    pub id: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/notifications/read", tag = "feedback", request_body = ReadRequest,
    responses((status = 204), (status = 401)))]
pub async fn read_notifications(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<ReadRequest>,
) -> AppResult<StatusCode> {
    state.store.mark_notifications_read(&user.id, input.id.as_deref(), secrets::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// One row of the calibration table on the notes page.
#[derive(Debug)]
pub struct CalibrationLine {
    pub round: String,
    pub cells: Vec<String>,
}

#[derive(Template)]
#[template(path = "notes.html")]
struct NotesPage {
    chrome: Chrome,
    takeaways: Vec<TakeawayView>,
    dimensions: Vec<&'static str>,
    calibration: Vec<CalibrationLine>,
    focus: Vec<String>,
    themes: Vec<(String, String)>,
    error: Option<String>,
}

async fn notes_page(
    State(state): State<AppState>,
    user: CurrentUser,
    maybe: MaybeUser,
    csrf: CsrfToken,
) -> AppResult<Html<String>> {
    render_notes(&state, &user, &maybe, &csrf, None).await
}

async fn render_notes(
    state: &AppState,
    user: &CurrentUser,
    maybe: &MaybeUser,
    csrf: &CsrfToken,
    error: Option<String>,
) -> AppResult<Html<String>> {
    let calibration = calibration_history(state, user)
        .await?
        .into_iter()
        .map(|point| {
            let date = jiff::Timestamp::from_second(point.round_starts_at)
                .map(|t| t.strftime("%Y-%m-%d").to_string())
                .unwrap_or_default();
            let label = RoundKind::parse(&point.round_kind)
                .map_or_else(|| point.round_kind.clone(), |k| k.label().to_owned());
            let cells = Dimension::ALL
                .into_iter()
                .map(|d| {
                    let own = point.self_ratings.get(d).map_or_else(|| "–".to_owned(), |r| r.to_string());
                    match (point.givers_mean.get(d.as_str()), point.gaps.get(d.as_str())) {
                        (Some(mean), Some(gap)) => format!("{own} vs {mean:.1} ({})", describe_gap(*gap)),
                        _ => own,
                    }
                })
                .collect();
            CalibrationLine { round: format!("{date} · {label}"), cells }
        })
        .collect();
    render(&NotesPage {
        chrome: Chrome::new(maybe, csrf, None),
        takeaways: takeaways_of(state, user).await?,
        dimensions: Dimension::ALL.into_iter().map(Dimension::heading).collect(),
        calibration,
        focus: state.store.focus_areas_of(&user.id).await?,
        themes: state.bank.themes.iter().map(|t| (t.id.to_string(), t.name.clone())).collect(),
        error,
    })
}

#[derive(Debug, Deserialize)]
struct FocusForm {
    #[serde(default)]
    first: String,
    #[serde(default)]
    second: String,
}

async fn submit_focus(
    State(state): State<AppState>,
    user: CurrentUser,
    maybe: MaybeUser,
    csrf: CsrfToken,
    FormData(form): FormData<FocusForm>,
) -> AppResult<Response> {
    let chosen: Vec<String> = [form.first, form.second].into_iter().filter(|t| !t.is_empty()).collect();
    match check_focus(&state, &chosen) {
        Ok(themes) => {
            state.store.set_focus_areas(&user.id, &themes, secrets::now()).await?;
            Ok(Redirect::to("/notes").into_response())
        }
        Err(error) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            render_notes(&state, &user, &maybe, &csrf, Some(error.to_string())).await?,
        )
            .into_response()),
    }
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct NotificationsPage {
    chrome: Chrome,
    notifications: Notifications,
}

async fn notifications_page(
    State(state): State<AppState>,
    user: CurrentUser,
    maybe: MaybeUser,
    csrf: CsrfToken,
) -> AppResult<Html<String>> {
    render(&NotificationsPage {
        chrome: Chrome::new(&maybe, &csrf, None),
        notifications: notifications_of(&state, &user).await?,
    })
}

async fn submit_read(State(state): State<AppState>, user: CurrentUser) -> AppResult<Redirect> {
    state.store.mark_notifications_read(&user.id, None, secrets::now()).await?;
    Ok(Redirect::to("/notifications"))
}
