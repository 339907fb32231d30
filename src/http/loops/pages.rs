//! The loop pages: plan form (on the circle page), agenda, brief, prompt.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use super::{
    brief_question, load_loop, loop_view, plan_for_circle, prompt_question, replace_question_of,
    swap_roles_of, LoopView, NewLoopRequest, RoundView,
};
use crate::http::auth::{CircleMember, MaybeUser};
use crate::http::csrf::CsrfToken;
use crate::http::extract::FormData;
use crate::http::markdown;
use crate::http::pages::{render, Chrome, NoticeQuery};
use crate::http::{AppError, AppResult, AppState, RouteMap};

pub fn page_routes() -> RouteMap {
    RouteMap::default()
        .route("/circles/{circle_id}/loops", post(submit_new_loop))
        .route("/circles/{circle_id}/loops/{loop_id}", get(loop_page))
        .route("/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/brief", get(brief_page))
        .route("/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/prompt", get(prompt_page))
        .route(
            "/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/question",
            post(submit_replace_question),
        )
        .route("/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/swap-roles", post(submit_swap_roles))
}

/// A round's times as a person reads them: "Sat 5 Dec · 09:00-10:00 · feedback until 10:15".
pub(crate) fn when(round: &RoundView) -> String {
    let parse = |text: &str| text.parse::<jiff::Zoned>().ok();
    match (parse(&round.start), parse(&round.end), parse(&round.feedback_end)) {
        (Some(start), Some(end), Some(feedback)) => format!(
            "{} · {}–{} · feedback until {}",
            start.strftime("%a %-d %b"),
            start.strftime("%H:%M"),
            end.strftime("%H:%M"),
            feedback.strftime("%H:%M")
        ),
        _ => round.start.clone(),
    }
}

#[derive(Template)]
#[template(path = "loop.html")]
struct LoopPage {
    chrome: Chrome,
    circle_id: String,
    view: LoopView,
    is_owner: bool,
    me: String,
    now: i64,
}

impl LoopPage {
    fn when(&self, round: &RoundView) -> String {
        when(round)
    }

    /// The round's other participants, whom the caller may report absent.
    fn others(&self, round: &RoundView) -> Vec<super::PersonRef> {
        std::iter::once(&round.interviewee)
            .chain(round.interviewer.as_ref())
            .chain(round.shadow.as_ref())
            .filter(|person| person.id != self.me)
            .cloned()
            .collect()
    }

    fn can_report_no_show(&self, round: &RoundView) -> bool {
        let started =
            round.start.parse::<jiff::Zoned>().is_ok_and(|start| start.timestamp().as_second() <= self.now);
        round.my_role != "observer" && started && !self.others(round).is_empty()
    }
}

#[derive(Template)]
#[template(path = "brief.html")]
struct BriefPage {
    chrome: Chrome,
    circle_id: String,
    loop_id: String,
    round: RoundView,
    when: String,
    title: String,
    prompt_html: String,
    clarifications: Vec<(String, String)>,
    hints: Vec<String>,
    probes: Vec<String>,
    rubric: Vec<(String, String, String, String)>,
    solution_html: String,
    reference_solution: Option<String>,
    can_replace: bool,
    alternatives: Vec<(String, String)>,
    focus: Vec<super::FocusBrief>,
}

#[derive(Template)]
#[template(path = "prompt.html")]
struct PromptPage {
    chrome: Chrome,
    circle_id: String,
    loop_id: String,
    round: RoundView,
    title: String,
    phases: String,
    prompt_html: String,
    schema: Option<String>,
    starter_code: Option<String>,
    examples: Vec<(String, String)>,
}

async fn submit_new_loop(
    State(state): State<AppState>,
    member: CircleMember,
    FormData(fields): FormData<Vec<(String, String)>>,
) -> AppResult<Response> {
    let field = |name: &str| {
        fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_owned()).unwrap_or_default()
    };
    let hours = field("max_hours_per_day");
    let request = NewLoopRequest {
        template: field("template"),
        participants: fields.iter().filter(|(k, _)| k == "participants").map(|(_, v)| v.clone()).collect(),
        start: field("start"),
        time_zone: field("time_zone"),
        max_hours_per_day: hours
            .parse()
            .map_err(|_| AppError::invalid("max_hours_per_day", "Give the daily cap in hours, e.g. 5."))?,
        seed: match field("seed").as_str() {
            "" => None,
            text => Some(text.parse().map_err(|_| AppError::invalid("seed", "The seed is a whole number."))?),
        },
    };
    let loop_id = plan_for_circle(&state, &member, &request).await?;
    Ok(Redirect::to(&format!("/circles/{}/loops/{loop_id}", member.circle_id)).into_response())
}

