//! The feedback page of a round. The giver's form is drafted in the browser (`feedback.js`:
//! autosave, live lint, theme suggestions, confirmation of remaining problems); the candidate's
//! side is rendered here, with small actions (ask, thank, keep a takeaway) sent to the JSON API.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use axum::routing::get;
use mockloop_core::bank::Dimension;
use mockloop_core::exchange::{describe_gap, ItemKind, Ratings};
use serde_json::json;

use super::{dimensions, feedback_view, FeedbackView, FormView, ReactionView};
use crate::http::auth::{CircleMember, MaybeUser};
use crate::http::csrf::CsrfToken;
use crate::http::loops::load_loop;
use crate::http::pages::{render, Chrome};
use crate::http::{AppResult, AppState, RouteMap};

pub fn page_routes() -> RouteMap {
    RouteMap::default()
        .route("/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/feedback", get(feedback_page))
}

/// A theme as the form offers it.
#[derive(Debug)]
pub struct ThemeOption {
    pub id: String,
    pub name: String,
}

#[derive(Template)]
#[template(path = "feedback.html")]
struct FeedbackPage {
    chrome: Chrome,
    circle_id: String,
    loop_id: String,
    round_id: String,
    label: String,
    view: FeedbackView,
    themes: Vec<ThemeOption>,
    dimensions: Vec<(&'static str, &'static str)>,
    focus_names: Vec<(String, String)>,
    /// What the giver's form script starts from (empty for the candidate).
    giver_json: String,
}

impl FeedbackPage {
    fn is_strength(kind: &ItemKind) -> bool {
        *kind == ItemKind::Strength
    }

    fn theme_name(&self, id: &str) -> String {
        self.themes.iter().find(|t| t.id == id).map_or_else(|| id.to_owned(), |t| t.name.clone())
    }

    fn reaction<'a>(form: &'a FormView, item_id: &str) -> Option<&'a ReactionView> {
        form.reactions.iter().find(|reaction| reaction.item_id == item_id)
    }

    fn gap_text(gap: &Option<f64>) -> &'static str {
        gap.map_or("", describe_gap)
    }

    fn rating_text(rating: &Option<u8>) -> String {
        rating.map_or_else(|| "–".to_owned(), |r| r.to_string())
    }

    fn rating_of(ratings: &Ratings, dimension: &str) -> String {
        Self::rating_text(&Dimension::parse(dimension).and_then(|d| ratings.get(d)))
    }
}

async fn feedback_page(
    State(state): State<AppState>,
    member: CircleMember,
    user: MaybeUser,
    csrf: CsrfToken,
    Path((_, loop_id, round_id)): Path<(String, String, String)>,
) -> AppResult<Html<String>> {
    let loaded = load_loop(&state, &member, &loop_id).await?;
    let view = feedback_view(&state, &loaded, &member, &round_id).await?;
    let round = loaded.round(&round_id)?;
    let label = super::super::round_view(&loaded, round, &state.bank, &member.user.id).round_label;
    let themes: Vec<ThemeOption> = state
        .bank
        .themes
        .iter()
        .map(|t| ThemeOption { id: t.id.to_string(), name: t.name.clone() })
        .collect();
    let focus_names = view
        .focus_areas
        .iter()
        .map(|id| {
            (id.clone(), themes.iter().find(|t| &t.id == id).map_or_else(|| id.clone(), |t| t.name.clone()))
        })
        .collect();
    let giver_json = if view.role == "interviewee" {
        String::new()
    } else {
        json!({
            "mine": view.mine,
            "report": view.report,
            "focus": focus_names,
            "themes": themes.iter().map(|t| json!({"id": t.id, "name": t.name})).collect::<Vec<_>>(),
            "dimensions": dimensions().iter().map(|(id, heading)| json!({"id": id, "heading": heading})).collect::<Vec<_>>(),
            "candidate": view.candidate.name,
        })
        .to_string()
    };
    render(&FeedbackPage {
        chrome: Chrome::new(&user, &csrf, None),
        circle_id: member.circle_id.to_string(),
        loop_id,
        round_id,
        label,
        view,
        themes,
        dimensions: dimensions(),
        focus_names,
        giver_json,
    })
}
