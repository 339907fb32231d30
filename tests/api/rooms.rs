//! The live round room over a real WebSocket: shared timer, hints, notes that never reach the
//! candidate, late joiners, and a room that survives a server restart.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use reqwest::StatusCode;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

use crate::helpers::Visitor;
use crate::loops::{trio_with_loop, Trio};
use crate::on_both_backends;

pub(crate) type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub(crate) async fn token_of(visitor: &mut Visitor) -> String {
    let created = visitor.post_json("/api/v1/tokens", &json!({"name": "room test"})).await;
    created.json()["token"].as_str().expect("token").to_owned()
}

pub(crate) async fn connect(
    address: &str,
    path: &str,
    token: &str,
    origin: Option<&str>,
) -> Result<Socket, u16> {
    let url = format!("{}{path}", address.replace("http://", "ws://"));
    let mut request = url.into_client_request().expect("request");
    request.headers_mut().insert("authorization", format!("Bearer {token}").parse().expect("header"));
    if let Some(origin) = origin {
        request.headers_mut().insert("origin", origin.parse().expect("header"));
    }
    match tokio_tungstenite::connect_async(request).await {
        Ok((socket, _)) => Ok(socket),
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => Err(response.status().as_u16()),
        Err(other) => panic!("connect failed: {other}"),
    }
}

/// The next message of a type, skipping others; everything received is kept in `seen`.
pub(crate) async fn next_of(socket: &mut Socket, kind: &str, seen: &mut Vec<String>) -> Value {
    loop {
        let message =
            tokio::time::timeout(Duration::from_secs(5), socket.next()).await.expect("a message in time");
        let Some(Ok(Message::Text(text))) = message else { panic!("socket closed: {message:?}") };
        seen.push(text.to_string());
        let value: Value = serde_json::from_str(&text).expect("json");
        if value["type"] == kind {
            return value;
        }
    }
}

/// Waits for a state message that satisfies `ready`.
pub(crate) async fn state_where(
    socket: &mut Socket,
    seen: &mut Vec<String>,
    ready: impl Fn(&Value) -> bool,
) -> Value {
    loop {
        let state = next_of(socket, "state", seen).await;
        if ready(&state) {
            return state;
        }
    }
}

pub(crate) async fn send(socket: &mut Socket, message: Value) {
    socket.send(Message::Text(message.to_string().into())).await.expect("sent");
}

struct Seats {
    interviewee: usize,
    interviewer: usize,
    shadow: usize,
    round_id: String,
    room: String,
    notes: String,
}

fn seats(trio: &Trio) -> Seats {
    let round = &trio.rounds[0];
    let index = |seat: &str| trio.people.iter().position(|p| round[seat]["id"] == p.user_id()).expect("seat");
    let round_id = round["id"].as_str().expect("id").to_owned();
    let base = format!("/api/v1/circles/{}/loops/{}/rounds/{round_id}", trio.circle, trio.loop_id);
    Seats {
        interviewee: index("interviewee"),
        interviewer: index("interviewer"),
        shadow: index("shadow"),
        round_id,
        room: format!("{base}/room/ws"),
        notes: format!("{base}/notes"),
    }
}