async fn loop_page(
    State(state): State<AppState>,
    member: CircleMember,
    user: MaybeUser,
    csrf: CsrfToken,
    Path((_, loop_id)): Path<(String, String)>,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    let loaded = load_loop(&state, &member, &loop_id).await?;
    let page = LoopPage {
        chrome: Chrome::new(&user, &csrf, query.notice()),
        circle_id: member.circle_id.to_string(),
        view: loop_view(&state, &loaded, &member.user.id),
        is_owner: member.role.may_manage_members(),
        me: member.user.id.clone(),
        now: crate::secrets::now(),
    };
    Ok(render(&page)?.into_response())
}

async fn brief_page(
    State(state): State<AppState>,
    member: CircleMember,
    user: MaybeUser,
    csrf: CsrfToken,
    Path((_, loop_id, round_id)): Path<(String, String, String)>,
) -> AppResult<Response> {
    let loaded = load_loop(&state, &member, &loop_id).await?;
    let (question, role) = brief_question(&state, &loaded, &round_id, &member.user.id)?;
    let round_row = loaded.round(&round_id)?;
    let round = super::round_view(&loaded, round_row, &state.bank, &member.user.id);
    let can_replace = role == mockloop_core::access::RoundRole::Interviewer;
    let alternatives = if can_replace {
        let used = loaded.rounds.iter().map(|r| r.question_id.clone()).collect();
        let seen = state.store.questions_seen_by(&round_row.interviewee_id).await?.into_iter().collect();
        mockloop_core::replace::replacement_questions(&state.bank.questions, question.kind, &used, &seen)
            .into_iter()
            .map(|q| (q.id.clone(), q.title.clone()))
            .collect()
    } else {
        Vec::new()
    };
    let focus = super::candidate_focus(&state, round_row).await?;
    let page = BriefPage {
        focus,
        chrome: Chrome::new(&user, &csrf, None),
        circle_id: member.circle_id.to_string(),
        loop_id,
        when: when(&round),
        round,
        title: question.title.clone(),
        prompt_html: markdown::to_html(&question.prompt),
        clarifications: question
            .clarifications
            .iter()
            .map(|c| (c.question.clone(), c.answer.clone()))
            .collect(),
        hints: question.hints.clone(),
        probes: question.probes.clone(),
        rubric: question
            .rubric
            .iter()
            .map(|r| (r.dimension.heading().to_owned(), r.below.clone(), r.at.clone(), r.above.clone()))
            .collect(),
        solution_html: markdown::to_html(&question.solution_sketch),
        reference_solution: question.coding.as_ref().map(|c| c.reference_solution.clone()),
        can_replace,
        alternatives,
    };
    Ok(render(&page)?.into_response())
}

async fn prompt_page(
    State(state): State<AppState>,
    member: CircleMember,
    user: MaybeUser,
    csrf: CsrfToken,
    Path((_, loop_id, round_id)): Path<(String, String, String)>,
) -> AppResult<Response> {
    let loaded = load_loop(&state, &member, &loop_id).await?;
    let view = prompt_question(&state, &loaded, &round_id, &member.user.id)?.candidate_view();
    let round = super::round_view(&loaded, loaded.round(&round_id)?, &state.bank, &member.user.id);
    let page = PromptPage {
        chrome: Chrome::new(&user, &csrf, None),
        circle_id: member.circle_id.to_string(),
        loop_id,
        round,
        title: view.title.clone(),
        phases: view
            .phases
            .iter()
            .map(|p| format!("{} {} min", p.name, p.minutes))
            .collect::<Vec<_>>()
            .join(" · "),
        prompt_html: markdown::to_html(&view.prompt),
        schema: view.schema.clone(),
        starter_code: view.starter_code.clone(),
        examples: view
            .visible_tests
            .iter()
            .map(|t| {
                let input = t.args.as_ref().map_or_else(
                    || t.setup.clone().unwrap_or_default(),
                    |a| serde_json::Value::from(a.clone()).to_string(),
                );
                (format!("{}: {input}", t.name), t.expected.to_string())
            })
            .collect(),
    };
    Ok(render(&page)?.into_response())
}

#[derive(Debug, serde::Deserialize)]
struct ReplaceQuestionForm {
    question_id: String,
}

async fn submit_replace_question(
    State(state): State<AppState>,
    member: CircleMember,
    Path((_, loop_id, round_id)): Path<(String, String, String)>,
    FormData(form): FormData<ReplaceQuestionForm>,
) -> AppResult<Redirect> {
    replace_question_of(&state, &member, &loop_id, &round_id, &form.question_id).await?;
    Ok(Redirect::to(&format!("/circles/{}/loops/{loop_id}/rounds/{round_id}/brief", member.circle_id)))
}

async fn submit_swap_roles(
    State(state): State<AppState>,
    member: CircleMember,
    Path((_, loop_id, round_id)): Path<(String, String, String)>,
) -> AppResult<Redirect> {
    swap_roles_of(&state, &member, &loop_id, &round_id).await?;
    Ok(Redirect::to(&format!("/circles/{}/loops/{loop_id}", member.circle_id)))
}
