//! Two `mockloop serve` processes on one PostgreSQL database serve the same round: a participant
//! on one and a participant on the other see each other's timer actions, presence and edits, and
//! an instance whose notification listener was cut off catches up from the log.

use std::process::Stdio;
use std::time::Duration;

use futures_util::SinkExt;
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use yrs::sync::{Message, SyncMessage};
use yrs::{Doc, ReadTxn, Text, Transact};

use crate::helpers::{spawn_app, Backend, TestApp};
use crate::loops::trio_with_loop;
use crate::rooms::{connect, send, state_where, token_of, Socket};
use crate::workspace::{code, frame, open, sync};

/// A `mockloop serve` child process on the test's PostgreSQL schema; killed when dropped.
struct Instance {
    address: String,
    child: Child,
}

impl Instance {
    /// Stops (SIGSTOP) or resumes (SIGCONT) the process, so it can miss notifications on demand.
    async fn signal(&self, signal: &str) {
        let pid = self.child.id().expect("running").to_string();
        let status = Command::new("kill").args([signal, &pid]).status().await.expect("kill runs");
        assert!(status.success());
    }
}

async fn start_instance(app: &TestApp, label: &str) -> Instance {
    let (url, schema) = app.postgres_schema.clone().expect("a PostgreSQL test");
    let separator = if url.contains('?') { '&' } else { '?' };
    let database = format!("{url}{separator}options[search_path]={schema}&application_name={label}");
    let mut child = Command::new(env!("CARGO_BIN_EXE_mockloop"))
        .args(["serve", "--bind", "127.0.0.1:0", "--database-url", &database])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("mockloop starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let address = tokio::time::timeout(Duration::from_secs(60), async {
        while let Ok(Some(line)) = lines.next_line().await {
            if let Some(rest) = line.strip_prefix("mockloop is listening on ") {
                return rest.split('/').take(3).collect::<Vec<_>>().join("/");
            }
        }
        panic!("mockloop exited before listening")
    })
    .await
    .expect("listening in time");
    Instance { address, child }
}

async fn connect_to(instance: &Instance, path: &str, token: &str) -> Socket {
    connect(&instance.address, path, token, None).await.expect("connects")
}

fn presence_count(state: &Value) -> usize {
    state["presence"].as_array().map_or(0, Vec::len)
}

fn insert_code(doc: &Doc, text: &str) -> Vec<u8> {
    let before = doc.transact().state_vector();
    let code = doc.get_or_insert_text("code");
    {
        let mut txn = doc.transact_mut();
        code.push(&mut txn, text);
    }
    doc.transact().encode_state_as_update_v1(&before)
}

/// Applies incoming Yjs frames until the code contains `wanted`.
async fn until_code_contains(socket: &mut Socket, doc: &Doc, wanted: &str) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !code(doc).contains(wanted) {
        assert!(tokio::time::Instant::now() < deadline, "{wanted:?} never arrived; code is {:?}", code(doc));
        crate::workspace::apply_next(socket, doc, Duration::from_millis(500)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_serve_one_room_and_catch_up_after_losing_the_listener() {
    let Some(app) = spawn_app(Backend::Postgres).await else { return };
    let mut trio = trio_with_loop(&app).await;
    let round = trio.rounds[0].clone();
    let seat = |name: &str| trio.people.iter().position(|p| round[name]["id"] == p.user_id()).expect("seat");
    let (candidate, interviewer) = (seat("interviewee"), seat("interviewer"));
    let base = format!(
        "/api/v1/circles/{}/loops/{}/rounds/{}",
        trio.circle,
        trio.loop_id,
        round["id"].as_str().expect("id")
    );
    let candidate_token = token_of(&mut trio.people[candidate]).await;
    let interviewer_token = token_of(&mut trio.people[interviewer]).await;

    let label_one = format!("mockloop-one-{}", mockloop::secrets::new_id());
    let one = start_instance(&app, &label_one).await;
    let two = start_instance(&app, "mockloop-two").await;

    // Timer and presence: the candidate on one instance, the interviewer on the other.
    let room = format!("{base}/room/ws");
    let mut seen = Vec::new();
    let mut candidate_room = connect_to(&one, &room, &candidate_token).await;
    let mut interviewer_room = connect_to(&two, &room, &interviewer_token).await;
    state_where(&mut candidate_room, &mut seen, |s| presence_count(s) == 2).await;
    send(&mut interviewer_room, json!({"type": "command", "command": "start_timer"})).await;
    let running = state_where(&mut candidate_room, &mut seen, |s| s["timer"]["status"] == "running").await;
    assert!(running["prompt"]["prompt"].is_string(), "the prompt arrives across instances");

    // Workspace: an edit on one instance reaches the other.
    let doc_path = format!("{base}/room/doc");
    let candidate_doc = Doc::new();
    let mut candidate_socket = open(&one.address, &doc_path, &candidate_token).await;
    sync(&mut candidate_socket, &candidate_doc).await;
    let interviewer_doc = Doc::new();
    let mut interviewer_socket = open(&two.address, &doc_path, &interviewer_token).await;
    sync(&mut interviewer_socket, &interviewer_doc).await;
    let update = insert_code(&candidate_doc, "\n# typed on instance one");
    candidate_socket.send(frame(&Message::Sync(SyncMessage::Update(update)))).await.expect("send");
    until_code_contains(&mut interviewer_socket, &interviewer_doc, "# typed on instance one").await;

    // Instance one is frozen and its notification listener cut off, so the notifications of what
    // instance two does meanwhile are lost to it; once it runs again its listener reconnects and
    // catches up from the log.
    one.signal("-STOP").await;
    app.execute(&format!(
        "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE application_name = '{label_one}' AND query ILIKE 'LISTEN%'"
    ))
    .await;
    send(&mut interviewer_room, json!({"type": "command", "command": "reveal_hint", "index": 0})).await;
    let update = insert_code(&interviewer_doc, "\n# typed on instance two");
    interviewer_socket.send(frame(&Message::Sync(SyncMessage::Update(update)))).await.expect("send");
    tokio::time::sleep(Duration::from_millis(300)).await;
    one.signal("-CONT").await;
    state_where(&mut candidate_room, &mut seen, |s| s["hints"].as_array().is_some_and(|h| h.len() == 1))
        .await;
    until_code_contains(&mut candidate_socket, &candidate_doc, "# typed on instance two").await;

    // Leaving on one instance shows on the other.
    drop(interviewer_room);
    state_where(&mut candidate_room, &mut seen, |s| presence_count(s) == 1).await;
    let everything = seen.join("\n");
    assert!(!everything.contains("\"rubric\""), "nothing interviewer-only crossed over");
    app.cleanup().await;
}
