//! What every page shares: the layout's data, notices after redirects, error pages, the dashboard.

use askama::Template;
use axum::extract::{Query, Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;

use super::auth::{MaybeUser, UserView};
use super::csrf::CsrfToken;
use super::error::ErrorBody;
use super::{AppError, AppResult, AppState, RouteMap};
use mockloop_core::access::RoundRole;
use mockloop_core::bank::RoundKind;

use crate::store::circles::MyCircleRow;
use crate::store::loops::UpcomingRound;

/// The parts of the layout that depend on the caller.
#[derive(Clone, Debug)]
pub struct Chrome {
    pub user: Option<UserView>,
    pub csrf: String,
    pub notice: Option<&'static str>,
}

/// Fixed messages a redirect can ask the next page to show. A code, not free text, so a crafted
/// link cannot put words on a mockloop page.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Notice {
    SignedOut,
    CircleCreated,
    JoinedCircle,
    LeftCircle,
    CircleDeleted,
    MemberRemoved,
    PasswordChanged,
    TokenRevoked,
    SettingsSaved,
    PoolSaved,
    PoolPaused,
    PoolResumed,
    PoolLeft,
    ProposalAccepted,
    ProposalDeclined,
    NoShowReported,
}

impl Notice {
    pub fn message(self) -> &'static str {
        match self {
            Self::SignedOut => "You are signed out.",
            Self::CircleCreated => "Circle created. Invite your practice partners with a link.",
            Self::JoinedCircle => "Welcome! You joined the circle.",
            Self::LeftCircle => "You left the circle.",
            Self::CircleDeleted => "You were the last member, so the circle was deleted.",
            Self::MemberRemoved => "Member removed.",
            Self::PasswordChanged => "Password changed. Your other sessions were signed out.",
            Self::TokenRevoked => "API token revoked.",
            Self::SettingsSaved => "Settings saved.",
            Self::PoolSaved => {
                "Your pool entry is saved. You will be told when the next run proposes a group."
            }
            Self::PoolPaused => "Your pool entry is paused: runs leave you out until you resume.",
            Self::PoolResumed => "Welcome back: the next run includes you again.",
            Self::PoolLeft => "You left the matching pool.",
            Self::ProposalAccepted => "You accepted. The group forms as soon as everyone has accepted.",
            Self::ProposalDeclined => "You declined. The others go back to the pool first in line.",
            Self::NoShowReported => "Thanks: the no-show is recorded and counts in future matching.",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::SignedOut => "signed_out",
            Self::CircleCreated => "circle_created",
            Self::JoinedCircle => "joined_circle",
            Self::LeftCircle => "left_circle",
            Self::CircleDeleted => "circle_deleted",
            Self::MemberRemoved => "member_removed",
            Self::PasswordChanged => "password_changed",
            Self::TokenRevoked => "token_revoked",
            Self::SettingsSaved => "settings_saved",
            Self::PoolSaved => "pool_saved",
            Self::PoolPaused => "pool_paused",
            Self::PoolResumed => "pool_resumed",
            Self::PoolLeft => "pool_left",
            Self::ProposalAccepted => "proposal_accepted",
            Self::ProposalDeclined => "proposal_declined",
            Self::NoShowReported => "no_show_reported",
        }
    }
}

/// The `?notice=` of a page; an unknown code is ignored rather than rejected.
#[derive(Debug, Default, Deserialize)]
pub struct NoticeQuery {
    pub notice: Option<String>,
}

impl NoticeQuery {
    pub fn notice(&self) -> Option<Notice> {
        let code = self.notice.as_deref()?;
        serde_json::from_value(serde_json::Value::from(code)).ok()
    }
}

impl Chrome {
    pub fn new(user: &MaybeUser, csrf: &CsrfToken, notice: Option<Notice>) -> Self {
        Self {
            user: user.0.as_ref().map(super::auth::CurrentUser::view),
            csrf: csrf.0.clone(),
            notice: notice.map(Notice::message),
        }
    }
}

/// Redirects to `path` with a notice for the next page.
pub fn redirect_with(path: &str, notice: Notice) -> Redirect {
    let separator = if path.contains('?') { '&' } else { '?' };
    Redirect::to(&format!("{path}{separator}notice={}", notice.code()))
}

pub fn render(template: &impl Template) -> AppResult<Html<String>> {
    Ok(Html(template.render()?))
}

/// Only same-site paths may be redirect targets after sign-in, never another origin.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    chrome: Chrome,
    status: u16,
    title: &'static str,
    message: String,
}

