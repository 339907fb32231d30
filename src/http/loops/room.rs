//! The round room over HTTP: the page, the WebSocket (authorised before the upgrade), and the
//! interviewer's private, timestamped notes.

use std::sync::Arc;

use askama::Template;
use axum::body::Bytes;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use futures_util::{SinkExt, StreamExt};
use mockloop_core::access::RoundRole;
use serde::Deserialize;
use utoipa::ToSchema;

use super::{load_loop, role_in, LoadedLoop};
use crate::http::auth::{CircleMember, MaybeUser};
use crate::http::csrf::CsrfToken;
use crate::http::extract::ApiJson;
use crate::http::markdown;
use crate::http::pages::{render, Chrome};
use crate::http::{AppError, AppResult, AppState, RouteMap};
use crate::live::doc::{Frame, Seed};
use crate::live::{self, Participant};

pub mod notes;
pub mod replay;

pub fn page_routes() -> RouteMap {
    RouteMap::default()
        .route("/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/room", get(room_page))
        .route("/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/replay", get(replay::replay_page))
}

pub fn api_routes() -> RouteMap {
    RouteMap::default()
        .route("/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/room/ws", get(room_socket))
        .route("/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/room/doc", get(doc_socket))
        .route("/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/runs", post(run_round_code))
        .route(
            "/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/replay",
            get(replay::get_replay),
        )
        .route(
            "/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/notes",
            get(notes::list_notes).post(notes::create_note),
        )
        .route(
            "/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/notes/{note_id}",
            put(notes::update_note),
        )
}

/// The caller's part in the round, refusing anyone who has none (404, like a round that does not exist).
fn participant_of(loaded: &LoadedLoop, member: &CircleMember, round_id: &str) -> AppResult<Participant> {
    let round = loaded.round(round_id)?;
    let role = role_in(round, &member.user.id);
    if role == RoundRole::Observer {
        return Err(AppError::NotFound);
    }
    Ok(Participant { user_id: member.user.id.clone(), name: member.user.display_name.clone(), role })
}

async fn live_room(state: &AppState, loaded: &LoadedLoop, round_id: &str) -> AppResult<Arc<live::LiveRoom>> {
    let round = loaded.round(round_id)?;
    let question = state.bank.question(&round.question_id).ok_or(AppError::NotFound)?;
    state
        .rooms
        .room(&state.store, round_id, Arc::new(question.clone()), round.interviewer_id.is_some())
        .await
        .map_err(AppError::internal)
}

/// The fields of the experiment-design canvas, as created in a new experimentation round.
pub const CANVAS_FIELDS: &[&str] =
    &["hypothesis", "unit", "primary_metric", "guardrails", "mde", "power", "duration", "risks", "analysis"];

/// What a new round's workspace starts with: the starter code for coding rounds, a STAR outline
/// in the shared notes of behavioral ones, the canvas fields for experimentation ones.
fn workspace_seeds(question: &mockloop_core::bank::Question) -> Vec<Seed> {
    use mockloop_core::bank::RoundKind;
    let code = question.coding.as_ref().map(|c| c.starter_code.clone()).unwrap_or_default();
    let mut seeds = vec![Seed::Text { name: live::doc::CODE_TEXT, content: code }];
    match question.kind {
        RoundKind::Behavioral => seeds.push(Seed::Text {
            name: live::doc::NOTES_TEXT,
            content: "Situation:\n\nTask:\n\nAction (what you did, not the team):\n\nResult (with numbers):\n\nWhat you learned:\n".to_owned(),
        }),
        RoundKind::Experimentation => seeds.push(Seed::Texts { map: live::doc::CANVAS_MAP, keys: CANVAS_FIELDS }),
        RoundKind::Coding | RoundKind::MlSystemDesign | RoundKind::MlDeepDive => {}
    }
    seeds
}

/// Cross-site WebSocket hijacking guard: browsers send cookies with cross-origin handshakes, so a
/// handshake whose Origin is not this site is refused.
fn same_origin(headers: &HeaderMap) -> bool {
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    match (origin, host) {
        (None, _) => true,
        (Some(origin), Some(host)) => url::Url::parse(origin).ok().is_some_and(|url| {
            let origin_host = match url.port() {
                Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
                None => url.host_str().unwrap_or_default().to_owned(),
            };
            origin_host == host
        }),
        (Some(_), None) => false,
    }
}

/// Who may open a room socket: a participant of the round, from this site's own pages.
async fn authorise_socket(
    state: &AppState,
    member: &CircleMember,
    headers: &HeaderMap,
    loop_id: &str,
    round_id: &str,
) -> AppResult<(LoadedLoop, Participant)> {
    if !same_origin(headers) {
        return Err(AppError::Forbidden("This room only accepts connections from its own site."));
    }
    let loaded = load_loop(state, member, loop_id).await?;
    let who = participant_of(&loaded, member, round_id)?;
    Ok((loaded, who))
}

type Incoming<T> = std::pin::Pin<Box<dyn futures_util::Stream<Item = T> + Send>>;
type Outgoing<T> = std::pin::Pin<Box<dyn futures_util::Sink<T, Error = axum::Error> + Send>>;

