//! The workspace document without sockets: sessions read from and write to channels, on a fresh
//! SQLite store.

use std::time::Duration;

use futures_util::{sink, stream};
use tokio::sync::mpsc;
use yrs::sync::Awareness;
use yrs::updates::encoder::Encode;

use super::*;

async fn store(dir: &tempfile::TempDir) -> (Store, String) {
    crate::live_bench::seed::a_store_with_a_round(dir.path()).await
}

async fn live_doc(store: &Store, round_id: &str) -> Arc<LiveDoc> {
    let bus = Arc::new(Bus::new(store.clone()));
    let hub = DocHub::new(bus, UpdateWriter::start(store.clone()).expect("the writer starts"));
    hub.doc(store, round_id, &[]).await.expect("loads")
}

/// A client's end of a session: what it sends, and what the server writes to it.
struct Client {
    send: mpsc::Sender<Vec<u8>>,
    received: mpsc::Receiver<Frame>,
}

fn connect(doc: &Arc<LiveDoc>, connection: u64) -> Client {
    let (send, from_client) = mpsc::channel::<Vec<u8>>(16);
    let (to_client, received) = mpsc::channel::<Frame>(16);
    let incoming = Box::pin(stream::unfold(from_client, |mut frames| async move {
        frames.recv().await.map(|frame| (frame, frames))
    }));
    let outgoing = Box::pin(sink::unfold(to_client, |to_client, frame: Frame| async move {
        to_client.send(frame).await.map(|()| to_client)
    }));
    tokio::spawn(doc_session(doc.clone(), connection, incoming, outgoing));
    Client { send, received }
}

impl Client {
    async fn next(&mut self) -> Frame {
        tokio::time::timeout(Duration::from_secs(5), self.received.recv())
            .await
            .expect("a frame in time")
            .expect("the session is open")
    }

    /// Reads the server's opening messages (sync step 1, then awareness).
    async fn opened(mut self) -> Self {
        self.next().await;
        self.next().await;
        self
    }
}

/// A keystroke as a Yjs client sends it: one update message, alone in its frame.
fn keystroke(text: &str) -> Vec<u8> {
    let doc = Doc::new();
    let code = doc.get_or_insert_text(CODE_TEXT);
    let mut txn = doc.transact_mut();
    code.push(&mut txn, text);
    Message::Sync(SyncMessage::Update(txn.encode_update_v1())).encode_v1()
}

#[test]
fn a_lone_update_is_told_apart_from_every_other_frame() {
    let frame = keystroke("ab");
    let update = lone_update(&frame).expect("one update, alone");
    assert_eq!(Message::Sync(SyncMessage::Update(update.to_vec())).encode_v1(), frame);

    let Some(Ok(Message::Sync(SyncMessage::Update(update)))) =
        MessageReader::new(&mut DecoderV1::new(Cursor::new(&frame))).next()
    else {
        panic!("a keystroke decodes as an update")
    };
    let step2 = Message::Sync(SyncMessage::SyncStep2(update)).encode_v1();
    let two = [frame.clone(), frame.clone()].concat();
    let awareness = Message::Awareness(Awareness::new(Doc::new()).update().expect("encodes")).encode_v1();
    let truncated = &frame[..frame.len() - 1];
    for other in [&step2[..], &two, &awareness, truncated, &[]] {
        assert_eq!(lone_update(other), None, "{other:?}");
    }
}

