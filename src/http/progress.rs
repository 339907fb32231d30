//! The progress page: a candidate's ratings per dimension over their rounds, self against partners
//! over time, which themes came up in which round, and where they stand in the practice cycle
//! (practice -> mock -> feedback -> focused improvement). Charts are inline SVG with a table
//! beside each for screen readers.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use mockloop_core::bank::{Dimension, RoundKind};
use mockloop_core::exchange::{is_released, FormDraft, ItemKind, Ratings, SelfAssessment};
use mockloop_core::feedback::ThemeInput;

use super::auth::{CurrentUser, MaybeUser};
use super::charts::{heatmap, line_chart, Series};
use super::csrf::CsrfToken;
use super::pages::{render, Chrome};
use super::{AppResult, AppState, RouteMap};
use crate::secrets;

pub fn page_routes() -> RouteMap {
    RouteMap::default().route("/progress", get(progress_page))
}

/// One of the candidate's rounds with released feedback.
#[derive(Debug)]
pub struct RoundPoint {
    pub label: String,
    pub givers: Vec<Ratings>,
    pub own: Option<Ratings>,
    /// Improvement items by theme id.
    pub themes: BTreeMap<String, u32>,
}

fn mean(values: impl Iterator<Item = u8>) -> Option<f64> {
    let values: Vec<f64> = values.map(f64::from).collect();
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

impl RoundPoint {
    fn partners(&self, dimension: Dimension) -> Option<f64> {
        mean(self.givers.iter().filter_map(|r| r.get(dimension)))
    }

    fn overall_partners(&self) -> Option<f64> {
        mean(self.givers.iter().flat_map(|r| Dimension::ALL.into_iter().filter_map(|d| r.get(d))))
    }

    fn overall_self(&self) -> Option<f64> {
        self.own.and_then(|own| mean(Dimension::ALL.into_iter().filter_map(|d| own.get(d))))
    }
}

/// The candidate's rounds with released feedback, oldest first.
pub async fn rounds_of(state: &AppState, user_id: &str) -> AppResult<Vec<RoundPoint>> {
    let assessments = state.store.self_assessments_of(user_id).await?;
    let own_of = |round_id: &str| {
        assessments
            .iter()
            .find(|(row, _)| row.round_id == round_id)
            .and_then(|(row, _)| serde_json::from_str::<SelfAssessment>(&row.body_json).ok())
    };
    let mut points: Vec<(String, RoundPoint)> = Vec::new();
    for candidate in state.store.submitted_forms_for_candidate(user_id).await? {
        let own = own_of(&candidate.form.round_id);
        if !is_released(true, own.is_some(), candidate.form.released_at.is_some()) {
            continue;
        }
        let Ok(draft) = serde_json::from_str::<FormDraft>(&candidate.form.draft_json) else { continue };
        let index = match points.iter().position(|(id, _)| *id == candidate.form.round_id) {
            Some(index) => index,
            None => {
                let date = jiff::Timestamp::from_second(candidate.starts_at)
                    .map(|t| t.strftime("%m-%d").to_string())
                    .unwrap_or_default();
                let kind = RoundKind::parse(&candidate.round_kind).map_or("?", short_kind);
                let point = RoundPoint {
                    label: format!("{date} {kind}"),
                    givers: Vec::new(),
                    own: own.map(|o| o.ratings),
                    themes: BTreeMap::new(),
                };
                points.push((candidate.form.round_id.clone(), point));
                points.len() - 1
            }
        };
        let point = &mut points[index].1;
        point.givers.push(draft.ratings);
        let kind = RoundKind::parse(&candidate.round_kind);
        for item in draft.items.iter().filter(|item| item.kind == ItemKind::Improvement) {
            let theme = item.theme.as_ref().map(ToString::to_string).or_else(|| {
                let input = ThemeInput::Fields {
                    situation: item.situation.clone(),
                    behavior: item.behavior.clone(),
                    impact: item.impact.clone(),
                    suggestion: item.suggestion.clone(),
                };
                state.suggester.suggest(&input, kind).map(|s| s.theme.to_string())
            });
            if let Some(theme) = theme {
                *point.themes.entry(theme).or_default() += 1;
            }
        }
    }
    Ok(points.into_iter().map(|(_, point)| point).collect())
}

fn short_kind(kind: RoundKind) -> &'static str {
    match kind {
        RoundKind::Coding => "code",
        RoundKind::MlSystemDesign => "design",
        RoundKind::MlDeepDive => "deep dive",
        RoundKind::Experimentation => "expt",
        RoundKind::Behavioral => "behav",
    }
}