/// Turns a WebSocket into the stream of payloads a live session reads (ending at the first close
/// or error) and the sink it writes to, so the sessions stay free of any transport type.
fn frames<In: Send + 'static, Out: Send + 'static>(
    socket: WebSocket,
    decode: fn(Message) -> Option<In>,
    encode: fn(Out) -> Message,
) -> (Incoming<In>, Outgoing<Out>) {
    let (sink, stream) = socket.split();
    let incoming = stream
        .take_while(|message| std::future::ready(!matches!(message, Err(_) | Ok(Message::Close(_)))))
        .filter_map(move |message| std::future::ready(message.ok().and_then(decode)));
    let outgoing = sink.with(move |payload: Out| std::future::ready(Ok::<_, axum::Error>(encode(payload))));
    (Box::pin(incoming), Box::pin(outgoing))
}

fn text_of(message: Message) -> Option<String> {
    match message {
        Message::Text(text) => Some(text.to_string()),
        _ => None,
    }
}

/// A binary message's bytes as read, without a copy: a session reads them and lets them go
/// (whatever it keeps, it copies into a buffer of its own).
fn binary_of(message: Message) -> Option<Bytes> {
    match message {
        Message::Binary(bytes) => Some(bytes),
        _ => None,
    }
}

/// The round's live room: a WebSocket carrying JSON messages (`state`, `time_check`, `error`,
/// `pong` from the server; `{"type": "command", "command": ...}` and `{"type": "ping"}` from the
/// client). Only the round's participants connect; the Origin must be this site.
/// The largest room command a client may send (they are a few dozen bytes).
const MAX_ROOM_MESSAGE: usize = 16 * 1024;
/// The largest workspace message: a whole document pasted at once fits; a hostile flood does not.
const MAX_DOC_MESSAGE: usize = 2 * 1024 * 1024;

/// Socket buffers sized for many small messages: the defaults (128 KiB each way per socket) would
/// make buffers, not rooms, the bulk of the server's memory. The read buffer is also zeroed
/// before every read attempt (each time a session looks for input), so it is kept to what a
/// keystroke or a cursor move needs; a larger message takes a read per KiB.
fn sized(upgrade: WebSocketUpgrade, max_message: usize) -> WebSocketUpgrade {
    upgrade
        .read_buffer_size(1024)
        .write_buffer_size(4 * 1024)
        .max_message_size(max_message)
        .max_frame_size(max_message)
}

#[utoipa::path(get, path = "/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/room/ws", tag = "rooms",
    params(("circle_id" = String, Path), ("loop_id" = String, Path), ("round_id" = String, Path)),
    responses((status = 101, description = "Switching to the WebSocket protocol"), (status = 403), (status = 404)))]
pub async fn room_socket(
    State(state): State<AppState>,
    member: CircleMember,
    Path((_, loop_id, round_id)): Path<(String, String, String)>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> AppResult<Response> {
    let (loaded, who) = authorise_socket(&state, &member, &headers, &loop_id, &round_id).await?;
    let room = live_room(&state, &loaded, &round_id).await?;
    let connection = state.rooms.connection_id();
    let metrics = state.metrics.clone();
    Ok(sized(upgrade, MAX_ROOM_MESSAGE).on_upgrade(move |socket: WebSocket| async move {
        metrics.open_websockets.inc();
        let (incoming, outgoing) = frames(socket, text_of, |text: String| Message::Text(text.into()));
        live::session(room, connection, who, incoming, outgoing).await;
        metrics.open_websockets.dec();
    }))
}

/// The round's shared workspace document, spoken in the standard y-protocols sync and awareness
/// messages (binary frames), so y-websocket's provider and any other Yjs client can join. Only the
/// round's participants connect; the Origin must be this site.
#[utoipa::path(get, path = "/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/room/doc", tag = "rooms",
    params(("circle_id" = String, Path), ("loop_id" = String, Path), ("round_id" = String, Path)),
    responses((status = 101, description = "Switching to the WebSocket protocol"), (status = 403), (status = 404)))]
