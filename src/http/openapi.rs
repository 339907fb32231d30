//! The OpenAPI 3 document, generated from the handlers' annotations.

use axum::routing::get;
use utoipa::OpenApi;

use super::extract::ApiJson;
use super::{accounts, circles, focus, loops, me, pool, runs, settings, RouteMap};

#[derive(OpenApi)]
#[openapi(
    info(title = "mockloop API", description = "Integrated mock interview loops. Authenticate with the session cookie \
        (send X-CSRF-Token on writes) or a personal token as `Authorization: Bearer`. Errors are \
        `{\"error\": {\"code\", \"message\"}}`."),
    paths(
        accounts::get_csrf, accounts::create_account, accounts::create_session, accounts::delete_session,
        accounts::get_me, accounts::change_password,
        circles::list_circles, circles::create_circle, circles::get_circle, circles::create_invite,
        circles::leave_circle, circles::remove_member, circles::get_invite, circles::accept_invite,
        settings::list_tokens, settings::create_token, settings::revoke_token,
        settings::get_instance_settings, settings::put_instance_settings,
        loops::api::list_templates, loops::api::list_loops, loops::api::create_loop, loops::api::get_loop, loops::api::get_calendar, loops::report::report_markdown,
        loops::api::get_brief, loops::api::get_brief_focus, loops::api::get_prompt, loops::api::replace_question, loops::api::swap_roles,
        runs::create_run,
        loops::room::room_socket, loops::room::doc_socket, loops::room::run_round_code, loops::room::replay::get_replay, loops::room::notes::list_notes, loops::room::notes::create_note, loops::room::notes::update_note,
        loops::feedback::get_feedback, loops::feedback::save_draft, loops::feedback::submit, loops::feedback::release,
        loops::feedback::put_self_assessment, loops::feedback::items::post_message, loops::feedback::items::thank, loops::feedback::items::keep_takeaway,
        me::lint, me::themes, me::list_takeaways, me::get_calibration, me::get_focus_areas, me::put_focus_areas,
        me::list_notifications, me::read_notifications,
        focus::get_history, focus::get_insights, focus::get_plan, focus::put_tick,
        pool::get_pool, pool::put_entry, pool::delete_entry, pool::pause, pool::resume, pool::get_proposal,
        pool::accept, pool::decline, loops::no_show::report_no_show,
    ),
    tags((name = "accounts"), (name = "circles"), (name = "feedback"), (name = "insights"), (name = "loops"), (name = "pool"), (name = "rooms"), (name = "runs"), (name = "settings"))
)]
#[derive(Debug)]
pub struct ApiDoc;

pub fn routes() -> RouteMap {
    RouteMap::default().route("/api/v1/openapi.json", get(openapi_json))
}

async fn openapi_json() -> ApiJson<utoipa::openapi::OpenApi> {
    ApiJson(ApiDoc::openapi())
}