/// Where the candidate stands in practice -> mock -> feedback -> focused improvement.
#[derive(Debug, PartialEq, Eq)]
pub enum CycleStage {
    Mock,
    Feedback,
    FocusedImprovement,
    Practice,
}

impl CycleStage {
    pub fn label(&self) -> &'static str {
        match self {
            Self::Mock => "Mock: a round is coming up",
            Self::Feedback => "Feedback: a finished round is waiting for your self-assessment",
            Self::FocusedImprovement => {
                "Focused improvement: choose one or two focus areas from your feedback"
            }
            Self::Practice => "Practice: work through your plan, then book the next loop",
        }
    }
}

/// One row of a table fallback.
#[derive(Debug)]
pub struct TableRow {
    pub label: String,
    pub cells: Vec<String>,
}

#[derive(Template)]
#[template(path = "progress.html")]
struct ProgressPage {
    chrome: Chrome,
    stage: &'static str,
    has_data: bool,
    ratings_svg: String,
    calibration_svg: String,
    heatmap_svg: String,
    round_labels: Vec<String>,
    ratings_rows: Vec<TableRow>,
    calibration_rows: Vec<TableRow>,
    theme_rows: Vec<TableRow>,
}

fn cell(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{v:.1}"))
}

async fn progress_page(
    State(state): State<AppState>,
    user: CurrentUser,
    maybe: MaybeUser,
    csrf: CsrfToken,
) -> AppResult<Html<String>> {
    let rounds = rounds_of(&state, &user.id).await?;
    let labels: Vec<String> = rounds.iter().map(|r| r.label.clone()).collect();
    let ratings: Vec<Series> = Dimension::ALL
        .into_iter()
        .map(|d| Series {
            label: d.heading().to_owned(),
            values: rounds.iter().map(|r| r.partners(d)).collect(),
        })
        .collect();
    let calibration = vec![
        Series { label: "You".into(), values: rounds.iter().map(RoundPoint::overall_self).collect() },
        Series {
            label: "Partners".into(),
            values: rounds.iter().map(RoundPoint::overall_partners).collect(),
        },
    ];
    let mut themes: Vec<String> = rounds.iter().flat_map(|r| r.themes.keys().cloned()).collect();
    themes.sort();
    themes.dedup();
    let theme_names: Vec<String> =
        themes.iter().map(|id| state.bank.theme(id).map_or_else(|| id.clone(), |t| t.name.clone())).collect();
    let counts: Vec<Vec<u32>> = themes
        .iter()
        .map(|id| rounds.iter().map(|r| r.themes.get(id).copied().unwrap_or(0)).collect())
        .collect();
    let table = |series: &[Series]| -> Vec<TableRow> {
        series
            .iter()
            .map(|s| TableRow { label: s.label.clone(), cells: s.values.iter().map(|v| cell(*v)).collect() })
            .collect()
    };
    let page = ProgressPage {
        chrome: Chrome::new(&maybe, &csrf, None),
        stage: stage_of(&state, &user.id, &rounds).await?.label(),
        has_data: !rounds.is_empty(),
        ratings_svg: line_chart("Partners' ratings per dimension, by round", &labels, &ratings, 1.0, 4.0),
        calibration_svg: line_chart(
            "Your ratings against your partners', by round (mean of the four)",
            &labels,
            &calibration,
            1.0,
            4.0,
        ),
        heatmap_svg: heatmap("Improvement themes by round", &theme_names, &labels, &counts),
        ratings_rows: table(&ratings),
        calibration_rows: table(&calibration),
        theme_rows: theme_names
            .iter()
            .zip(&counts)
            .map(|(name, row)| TableRow {
                label: name.clone(),
                cells: row.iter().map(u32::to_string).collect(),
            })
            .collect(),
        round_labels: labels,
    };
    render(&page)
}

async fn stage_of(state: &AppState, user_id: &str, rounds: &[RoundPoint]) -> AppResult<CycleStage> {
    let now = secrets::now();
    if !state.store.upcoming_rounds_of(user_id, now).await?.is_empty() {
        return Ok(CycleStage::Mock);
    }
    let assessed: Vec<String> =
        state.store.self_assessments_of(user_id).await?.into_iter().map(|(row, _)| row.round_id).collect();
    let waiting = state
        .store
        .submitted_forms_for_candidate(user_id)
        .await?
        .iter()
        .any(|f| f.form.released_at.is_none() && !assessed.contains(&f.form.round_id));
    if waiting {
        return Ok(CycleStage::Feedback);
    }
    if !rounds.is_empty() && state.store.focus_areas_of(user_id).await?.is_empty() {
        return Ok(CycleStage::FocusedImprovement);
    }
    Ok(CycleStage::Practice)
}