on_both_backends! {
    async fn the_interviewer_runs_a_shared_timer_and_reveals_one_hint_to_the_candidate(app) {
        let mut trio = trio_with_loop(&app).await;
        let seats = seats(&trio);
        let candidate_token = token_of(&mut trio.people[seats.interviewee]).await;
        let interviewer_token = token_of(&mut trio.people[seats.interviewer]).await;
        let brief = trio.people[seats.interviewer].get(&format!("/api/v1/circles/{}/loops/{}/rounds/{}/brief", trio.circle, trio.loop_id, seats.round_id)).await.json();
        let hints: Vec<String> = brief["hints"].as_array().expect("hints").iter().map(|h| h.as_str().unwrap_or_default().to_owned()).collect();

        let mut seen = Vec::new();
        let mut candidate = connect(&app.address, &seats.room, &candidate_token, None).await.expect("candidate connects");
        let mut interviewer = connect(&app.address, &seats.room, &interviewer_token, None).await.expect("interviewer connects");
        let first = next_of(&mut candidate, "state", &mut seen).await;
        assert_eq!(first["timer"]["status"], "not_started");
        assert!(first["prompt"].is_null(), "no prompt before the round starts");
        assert_eq!(first["you"]["may_command"], false);

        send(&mut candidate, json!({"type": "command", "command": "start_timer"})).await;
        let refused = next_of(&mut candidate, "error", &mut seen).await;
        assert!(refused["message"].as_str().unwrap_or_default().contains("interviewer"));

        send(&mut interviewer, json!({"type": "command", "command": "start_timer"})).await;
        let running = state_where(&mut candidate, &mut seen, |s| s["timer"]["status"] == "running").await;
        assert!(running["prompt"]["prompt"].as_str().is_some_and(|p| !p.is_empty()));
        let mut interviewer_seen = Vec::new();
        let theirs = state_where(&mut interviewer, &mut interviewer_seen, |s| s["timer"]["status"] == "running").await;
        assert_eq!(theirs["timer"]["phases"], running["timer"]["phases"], "one clock for everyone");

        send(&mut interviewer, json!({"type": "command", "command": "reveal_hint", "index": 1})).await;
        let hinted = state_where(&mut candidate, &mut seen, |s| !s["hints"].as_array().expect("hints").is_empty()).await;
        assert_eq!(hinted["hints"], json!([{"number": 2, "text": hints[1]}]));

        let note = trio.people[seats.interviewer].post_json(&seats.notes, &json!({"body": "Jumped to a model before asking about latency", "tags": ["problem_solving"]})).await;
        assert_eq!(note.status, StatusCode::CREATED, "{}", note.body);
        assert!(note.json()["at_ms"].as_i64().is_some_and(|at| at >= 0));
        send(&mut interviewer, json!({"type": "command", "command": "pause_timer"})).await;
        state_where(&mut candidate, &mut seen, |s| s["timer"]["status"] == "paused").await;

        let everything = seen.join("\n");
        for (index, hint) in hints.iter().enumerate() {
            assert_eq!(everything.contains(hint.as_str()), index == 1, "hint {} reached the candidate: {}", index + 1, index == 1);
        }
        assert!(!everything.contains("Jumped to a model"), "a private note reached the candidate");
        for secret in ["\"rubric\"", "\"probes\"", "\"clarifications\"", "solution_sketch"] {
            assert!(!everything.contains(secret), "{secret} reached the candidate");
        }
        let replay_path = seats.notes.replace("/notes", "/replay");
        let candidate_replay = trio.people[seats.interviewee].get(&replay_path).await.json();
        let details: Vec<&str> = candidate_replay["events"].as_array().expect("events").iter().filter_map(|e| e["detail"].as_str()).collect();
        assert!(details.contains(&"Timer started") && details.iter().any(|d| d.starts_with("Hint 2 revealed")), "{details:?}");
        assert!(candidate_replay["notes"].as_array().expect("notes").is_empty(), "no notes in the candidate's replay");
        assert!(!candidate_replay.to_string().contains("Jumped to a model"));
        let interviewer_replay = trio.people[seats.interviewer].get(&replay_path).await.json();
        assert_eq!(interviewer_replay["notes"].as_array().map(Vec::len), Some(1));
        let candidate_notes = trio.people[seats.interviewee].get(&seats.notes).await;
        assert_eq!(candidate_notes.status, StatusCode::NOT_FOUND, "the candidate cannot read notes");
        let shadow_notes = trio.people[seats.shadow].get(&seats.notes).await;
        assert_eq!(shadow_notes.json().as_array().map(Vec::len), Some(0), "notes are private to their author");
    }

    async fn late_joiners_and_a_restarted_server_see_the_room_as_it_is(app) {
        let mut trio = trio_with_loop(&app).await;
        let seats = seats(&trio);
        let interviewer_token = token_of(&mut trio.people[seats.interviewer]).await;
        let shadow_token = token_of(&mut trio.people[seats.shadow]).await;
        let mut seen = Vec::new();
        let mut interviewer = connect(&app.address, &seats.room, &interviewer_token, None).await.expect("connects");
        let total = |state: &Value| -> i64 {
            state["timer"]["phases"].as_array().expect("phases").iter().map(|p| p["duration_ms"].as_i64().unwrap_or(0)).sum()
        };
        let planned = total(&next_of(&mut interviewer, "state", &mut seen).await);
        for command in [json!({"command": "start_timer"}), json!({"command": "reveal_hint", "index": 0}), json!({"command": "extend", "minutes": 5})] {
            let mut message = command.clone();
            message["type"] = json!("command");
            send(&mut interviewer, message).await;
        }
        let settled = state_where(&mut interviewer, &mut seen, |s| {
            total(s) == planned + 5 * 60_000 && !s["hints"].as_array().expect("hints").is_empty()
        })
        .await;

        let mut late = connect(&app.address, &seats.room, &shadow_token, None).await.expect("late joiner connects");
        let joined = next_of(&mut late, "state", &mut Vec::new()).await;
        assert_eq!(joined["timer"]["status"], "running");
        assert_eq!(joined["hints"], settled["hints"]);
        assert_eq!(joined["presence"].as_array().map(Vec::len), Some(2));

        // A second server on the same database, as after a restart, rebuilds the room from its events.
        let restarted = mockloop::App::build_with_store(mockloop::Config::for_database(""), app.store.clone()).await.expect("builds");
        let address = format!("http://{}", restarted.local_addr().expect("bound"));
        tokio::spawn(restarted.run_until_stopped(std::future::pending()));
        let url = format!("{}{}", address.replace("http://", "ws://"), seats.room);
        let mut request = url.into_client_request().expect("request");
        request.headers_mut().insert("authorization", format!("Bearer {shadow_token}").parse().expect("header"));
        let (mut resumed, _) = tokio_tungstenite::connect_async(request).await.expect("connects after restart");
        let state = next_of(&mut resumed, "state", &mut Vec::new()).await;
        assert_eq!(state["timer"]["status"], "running");
        assert_eq!(state["hints"], settled["hints"]);
        assert_eq!(state["timer"]["phases"], settled["timer"]["phases"], "the extension survived");
    }

    async fn only_the_round_s_people_from_this_site_may_enter(app) {
        let mut trio = trio_with_loop(&app).await;
        let seats = seats(&trio);
        let token = token_of(&mut trio.people[seats.interviewee]).await;
        let foreign = connect(&app.address, &seats.room, &token, Some("https://evil.example")).await.err();
        assert_eq!(foreign, Some(403));
        let mut dee = app.signed_up("dee").await;
        let outsider = token_of(&mut dee).await;
        assert_eq!(connect(&app.address, &seats.room, &outsider, None).await.err(), Some(404));
        let page = trio.people[seats.interviewee].get(&format!("/circles/{}/loops/{}/rounds/{}/room", trio.circle, trio.loop_id, seats.round_id)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains("Hint ladder") && !page.body.contains("Private notes"), "the candidate's room page has no brief");
        let interviewer_page = trio.people[seats.interviewer].get(&format!("/circles/{}/loops/{}/rounds/{}/room", trio.circle, trio.loop_id, seats.round_id)).await;
        assert!(interviewer_page.body.contains("Hint ladder") && interviewer_page.body.contains("Private notes"));
        let bad_note = trio.people[seats.interviewer].post_json(&seats.notes, &json!({"body": "x", "tags": ["charisma"]})).await;
        assert_eq!(bad_note.json()["error"]["field"], "tags");
    }

    async fn practising_alone_mockloop_asks_a_probe_as_each_phase_opens(app) {
        let mut ana = app.signed_up("ana").await;
        let circle = ana.create_circle("Solo").await;
        let id = ana.user_id().to_owned();
        let planned = ana
            .post_json(&format!("/api/v1/circles/{circle}/loops"), &json!({"template": "staff-mle", "participants": [id], "start": "2030-01-07T09:00", "time_zone": "UTC", "max_hours_per_day": 8}))
            .await;
        let body = planned.json();
        let (loop_id, round_id) = (body["id"].as_str().expect("id").to_owned(), body["rounds"][1]["id"].as_str().expect("id").to_owned());
        let token = token_of(&mut ana).await;
        let path = format!("/api/v1/circles/{circle}/loops/{loop_id}/rounds/{round_id}/room/ws");
        let mut socket = connect(&app.address, &path, &token, None).await.expect("connects");
        let mut seen = Vec::new();
        let first = next_of(&mut socket, "state", &mut seen).await;
        assert_eq!(first["you"]["may_command"], true, "alone, the candidate runs the room");
        assert_eq!(first["probes"], json!([]));
        send(&mut socket, json!({"type": "command", "command": "start_timer"})).await;
        send(&mut socket, json!({"type": "command", "command": "skip_phase"})).await;
        let probed = state_where(&mut socket, &mut seen, |s| s["probes"].as_array().is_some_and(|p| p.len() == 1)).await;
        assert!(probed["probes"][0].as_str().is_some_and(|p| !p.is_empty()));
        send(&mut socket, json!({"type": "command", "command": "reveal_hint", "index": 0})).await;
        state_where(&mut socket, &mut seen, |s| s["hints"].as_array().is_some_and(|h| h.len() == 1)).await;
        send(&mut socket, json!({"type": "command", "command": "end_round"})).await;
        state_where(&mut socket, &mut seen, |s| s["ended"] == true).await;

        // Then the self-review: the feedback page of a solo round is the candidate's own assessment.
        let feedback = format!("/api/v1/circles/{circle}/loops/{loop_id}/rounds/{round_id}");
        let page = ana.get(&format!("/circles/{circle}/loops/{loop_id}/rounds/{round_id}/feedback")).await;
        assert!(page.body.contains("First, your own view of the round"), "the self-review form");
        let review = json!({"ratings": {"communication": 3, "problem_solving": 2, "technical_depth": 3, "tradeoffs": 2},
                            "staff_bar": "below", "went_well": "Clarified the latency budget", "to_improve": "Compare two serving options before choosing"});
        assert_eq!(ana.put_json(&format!("{feedback}/self-assessment"), &review).await.status, reqwest::StatusCode::CREATED);
        let view = ana.get(&format!("{feedback}/feedback")).await.json();
        assert_eq!(view["self_assessment"]["to_improve"], "Compare two serving options before choosing");
        assert!(view["received"].as_array().is_some_and(Vec::is_empty), "nobody else gives feedback on a solo round");
    }
}
