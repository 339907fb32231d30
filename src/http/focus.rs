//! Focus areas from the candidate's own history: the ranked themes with their evidence, the one or
//! two suggested focus areas to confirm or override, the status of the chosen ones after new
//! feedback, a practice plan to tick through and print, and a text or link to share them with a
//! partner outside mockloop.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post, put};
use mockloop_core::bank::ThemeId;
use mockloop_core::insights::{practice_plan, select_focus, share_text, FocusReport, History, PracticePlan};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::{CurrentUser, MaybeUser};
use super::csrf::CsrfToken;
use super::extract::{ApiJson, FormData};
use super::pages::{render, Chrome};
use super::{AppError, AppResult, AppState, RouteMap};
use crate::history::history_of;
use crate::secrets;

pub fn page_routes() -> RouteMap {
    RouteMap::default()
        .route("/focus", get(focus_page).post(submit_focus))
        .route("/focus/share", post(submit_share))
        .route("/shared/focus/{token}", get(shared_page))
}

pub fn api_routes() -> RouteMap {
    RouteMap::default()
        .route("/api/v1/me/history", get(get_history))
        .route("/api/v1/me/insights", get(get_insights))
        .route("/api/v1/me/practice-plan", get(get_plan))
        .route("/api/v1/me/practice-plan/ticks", put(put_tick))
}

async fn insights_of(state: &AppState, user: &CurrentUser) -> AppResult<(History, FocusReport)> {
    let history = history_of(&state.store, &user.id, &user.display_name).await?;
    let report = select_focus(&history, &state.bank.themes, &state.suggester, None);
    Ok((history, report))
}

/// The caller's feedback history (docs/history.schema.json), from feedback released to them.
#[utoipa::path(get, path = "/api/v1/me/history", tag = "insights",
    responses((status = 200, description = "The history document"), (status = 401)))]
pub async fn get_history(State(state): State<AppState>, user: CurrentUser) -> AppResult<ApiJson<History>> {
    Ok(ApiJson(history_of(&state.store, &user.id, &user.display_name).await?))
}

/// Ranked themes with evidence and the suggested focus areas, plus the ones the caller chose.
#[derive(Debug, Serialize, ToSchema)]
pub struct InsightsView {
    #[schema(value_type = Object)]
    pub suggested: FocusReport,
    pub chosen: Vec<ChosenFocus>,
}

/// A chosen focus area and what the latest feedback says about it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChosenFocus {
    pub theme: String,
    pub name: String,
    /// `new`, `recurring`, `improving`, `resolved`, or `no_evidence` when no feedback has raised it.
    pub status: String,
    pub reason: Option<String>,
}

async fn chosen_of(
    state: &AppState,
    user: &CurrentUser,
    report: &FocusReport,
) -> AppResult<Vec<ChosenFocus>> {
    Ok(state
        .store
        .focus_areas_of(&user.id)
        .await?
        .into_iter()
        .map(|id| {
            let insight = report.themes.iter().find(|t| t.theme.as_str() == id);
            ChosenFocus {
                name: state.bank.theme(&id).map_or_else(|| id.clone(), |t| t.name.clone()),
                status: insight.map_or_else(|| "no_evidence".to_owned(), |i| i.trend.as_str().to_owned()),
                reason: insight.map(|i| i.reason.clone()),
                theme: id,
            }
        })
        .collect())
}

#[utoipa::path(get, path = "/api/v1/me/insights", tag = "insights",
    responses((status = 200, body = InsightsView), (status = 401)))]
pub async fn get_insights(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<ApiJson<InsightsView>> {
    let (_, report) = insights_of(&state, &user).await?;
    let chosen = chosen_of(&state, &user, &report).await?;
    Ok(ApiJson(InsightsView { suggested: report, chosen }))
}

/// One plan per chosen focus area, with the keys of the lines already ticked.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanView {
    #[schema(value_type = Vec<Object>)]
    pub plans: Vec<PracticePlan>,
    /// `theme_id/item_key` of every ticked line (`drill:<question id>`, `revisit:<n>`, `check:<n>`).
    pub ticked: Vec<String>,
    pub share_text: String,
}

async fn plan_of(state: &AppState, user: &CurrentUser) -> AppResult<PlanView> {
    let focus: Vec<ThemeId> =
        state.store.focus_areas_of(&user.id).await?.iter().filter_map(|t| ThemeId::parse(t).ok()).collect();
    let seen = state.store.questions_seen_by(&user.id).await?;
    let plans = focus.iter().filter_map(|theme| practice_plan(theme, &state.bank, &seen)).collect();
    let ticked = state
        .store
        .practice_ticks(&user.id)
        .await?
        .into_iter()
        .map(|(theme, key)| format!("{theme}/{key}"))
        .collect();
    Ok(PlanView { plans, ticked, share_text: share_text(&focus, &state.bank) })
}

#[utoipa::path(get, path = "/api/v1/me/practice-plan", tag = "insights",
    responses((status = 200, body = PlanView), (status = 401)))]