fn is_machine_path(path: &str) -> bool {
    path.starts_with("/api/") || path == "/healthz" || path == "/metrics" || path.starts_with("/assets/")
}

/// Turns errors on page routes into HTML: a redirect to sign-in for 401, an error page otherwise.
/// API and operational routes keep their JSON.
pub async fn render_page_errors(State(_state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let path_and_query =
        request.uri().path_and_query().map_or_else(|| path.clone(), |pq| pq.as_str().to_owned());
    let is_get = request.method() == Method::GET;
    let csrf = request.extensions().get::<CsrfToken>().cloned();
    let response = next.run(request).await;
    if is_machine_path(&path) || !(response.status().is_client_error() || response.status().is_server_error())
    {
        return response;
    }
    let Some(body) = response.extensions().get::<ErrorBody>().cloned() else {
        return response;
    };
    let status = response.status();
    if status == StatusCode::UNAUTHORIZED {
        let next = if is_get { path_and_query } else { "/".to_owned() };
        let target = url::form_urlencoded::Serializer::new(String::new()).append_pair("next", &next).finish();
        return Redirect::to(&format!("/signin?{target}")).into_response();
    }
    let page = ErrorPage {
        chrome: Chrome { user: None, csrf: csrf.map(|token| token.0).unwrap_or_default(), notice: None },
        status: status.as_u16(),
        title: status.canonical_reason().unwrap_or("Error"),
        message: body.message,
    };
    match page.render() {
        Ok(html) => {
            let mut rendered = (status, Html(html)).into_response();
            rendered.extensions_mut().extend(response.extensions().clone());
            rendered
        }
        Err(_) => response,
    }
}

pub async fn not_found() -> AppError {
    AppError::NotFound
}

pub fn routes() -> RouteMap {
    RouteMap::default().route("/", get(dashboard))
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    chrome: Chrome,
    circles: Vec<MyCircleRow>,
    upcoming: Vec<UpcomingView>,
    /// The caller's pool entry status, if they joined.
    pool_status: Option<String>,
    /// Open proposals awaiting the caller's answer.
    open_proposals: Vec<String>,
}

/// A round on the dashboard: what, when, and the person's part in it.
struct UpcomingView {
    link: String,
    label: &'static str,
    when: String,
    role: &'static str,
}

fn upcoming_view(item: &UpcomingRound, user_id: &str) -> UpcomingView {
    let round = &item.round;
    let zone = jiff::tz::TimeZone::get(&item.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let at = |seconds: i64| {
        jiff::Timestamp::from_second(seconds).unwrap_or(jiff::Timestamp::UNIX_EPOCH).to_zoned(zone.clone())
    };
    let (start, end) = (at(round.starts_at), at(round.ends_at));
    let role = RoundRole::of(
        user_id,
        &round.interviewee_id,
        round.interviewer_id.as_deref(),
        round.shadow_id.as_deref(),
    );
    UpcomingView {
        link: format!("/circles/{}/loops/{}", item.circle_id, round.loop_id),
        label: RoundKind::parse(&round.round_kind).map_or("Round", RoundKind::label),
        when: format!(
            "{} · {}–{} ({})",
            start.strftime("%a %-d %b"),
            start.strftime("%H:%M"),
            end.strftime("%H:%M"),
            item.time_zone
        ),
        role: role.as_str(),
    }
}

async fn dashboard(
    State(state): State<AppState>,
    user: MaybeUser,
    csrf: CsrfToken,
    Query(query): Query<NoticeQuery>,
) -> AppResult<Response> {
    let Some(current) = &user.0 else {
        return Ok(Redirect::to("/signin").into_response());
    };
    let circles = state.store.circles_of(&current.id).await?;
    let upcoming = state.store.upcoming_rounds_of(&current.id, crate::secrets::now()).await?;
    let upcoming = upcoming.iter().map(|item| upcoming_view(item, &current.id)).collect();
    let pool_status = state.store.pool_entry(&current.id).await?.map(|entry| entry.status);
    let open_proposals = state
        .store
        .proposals_of(&current.id)
        .await?
        .into_iter()
        .filter(|p| p.status == "open")
        .map(|p| p.id)
        .collect();
    let page = DashboardPage {
        chrome: Chrome::new(&user, &csrf, query.notice()),
        circles,
        upcoming,
        pool_status,
        open_proposals,
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], render(&page)?).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_must_be_a_local_path() {
        assert_eq!(safe_next(Some("/circles/x")), "/circles/x");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
