//! The shared workspace document over a real WebSocket, spoken as a Yjs client speaks it (yrs on
//! the client side): the starter code arrives, edits made while disconnected merge on reconnect,
//! and everything survives a server restart, even a change that reached others but not the disk
//! (a client that saw it offers it again).

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message as Frame;
use yrs::encoding::read::Cursor;
use yrs::sync::{Message, MessageReader, SyncMessage};
use yrs::updates::decoder::{Decode, DecoderV1};
use yrs::updates::encoder::{Encode, Encoder, EncoderV1};
use yrs::{Doc, GetString, ReadTxn, StateVector, Text, Transact, Update};

use crate::loops::trio_with_loop;
use crate::on_both_backends;

pub(crate) type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub(crate) async fn open(address: &str, path: &str, token: &str) -> Socket {
    let mut request =
        format!("{}{path}", address.replace("http://", "ws://")).into_client_request().expect("request");
    request.headers_mut().insert("authorization", format!("Bearer {token}").parse().expect("header"));
    tokio_tungstenite::connect_async(request).await.expect("connects").0
}

pub(crate) fn frame(message: &Message) -> Frame {
    let mut encoder = EncoderV1::new();
    message.encode(&mut encoder);
    Frame::Binary(encoder.to_vec().into())
}

/// Syncs `doc` with the server: sends our state vector and our whole state, then applies what the
/// server sends until its SyncStep2 has arrived.
pub(crate) async fn sync(socket: &mut Socket, doc: &Doc) {
    let ours = doc.transact().encode_state_as_update_v1(&StateVector::default());
    socket
        .send(frame(&Message::Sync(SyncMessage::SyncStep1(doc.transact().state_vector()))))
        .await
        .expect("send");
    socket.send(frame(&Message::Sync(SyncMessage::Update(ours)))).await.expect("send");
    loop {
        let next = tokio::time::timeout(Duration::from_secs(5), socket.next()).await.expect("in time");
        let Some(Ok(Frame::Binary(bytes))) = next else { continue };
        let mut decoder = DecoderV1::new(Cursor::new(&bytes));
        let reader = MessageReader::new(&mut decoder);
        for message in reader {
            match message {
                Ok(Message::Sync(SyncMessage::SyncStep2(update))) => {
                    doc.transact_mut()
                        .apply_update(Update::decode_v1(&update).expect("update"))
                        .expect("applies");
                    return;
                }
                Ok(Message::Sync(SyncMessage::Update(update))) => {
                    doc.transact_mut()
                        .apply_update(Update::decode_v1(&update).expect("update"))
                        .expect("applies");
                }
                _ => {}
            }
        }
    }
}

/// Applies the Yjs updates of the next frame, if one arrives within `wait`.
pub(crate) async fn apply_next(socket: &mut Socket, doc: &Doc, wait: Duration) {
    let Ok(Some(Ok(Frame::Binary(bytes)))) = tokio::time::timeout(wait, socket.next()).await else { return };
    let mut decoder = DecoderV1::new(Cursor::new(&bytes));
    for message in MessageReader::new(&mut decoder) {
        if let Ok(Message::Sync(SyncMessage::Update(update) | SyncMessage::SyncStep2(update))) = message {
            doc.transact_mut().apply_update(Update::decode_v1(&update).expect("update")).expect("applies");
        }
    }
}

/// The first round of a new loop (a coding round, so its document starts with the starter code):
/// the path of its document socket and API tokens for its candidate and its interviewer.
pub(crate) struct CodingRoom {
    pub round_id: String,
    pub path: String,
    pub tokens: [String; 2],
}

pub(crate) async fn coding_room(app: &crate::helpers::TestApp) -> CodingRoom {
    let mut trio = trio_with_loop(app).await;
    let round = trio.rounds[0].clone();
    assert_eq!(round["round_kind"], "coding");
    let round_id = round["id"].as_str().expect("id").to_owned();
    let seat = |role: &str| trio.people.iter().position(|p| round[role]["id"] == p.user_id()).expect("seat");
    let (candidate, interviewer) = (seat("interviewee"), seat("interviewer"));
    let path = format!("/api/v1/circles/{}/loops/{}/rounds/{round_id}/room/doc", trio.circle, trio.loop_id);
    let mut tokens = [String::new(), String::new()];
    for (token, who) in tokens.iter_mut().zip([candidate, interviewer]) {
        let created = trio.people[who].post_json("/api/v1/tokens", &serde_json::json!({"name": "yjs"})).await;
        *token = created.json()["token"].as_str().expect("token").to_owned();
    }
    CodingRoom { round_id, path, tokens }
}