pub async fn get_plan(State(state): State<AppState>, user: CurrentUser) -> AppResult<ApiJson<PlanView>> {
    Ok(ApiJson(plan_of(&state, &user).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TickInput {
    pub theme: String,
    /// `drill:<question id>`, `revisit:<n>` or `check:<n>`.
    pub key: String,
    pub done: bool,
}

/// Ticks or unticks one line of the practice plan.
#[utoipa::path(put, path = "/api/v1/me/practice-plan/ticks", tag = "insights", request_body = TickInput,
    responses((status = 204), (status = 422), (status = 401)))]
pub async fn put_tick(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<TickInput>,
) -> AppResult<StatusCode> {
    let plan = plan_of(&state, &user).await?;
    let Some(theme) = plan.plans.iter().find(|p| p.theme.as_str() == input.theme) else {
        return Err(AppError::invalid("theme", "That theme is not one of your focus areas."));
    };
    let valid = match input.key.split_once(':') {
        Some(("drill", id)) => theme.drills.iter().any(|d| d.question_id == id),
        Some(("revisit", n)) => n.parse::<usize>().is_ok_and(|n| n < theme.revisit.len()),
        Some(("check", n)) => n.parse::<usize>().is_ok_and(|n| n < theme.checklist.len()),
        _ => false,
    };
    if !valid {
        return Err(AppError::invalid("key", "That line is not in the plan."));
    }
    state.store.set_practice_tick(&user.id, &input.theme, &input.key, input.done, secrets::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Template)]
#[template(path = "focus.html")]
struct FocusPage {
    chrome: Chrome,
    report: FocusReport,
    chosen: Vec<ChosenFocus>,
    plan: PlanView,
    themes: Vec<(String, String)>,
    rounds: usize,
    share_url: Option<String>,
}

impl FocusPage {
    fn theme_name(&self, id: &str) -> String {
        self.themes.iter().find(|(t, _)| t == id).map_or_else(|| id.to_owned(), |(_, name)| name.clone())
    }

    fn ticked_line(&self, theme: &str, kind: &str, id: &str) -> bool {
        self.plan.ticked.iter().any(|t| *t == format!("{theme}/{kind}:{id}"))
    }

    fn ticked_number(&self, theme: &str, kind: &str, number: &usize) -> bool {
        self.ticked_line(theme, kind, &number.to_string())
    }

    /// The chosen focus area at `position`, or before any is chosen, the suggested one.
    fn preselected(&self, position: usize) -> &str {
        if self.chosen.is_empty() {
            self.report.focus.get(position).map_or("", ThemeId::as_str)
        } else {
            self.chosen.get(position).map_or("", |c| c.theme.as_str())
        }
    }
}

async fn render_focus(
    state: &AppState,
    user: &CurrentUser,
    maybe: &MaybeUser,
    csrf: &CsrfToken,
    share_url: Option<String>,
) -> AppResult<Html<String>> {
    let (history, report) = insights_of(state, user).await?;
    let chosen = chosen_of(state, user, &report).await?;
    render(&FocusPage {
        chrome: Chrome::new(maybe, csrf, None),
        chosen,
        plan: plan_of(state, user).await?,
        themes: state.bank.themes.iter().map(|t| (t.id.to_string(), t.name.clone())).collect(),
        rounds: history.rounds.len(),
        report,
        share_url,
    })
}

async fn focus_page(
    State(state): State<AppState>,
    user: CurrentUser,
    maybe: MaybeUser,
    csrf: CsrfToken,
) -> AppResult<Html<String>> {
    render_focus(&state, &user, &maybe, &csrf, None).await
}

#[derive(Debug, Deserialize)]
struct FocusForm {
    #[serde(default)]
    first: String,
    #[serde(default)]
    second: String,
}

/// Confirms the suggestion or sets other focus areas (at most two).
async fn submit_focus(
    State(state): State<AppState>,
    user: CurrentUser,
    FormData(form): FormData<FocusForm>,
) -> AppResult<Response> {
    let mut chosen: Vec<String> = Vec::new();
    for theme in [form.first, form.second] {
        if theme.is_empty() || chosen.contains(&theme) {
            continue;
        }
        if state.bank.theme(&theme).is_none() {
            return Err(AppError::invalid("first", format!("{theme:?} is not a theme of this bank.")));
        }
        chosen.push(theme);
    }
    state.store.set_focus_areas(&user.id, &chosen, secrets::now()).await?;
    Ok(Redirect::to("/focus").into_response())
}

/// Makes a new share link (the old one stops working) and shows it once.
async fn submit_share(
    State(state): State<AppState>,
    user: CurrentUser,
    maybe: MaybeUser,
    csrf: CsrfToken,
) -> AppResult<Html<String>> {
    let token = secrets::new_token("fs_");
    state.store.replace_focus_share(&user.id, &secrets::hash_token(&token), secrets::now()).await?;
    let url = state.base_url.join(&format!("shared/focus/{token}")).map_err(AppError::internal)?;
    render_focus(&state, &user, &maybe, &csrf, Some(url.to_string())).await
}

#[derive(Template)]
#[template(path = "shared_focus.html")]
struct SharedFocusPage {
    chrome: Chrome,
    name: String,
    text: String,
}

/// What a share link shows: the name and the focus areas with what to watch for, nothing else.
async fn shared_page(
    State(state): State<AppState>,
    maybe: MaybeUser,
    csrf: CsrfToken,
    Path(token): Path<String>,
) -> AppResult<Html<String>> {
    let owner =
        state.store.focus_share_owner(&secrets::hash_token(&token)).await?.ok_or(AppError::NotFound)?;
    let user = state.store.user_by_id(&owner).await?.ok_or(AppError::NotFound)?;
    let focus: Vec<ThemeId> =
        state.store.focus_areas_of(&owner).await?.iter().filter_map(|t| ThemeId::parse(t).ok()).collect();
    render(&SharedFocusPage {
        chrome: Chrome::new(&maybe, &csrf, None),
        name: user.display_name,
        text: share_text(&focus, &state.bank),
    })
}