/// The round's stored updates, once there are `count` of them (the writer commits a moment
/// after the relay).
async fn stored_updates(store: &Store, round_id: &str, count: usize) -> Vec<(String, i64, Vec<u8>)> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let stored = store.doc_updates(round_id).await.expect("reads");
        if stored.len() >= count || tokio::time::Instant::now() > deadline {
            return stored;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn a_change_reaches_the_others_as_sent_is_stored_and_never_echoes() {
    let dir = tempfile::tempdir().expect("a folder");
    let (store, round_id) = store(&dir).await;
    let doc = live_doc(&store, &round_id).await;
    let mut first = connect(&doc, 1).opened().await;
    let mut second = connect(&doc, 2).opened().await;
    let mut typist = connect(&doc, 3).opened().await;

    let frame = keystroke("ab");
    typist.send.send(frame.clone()).await.expect("sends");

    assert_eq!(&*first.next().await, &frame[..], "relayed byte for byte");
    assert_eq!(&*second.next().await, &frame[..], "to every other connection");
    let stored = stored_updates(&store, &round_id, 1).await;
    assert_eq!(stored.len(), 1, "stored");
    assert_eq!(lone_update(&frame), Some(&stored[0].2[..]));
    assert_eq!(doc.code(), "ab");
    let echo = tokio::time::timeout(Duration::from_millis(100), typist.received.recv()).await;
    assert!(echo.is_err(), "the typist is not sent its own change: {echo:?}");
}

/// The code as a server loading the round now would rebuild it: snapshot, then updates.
async fn stored_code(store: &Store, round_id: &str) -> String {
    let doc = Doc::new();
    let snapshot = store.doc_snapshot(round_id).await.expect("reads");
    let updates = store.doc_updates(round_id).await.expect("reads");
    let bodies =
        snapshot.map(|snapshot| snapshot.body).into_iter().chain(updates.into_iter().map(|row| row.2));
    for body in bodies {
        doc.transact_mut().apply_update(Update::decode_v1(&body).expect("decodes")).expect("applies");
    }
    let code = doc.get_or_insert_text(CODE_TEXT);
    let txn = doc.transact();
    code.get_string(&txn)
}

#[tokio::test]
async fn a_change_that_cannot_be_stored_ends_its_senders_connection_and_a_snapshot_keeps_it() {
    let dir = tempfile::tempdir().expect("a folder");
    let (store, round_id) = store(&dir).await;
    let doc = live_doc(&store, &round_id).await;
    let mut other = connect(&doc, 1).opened().await;
    let mut typist = connect(&doc, 2).opened().await;
    let Store::Sqlite(pool) = &store else { panic!("a SQLite store") };
    let journal_gone = "ALTER TABLE room_doc_journal RENAME TO room_doc_journal_away";
    let journal_back = "ALTER TABLE room_doc_journal_away RENAME TO room_doc_journal";
    // The writer's transactions fail, as on a full disk.
    sqlx::query(journal_gone).execute(pool).await.expect("renames");

    let frame = keystroke("ab");
    typist.send.send(frame.clone()).await.expect("sends");

    assert_eq!(&*other.next().await, &frame[..], "the others see it as typed");
    let ended = tokio::time::timeout(Duration::from_secs(5), typist.received.recv()).await;
    assert!(matches!(ended, Ok(None)), "the typist's session ends, so its client reconnects: {ended:?}");

    // The disk recovers, and the others go on typing (far fewer keystrokes than a routine
    // compaction waits for): a snapshot of the whole document follows.
    sqlx::query(journal_back).execute(pool).await.expect("renames back");
    let mut code = String::new();
    for _ in 0..COMPACT_AFTER / 10 {
        other.send.send(keystroke("c")).await.expect("sends");
        tokio::time::sleep(Duration::from_millis(100)).await;
        code = stored_code(&store, &round_id).await;
        if code.contains("ab") {
            break;
        }
    }
    assert!(code.contains("ab") && code.contains('c'), "the refused change was never stored: {code:?}");
}

#[tokio::test]
async fn a_connection_that_falls_behind_is_dropped_after_what_it_was_sent() {
    let dir = tempfile::tempdir().expect("a folder");
    let (store, round_id) = store(&dir).await;
    let doc = live_doc(&store, &round_id).await;
    let mut behind = doc.open_outbox(1).expect("opens");
    let mut keeping_up = doc.open_outbox(2).expect("opens");

    for _ in 0..OUTBOX {
        doc.relay(3, Frame::from(&[0_u8][..]));
        keeping_up.recv().await.expect("relayed");
    }
    doc.relay(3, Frame::from(&[1_u8][..]));

    assert!(keeping_up.recv().await.is_some(), "a reader that keeps up stays");
    for _ in 0..OUTBOX {
        assert!(behind.recv().await.is_some(), "what was already relayed is still written");
    }
    assert!(behind.recv().await.is_none(), "then its session ends, to resynchronise");
}