pub async fn doc_socket(
    State(state): State<AppState>,
    member: CircleMember,
    Path((_, loop_id, round_id)): Path<(String, String, String)>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> AppResult<Response> {
    let (loaded, _) = authorise_socket(&state, &member, &headers, &loop_id, &round_id).await?;
    let round = loaded.round(&round_id)?;
    let question = state.bank.question(&round.question_id).ok_or(AppError::NotFound)?;
    let seeds = workspace_seeds(question);
    let doc = state.docs.doc(&state.store, &round_id, &seeds).await.map_err(AppError::internal)?;
    let connection = state.rooms.connection_id();
    let metrics = state.metrics.clone();
    Ok(sized(upgrade, MAX_DOC_MESSAGE).on_upgrade(move |socket: WebSocket| async move {
        metrics.open_websockets.inc();
        // A relayed frame is shared by its receivers: each message refers to it, none copies it.
        let (incoming, outgoing) =
            frames(socket, binary_of, |frame: Frame| Message::Binary(Bytes::from_owner(frame)));
        live::doc::doc_session(doc, connection, incoming, outgoing).await;
        metrics.open_websockets.dec();
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RoundRun {
    /// Judge on the hidden tests too (Submit); otherwise only the visible examples (Run).
    #[serde(default)]
    pub hidden: bool,
}

/// Runs the round's shared code (as it stands in the workspace document) against the round's
/// question, and shows the result to everyone in the room.
#[utoipa::path(post, path = "/api/v1/circles/{circle_id}/loops/{loop_id}/rounds/{round_id}/runs", tag = "rooms",
    request_body = RoundRun,
    params(("circle_id" = String, Path), ("loop_id" = String, Path), ("round_id" = String, Path)),
    responses((status = 200, body = crate::runner::RunReport), (status = 422), (status = 429), (status = 404)))]
pub async fn run_round_code(
    State(state): State<AppState>,
    member: CircleMember,
    Path((_, loop_id, round_id)): Path<(String, String, String)>,
    ApiJson(request): ApiJson<RoundRun>,
) -> AppResult<ApiJson<crate::runner::RunReport>> {
    let loaded = load_loop(&state, &member, &loop_id).await?;
    let who = participant_of(&loaded, &member, &round_id)?;
    let round = loaded.round(&round_id)?;
    let question = state.bank.question(&round.question_id).ok_or(AppError::NotFound)?;
    if question.coding.is_none() {
        return Err(AppError::invalid("round", "This round has no code to run."));
    }
    let doc = state
        .docs
        .doc(&state.store, &round_id, &workspace_seeds(question))
        .await
        .map_err(AppError::internal)?;
    let code = doc.code();
    let report = crate::http::runs::run_code(&state, &member.user, question, &code, request.hidden).await?;
    let room = live_room(&state, &loaded, &round_id).await?;
    let run = serde_json::json!({"by": who.name, "hidden": request.hidden, "report": &report});
    room.record_run(&who, run).await.map_err(AppError::internal)?;
    Ok(ApiJson(report))
}

#[derive(Template)]
#[template(path = "room.html")]
struct RoomPage {
    chrome: Chrome,
    circle_id: String,
    loop_id: String,
    round_id: String,
    label: String,
    role: &'static str,
    interviewee: String,
    interviewer: String,
    brief: Option<Brief>,
    /// `python` or `sql` for coding rounds, which get the shared editor.
    language: Option<&'static str>,
    /// System design rounds get the whiteboard.
    whiteboard: bool,
    /// Experimentation rounds get the structured design canvas.
    canvas: bool,
    me: String,
}

struct Brief {
    focus: Vec<super::FocusBrief>,
    title: String,
    prompt_html: String,
    clarifications: Vec<(String, String)>,
    hints: Vec<String>,
    probes: Vec<String>,
    rubric: Vec<(String, String, String, String)>,
}

async fn room_page(
    State(state): State<AppState>,
    member: CircleMember,
    user: MaybeUser,
    csrf: CsrfToken,
    Path((_, loop_id, round_id)): Path<(String, String, String)>,
) -> AppResult<Response> {
    let loaded = load_loop(&state, &member, &loop_id).await?;
    let who = participant_of(&loaded, &member, &round_id)?;
    let round = loaded.round(&round_id)?;
    let view = super::round_view(&loaded, round, &state.bank, &member.user.id);
    let brief = match who.role {
        RoundRole::Interviewer | RoundRole::Shadow => {
            let focus = super::candidate_focus(&state, round).await?;
            state.bank.question(&round.question_id).map(|q| Brief {
                focus,
                title: q.title.clone(),
                prompt_html: markdown::to_html(&q.prompt),
                clarifications: q
                    .clarifications
                    .iter()
                    .map(|c| (c.question.clone(), c.answer.clone()))
                    .collect(),
                hints: q.hints.clone(),
                probes: q.probes.clone(),
                rubric: q
                    .rubric
                    .iter()
                    .map(|r| {
                        (r.dimension.heading().to_owned(), r.below.clone(), r.at.clone(), r.above.clone())
                    })
                    .collect(),
            })
        }
        RoundRole::Interviewee | RoundRole::Observer => None,
    };
    let page = RoomPage {
        chrome: Chrome::new(&user, &csrf, None),
        circle_id: member.circle_id.to_string(),
        loop_id,
        round_id,
        label: view.round_label,
        role: who.role.as_str(),
        interviewee: view.interviewee.name,
        interviewer: view.interviewer.map_or_else(|| "mockloop (solo practice)".to_owned(), |p| p.name),
        brief,
        language: state.bank.question(&round.question_id).and_then(|q| q.coding.as_ref()).map(|c| {
            match c.language {
                mockloop_core::bank::Language::Python => "python",
                mockloop_core::bank::Language::Sql => "sql",
            }
        }),
        whiteboard: round.round_kind == "ml_system_design",
        canvas: round.round_kind == "experimentation",
        me: member.user.display_name.clone(),
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], render(&page)?).into_response())
}