/// Appends `typed` to the code and sends the change, as a Yjs client sends an edit.
pub(crate) async fn type_at_the_end(socket: &mut Socket, doc: &Doc, typed: &str) {
    let before = doc.transact().state_vector();
    {
        let text = doc.get_or_insert_text("code");
        let mut txn = doc.transact_mut();
        text.push(&mut txn, typed);
    }
    let update = doc.transact().encode_state_as_update_v1(&before);
    socket.send(frame(&Message::Sync(SyncMessage::Update(update)))).await.expect("send");
}

pub(crate) fn code(doc: &Doc) -> String {
    let text = doc.get_or_insert_text("code");
    let txn = doc.transact();
    text.get_string(&txn)
}

on_both_backends! {
    async fn the_workspace_syncs_merges_offline_edits_and_survives_a_restart(app) {
        let CodingRoom { path, tokens, .. } = coding_room(&app).await;

        let candidate_doc = Doc::new();
        let mut candidate_socket = open(&app.address, &path, &tokens[0]).await;
        sync(&mut candidate_socket, &candidate_doc).await;
        let starter = code(&candidate_doc);
        assert!(!starter.is_empty(), "the starter code arrives");

        // An edit made while connected reaches a second participant.
        type_at_the_end(&mut candidate_socket, &candidate_doc, "\n# online edit").await;
        tokio::time::sleep(Duration::from_millis(200)).await;
        let interviewer_doc = Doc::new();
        let mut interviewer_socket = open(&app.address, &path, &tokens[1]).await;
        sync(&mut interviewer_socket, &interviewer_doc).await;
        assert!(code(&interviewer_doc).ends_with("# online edit"));

        // Offline: both edit apart, then reconnect; the edits merge.
        drop(candidate_socket);
        drop(interviewer_socket);
        {
            let text = candidate_doc.get_or_insert_text("code");
            let mut txn = candidate_doc.transact_mut();
            text.push(&mut txn, "\n# offline candidate");
        }
        {
            let text = interviewer_doc.get_or_insert_text("code");
            let mut txn = interviewer_doc.transact_mut();
            text.insert(&mut txn, 0, "# offline interviewer\n");
        }
        let mut again = open(&app.address, &path, &tokens[0]).await;
        sync(&mut again, &candidate_doc).await;
        let mut again_interviewer = open(&app.address, &path, &tokens[1]).await;
        sync(&mut again_interviewer, &interviewer_doc).await;
        let merged = code(&interviewer_doc);
        assert!(merged.starts_with("# offline interviewer") && merged.ends_with("# offline candidate"), "{merged}");

        // A restarted server rebuilds the document from storage.
        tokio::time::sleep(Duration::from_millis(200)).await;
        let restarted = mockloop::App::build_with_store(mockloop::Config::for_database(""), app.store.clone()).await.expect("builds");
        let address = format!("http://{}", restarted.local_addr().expect("bound"));
        tokio::spawn(restarted.run_until_stopped(std::future::pending()));
        let late = Doc::new();
        let mut late_socket = open(&address, &path, &tokens[1]).await;
        sync(&mut late_socket, &late).await;
        assert_eq!(code(&late), merged, "the workspace survived the restart");
    }

    async fn a_change_relayed_but_lost_with_the_server_comes_back_from_a_client_that_saw_it(app) {
        let CodingRoom { round_id, path, tokens } = coding_room(&app).await;
        let candidate_doc = Doc::new();
        let mut candidate_socket = open(&app.address, &path, &tokens[0]).await;
        sync(&mut candidate_socket, &candidate_doc).await;
        let interviewer_doc = Doc::new();
        let mut interviewer_socket = open(&app.address, &path, &tokens[1]).await;
        sync(&mut interviewer_socket, &interviewer_doc).await;

        // The candidate types; the interviewer sees it.
        let typed_at = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_millis() - 1;
        type_at_the_end(&mut candidate_socket, &candidate_doc, "\n# seen, then lost").await;
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        while !code(&interviewer_doc).ends_with("# seen, then lost") {
            assert!(tokio::time::Instant::now() < deadline, "the interviewer never saw the change");
            apply_next(&mut interviewer_socket, &interviewer_doc, Duration::from_millis(100)).await;
        }

        // The server stops before its commit, as far as the database knows: once the change is
        // filed, its rows go, and the candidate's browser is gone too.
        let filed = format!("SELECT COUNT(*) FROM room_doc_updates WHERE round_id = '{round_id}' AND at_ms >= {typed_at}");
        let journaled = format!("SELECT COUNT(*) FROM room_doc_journal WHERE round_id = '{round_id}'");
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while app.count(&filed).await == 0 || app.count(&journaled).await > 0 {
            assert!(tokio::time::Instant::now() < deadline, "the change was never filed");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        app.execute(&format!("DELETE FROM room_doc_updates WHERE round_id = '{round_id}' AND at_ms >= {typed_at}")).await;
        drop((candidate_socket, candidate_doc, interviewer_socket));

        let restarted = mockloop::App::build_with_store(mockloop::Config::for_database(""), app.store.clone()).await.expect("builds");
        let address = format!("http://{}", restarted.local_addr().expect("bound"));
        tokio::spawn(restarted.run_until_stopped(std::future::pending()));
        let look = |token: String| {
            let (address, path) = (address.clone(), path.clone());
            async move {
                let doc = Doc::new();
                let mut socket = open(&address, &path, &token).await;
                sync(&mut socket, &doc).await;
                code(&doc)
            }
        };
        assert!(!look(tokens[0].clone()).await.contains("# seen, then lost"), "the restarted server lacks the change");

        // The interviewer's browser reconnects with what it holds, and the change is back for all.
        let mut again = open(&address, &path, &tokens[1]).await;
        sync(&mut again, &interviewer_doc).await;
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        while !look(tokens[0].clone()).await.ends_with("# seen, then lost") {
            assert!(tokio::time::Instant::now() < deadline, "the change never came back");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn a_long_session_loads_from_a_snapshot_and_still_replays_every_edit(app) {
        let mut trio = trio_with_loop(&app).await;
        let round = trio.rounds[0].clone();
        let candidate = trio.people.iter().position(|p| round["interviewee"]["id"] == p.user_id()).expect("seat");
        let round_id = round["id"].as_str().expect("id").to_owned();
        let base = format!("/api/v1/circles/{}/loops/{}/rounds/{round_id}", trio.circle, trio.loop_id);
        let token = trio.people[candidate].post_json("/api/v1/tokens", &serde_json::json!({"name": "yjs"})).await.json()["token"].as_str().expect("token").to_owned();

        let doc = Doc::new();
        let mut socket = open(&app.address, &format!("{base}/room/doc"), &token).await;
        sync(&mut socket, &doc).await;
        let keystrokes = 260;
        for index in 0..keystrokes {
            let before = doc.transact().state_vector();
            {
                let text = doc.get_or_insert_text("code");
                let mut txn = doc.transact_mut();
                text.push(&mut txn, &format!("{}", index % 10));
            }
            let update = doc.transact().encode_state_as_update_v1(&before);
            socket.send(frame(&Message::Sync(SyncMessage::Update(update)))).await.expect("send");
        }
        let typed = code(&doc);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        let snapshots = loop {
            let (count,): (i64,) = match &app.store {
                mockloop::store::Store::Sqlite(pool) => sqlx::query_as("SELECT COUNT(*) FROM room_doc_snapshots WHERE round_id = $1").bind(&round_id).fetch_one(pool).await.expect("counts"),
                mockloop::store::Store::Postgres(pool) => sqlx::query_as("SELECT COUNT(*) FROM room_doc_snapshots WHERE round_id = $1").bind(&round_id).fetch_one(pool).await.expect("counts"),
            };
            if count > 0 || tokio::time::Instant::now() > deadline {
                break count;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        assert_eq!(snapshots, 1, "the document was compacted into a snapshot");
        // Let the last keystrokes land before another server loads the document.
        tokio::time::sleep(Duration::from_millis(300)).await;

        let restarted = mockloop::App::build_with_store(mockloop::Config::for_database(""), app.store.clone()).await.expect("builds");
        let address = format!("http://{}", restarted.local_addr().expect("bound"));
        tokio::spawn(restarted.run_until_stopped(std::future::pending()));
        let loaded = Doc::new();
        let mut late = open(&address, &format!("{base}/room/doc"), &token).await;
        sync(&mut late, &loaded).await;
        assert_eq!(code(&loaded), typed, "snapshot plus recent updates give the whole document");

        let replay = trio.people[candidate].get(&format!("{base}/replay")).await.json();
        let updates = replay["updates"].as_array().expect("updates").len();
        assert!(updates > keystrokes, "every keystroke is kept for the replay: {updates}");
    }
}
