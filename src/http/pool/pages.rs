//! The pool's pages: the entry form (everything typed stays on the page beside a problem), pause,
//! resume and leave, and a proposal with its members, reasons, common time and answer buttons.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use jiff::tz::TimeZone;
use jiff::Timestamp;

use super::{
    answer, member_proposal, move_entry, next_run, pool_view, proposal_view, Answer, EntryView, ProposalView,
};
use crate::http::auth::{CurrentUser, MaybeUser};
use crate::http::csrf::CsrfToken;
use crate::http::extract::FormData;
use crate::http::pages::{redirect_with, render, Chrome, Notice, NoticeQuery};
use crate::http::{AppResult, AppState};
use crate::pool::{round_kinds, SlotInput};
use crate::pool::{EntryInput, PoolError};
use crate::secrets;

#[derive(Template)]
#[template(path = "pool.html")]
struct PoolPage {
    chrome: Chrome,
    entry: Option<EntryView>,
    form: EntryInput,
    /// Saved slots plus blank rows to add more.
    slots: Vec<SlotInput>,
    error: Option<String>,
    next_run: Option<String>,
    every_hours: i64,
    proposals: Vec<ProposalView>,
    kinds: Vec<(&'static str, &'static str)>,
    themes: Vec<(String, String)>,
    partners: Vec<(String, String)>,
}

const DAYS: [(&str, &str); 7] = [
    ("mon", "Monday"),
    ("tue", "Tuesday"),
    ("wed", "Wednesday"),
    ("thu", "Thursday"),
    ("fri", "Friday"),
    ("sat", "Saturday"),
    ("sun", "Sunday"),
];
const BLANK_SLOT_ROWS: usize = 3;

impl PoolPage {
    fn days(&self) -> &'static [(&'static str, &'static str)] {
        &DAYS
    }

    fn wants(&self, kind: &str) -> bool {
        self.form.wants.iter().any(|k| k == kind)
    }

    fn ready(&self, kind: &str) -> bool {
        self.form.ready_to_interview.iter().any(|k| k == kind)
    }

    fn focused(&self, theme: &str) -> bool {
        self.form.focus.iter().any(|t| t == theme)
    }

    fn rematched(&self, user_id: &str) -> bool {
        self.form.rematch.iter().any(|id| id == user_id)
    }

    /// How often runs happen, in the largest whole unit.
    fn rhythm(&self) -> String {
        match self.every_hours {
            168 => "weekly".to_owned(),
            24 => "daily".to_owned(),
            hours if hours % 24 == 0 => format!("every {} days", hours / 24),
            1 => "hourly".to_owned(),
            hours => format!("every {hours} hours"),
        }
    }

    fn open_proposals(&self) -> impl Iterator<Item = &ProposalView> {
        self.proposals.iter().filter(|p| p.status == "open")
    }
}

fn when(second: i64, tz: &TimeZone) -> String {
    Timestamp::from_second(second)
        .map(|t| t.to_zoned(tz.clone()).strftime("%a %-d %b %Y, %H:%M %Z").to_string())
        .unwrap_or_default()
}

async fn render_pool(
    state: &AppState,
    user: &CurrentUser,
    maybe: &MaybeUser,
    csrf: &CsrfToken,
    notice: Option<Notice>,
    submitted: Option<(EntryInput, String)>,
) -> AppResult<Html<String>> {
    let view = pool_view(state, user).await?;
    let tz = view.entry.as_ref().and_then(|e| TimeZone::get(&e.input.tz).ok()).unwrap_or(TimeZone::UTC);
    let (form, error) = match submitted {
        Some((input, error)) => (input, Some(error)),
        None => (view.entry.as_ref().map(|e| e.input.clone()).unwrap_or_else(default_input), None),
    };
    let mut slots = form.availability.clone();
    slots.extend((0..BLANK_SLOT_ROWS).map(|_| SlotInput::default()));
    let mut partners = Vec::new();
    for id in state.matchmaker().recent_partners_of(&user.id, secrets::now()).await? {
        if let Some(partner) = state.store.user_by_id(&id).await? {
            partners.push((id, partner.display_name));
        }
    }
    partners.sort_by(|a, b| a.1.cmp(&b.1));
    render(&PoolPage {
        chrome: Chrome::new(maybe, csrf, notice),
        next_run: next_run(state).await?.map(|at| when(at, &tz)),
        every_hours: state.config.match_every_hours,
        entry: view.entry,
        form,
        slots,
        error,
        proposals: view.proposals,
        kinds: round_kinds(),
        themes: state.bank.themes.iter().map(|t| (t.id.to_string(), t.name.clone())).collect(),
        partners,
    })
}

fn default_input() -> EntryInput {
    EntryInput {
        track: "ds".to_owned(),
        level: "staff".to_owned(),
        tz: "UTC".to_owned(),
        group_size: "any".to_owned(),
        ..EntryInput::default()
    }
}

pub(super) async fn pool_page(
    State(state): State<AppState>,
    user: CurrentUser,
    maybe: MaybeUser,
    csrf: CsrfToken,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Html<String>> {
    render_pool(&state, &user, &maybe, &csrf, query.notice(), None).await
}

/// The form's fields (repeated names for lists and slot rows) as an entry; blank slot rows are
/// skipped.
fn input_from_form(fields: &[(String, String)]) -> EntryInput {
    let mut input = EntryInput::default();
    let (mut days, mut starts, mut ends) = (Vec::new(), Vec::new(), Vec::new());
    for (name, value) in fields {
        let value = value.trim().to_owned();
        match name.as_str() {
            "track" => input.track = value,
            "level" => input.level = value,
            "tz" => input.tz = value,
            "group_size" => input.group_size = value,
            "wants" => input.wants.push(value),
            "ready_to_interview" => input.ready_to_interview.push(value),
            "focus" => input.focus.push(value),
            "rematch" => input.rematch.push(value),
            "slot_day" => days.push(value),
            "slot_start" => starts.push(value),
            "slot_end" => ends.push(value),
            _ => {}
        }
    }
    for ((day, start), end) in days.into_iter().zip(starts).zip(ends) {
        if start.is_empty() && end.is_empty() {
            continue;
        }
        input.availability.push(SlotInput { day, start, end });
    }
    input
}

pub(super) async fn submit_entry(
    State(state): State<AppState>,
    user: CurrentUser,
    maybe: MaybeUser,
    csrf: CsrfToken,
    FormData(fields): FormData<Vec<(String, String)>>,
) -> AppResult<Response> {
    let input = input_from_form(&fields);
    match state.matchmaker().save_entry(&user.id, &input, secrets::now()).await {
        Ok(()) => Ok(redirect_with("/pool", Notice::PoolSaved).into_response()),
        Err(PoolError::Invalid { message, .. }) => {
            // Everything typed stays on the page beside the problem.
            let page = render_pool(&state, &user, &maybe, &csrf, None, Some((input, message))).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

pub(super) async fn submit_pause(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    move_entry(&state, &user, "active", "paused").await?;
    Ok(redirect_with("/pool", Notice::PoolPaused).into_response())
}

pub(super) async fn submit_resume(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    move_entry(&state, &user, "paused", "active").await?;
    Ok(redirect_with("/pool", Notice::PoolResumed).into_response())
}

pub(super) async fn submit_leave(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    state.matchmaker().leave(&user.id, secrets::now()).await?;
    Ok(redirect_with("/pool", Notice::PoolLeft).into_response())
}

#[derive(Template)]
#[template(path = "proposal.html")]
struct ProposalPage {
    chrome: Chrome,
    proposal: ProposalView,
    me: String,
    deadline: String,
    slots: Vec<String>,
    zone: String,
}

impl ProposalPage {
    fn my_response(&self) -> &str {
        self.proposal.members.iter().find(|m| m.user_id == self.me).map_or("pending", |m| m.response.as_str())
    }
}

pub(super) async fn proposal_page(
    State(state): State<AppState>,
    user: CurrentUser,
    maybe: MaybeUser,
    csrf: CsrfToken,
    Path(proposal_id): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Html<String>> {
    let row = member_proposal(&state, &user, &proposal_id).await?;
    let proposal = proposal_view(&state, &row).await?;
    let entry = state.store.pool_entry(&user.id).await?;
    let tz = entry.as_ref().and_then(|e| TimeZone::get(&e.time_zone).ok()).unwrap_or(TimeZone::UTC);
    let slots = proposal
        .common_slots
        .as_array()
        .map(|slots| {
            slots
                .iter()
                .filter_map(|slot| {
                    let start: Timestamp = slot.get("start")?.as_str()?.parse().ok()?;
                    let end: Timestamp = slot.get("end")?.as_str()?.parse().ok()?;
                    let (start, end) = (start.to_zoned(tz.clone()), end.to_zoned(tz.clone()));
                    Some(format!("{}–{}", start.strftime("%a %-d %b, %H:%M"), end.strftime("%H:%M")))
                })
                .collect()
        })
        .unwrap_or_default();
    render(&ProposalPage {
        chrome: Chrome::new(&maybe, &csrf, query.notice()),
        deadline: when(row.deadline, &tz),
        zone: tz.iana_name().unwrap_or("UTC").to_owned(),
        me: user.id.clone(),
        proposal,
        slots,
    })
}

pub(super) async fn submit_accept(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(proposal_id): Path<String>,
) -> AppResult<Response> {
    let row = answer(&state, &user, &proposal_id, Answer::Accepted).await?;
    if let (Some(circle_id), Some(loop_id)) = (&row.circle_id, &row.loop_id) {
        return Ok(
            axum::response::Redirect::to(&format!("/circles/{circle_id}/loops/{loop_id}")).into_response()
        );
    }
    Ok(redirect_with(&format!("/pool/proposals/{proposal_id}"), Notice::ProposalAccepted).into_response())
}

pub(super) async fn submit_decline(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(proposal_id): Path<String>,
) -> AppResult<Response> {
    answer(&state, &user, &proposal_id, Answer::Declined).await?;
    Ok(redirect_with(&format!("/pool/proposals/{proposal_id}"), Notice::ProposalDeclined).into_response())
}
