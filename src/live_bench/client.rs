//! One simulated participant: a WebSocket to a room's Yjs endpoint and the participant's own
//! yrs document, speaking y-protocols as y-websocket's browser provider does (sync step 1 on
//! connect, step 2 in answer to the server's step 1, then one update message per change).
//!
//! After the opening sync a client decodes what others send without applying it to its
//! document: it notes, per sender, the highest clock a received update reaches. Applying every
//! relayed keystroke to three documents per room was most of the load generator's own work, and
//! the generator shares the machine with the server it measures. Typing into a document that
//! lacks the others' latest keystrokes makes an update the server merges all the same.

use std::time::Duration;

use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message as Frame;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use yrs::block::ClientID;
use yrs::encoding::read::Cursor;
use yrs::sync::{Message, MessageReader, SyncMessage};
use yrs::updates::decoder::{Decode, DecoderV1};
use yrs::updates::encoder::{Encode, Encoder, EncoderV1};
use yrs::{Doc, ReadTxn, StateVector, Text, TextRef, Transact, Update};

use crate::live::doc::CODE_TEXT;

/// How long connecting and the first sync may take before the client counts as failed.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(60);

/// Bytes a client reads from its socket at a time. tungstenite's default, 128 KiB, is zeroed
/// before every read attempt: for thousands of clients receiving small messages that zeroing,
/// not the messages, would be the generator's work (and its memory). A browser tab's buffer
/// costs the server nothing either way.
const READ_BUFFER: usize = 1024;

/// What one keystroke inserts: two characters, which makes an update message of a few dozen
/// bytes, as typing in the editor does.
const KEYSTROKE: &str = "ab";

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;
pub type Reader = SplitStream<Socket>;

/// Where a client connects and what its handshake carries.
#[derive(Clone, Debug)]
pub struct Endpoint {
    /// `ws://127.0.0.1:PORT/...`
    pub url: String,
    /// The `Cookie` header, for servers that authorise the handshake.
    pub cookie: Option<String>,
    /// The page's origin, `http://127.0.0.1:PORT`, which browsers send with every handshake.
    pub origin: String,
}

/// A connected participant's sending half and document.
pub struct Client {
    pub doc: Doc,
    pub id: ClientID,
    text: TextRef,
    writer: SplitSink<Socket, Frame>,
    /// How far each sender's keystrokes have reached this client: its document's state after
    /// the opening sync, then the upper bounds of the updates received since.
    received: StateVector,
    /// Where the next keystroke goes in this client's document.
    cursor: u32,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("id", &self.id).finish_non_exhaustive()
    }
}

fn binary(message: &Message) -> Frame {
    let mut encoder = EncoderV1::new();
    message.encode(&mut encoder);
    Frame::Binary(encoder.to_vec().into())
}

/// Where in the shared code a client types: the room's `seat`th of `seats` clients starts that
/// far into the code, so each types in a place of its own, as people do.
#[derive(Clone, Copy, Debug)]
pub struct Place {
    pub seat: usize,
    pub seats: usize,
}

/// Opens the socket and syncs: returns once the server's document (its sync step 2) is applied.
/// With `starter`, a client that finds the document empty types it in first and syncs again,
/// so the server holds it before anyone else joins.
pub async fn connect(
    endpoint: &Endpoint,
    client_id: u64,
    place: Place,
    starter: Option<&str>,
) -> Result<(Client, Reader), String> {
    tokio::time::timeout(CONNECT_TIMEOUT, connect_and_sync(endpoint, client_id, place, starter))
        .await
        .map_err(|_| format!("no sync within {} s", CONNECT_TIMEOUT.as_secs()))?
}

async fn connect_and_sync(
    endpoint: &Endpoint,
    client_id: u64,
    place: Place,
    mut starter: Option<&str>,
) -> Result<(Client, Reader), String> {
    let mut request = endpoint.url.as_str().into_client_request().map_err(|e| e.to_string())?;
    let headers = request.headers_mut();
    headers.insert("origin", HeaderValue::from_str(&endpoint.origin).map_err(|e| e.to_string())?);
    if let Some(cookie) = &endpoint.cookie {
        headers.insert("cookie", HeaderValue::from_str(cookie).map_err(|e| e.to_string())?);
    }
    // Browsers disable Nagle's algorithm on WebSockets; so does this client (the `true`).
    let config = WebSocketConfig::default().read_buffer_size(READ_BUFFER);
    let (socket, _) = tokio_tungstenite::connect_async_with_config(request, Some(config), true)
        .await
        .map_err(|e| format!("handshake failed: {e}"))?;
    let (mut writer, mut reader) = socket.split();
    let doc = Doc::with_client_id(client_id);
    let text = doc.get_or_insert_text(CODE_TEXT);
    let id = doc.client_id();
    let step1 = Message::Sync(SyncMessage::SyncStep1(doc.transact().state_vector()));
    writer.send(binary(&step1)).await.map_err(|e| e.to_string())?;
    let mut client = Client { doc, id, text, writer, received: StateVector::default(), cursor: 0 };
    loop {
        let frame = reader.next().await.ok_or("closed during sync")?.map_err(|e| e.to_string())?;
        let Frame::Binary(bytes) = frame else { continue };
        let absorbed = client.absorb(&bytes)?;
        client.send_all(absorbed.replies).await?;
        if absorbed.synced {
            if let Some(code) = starter.take().filter(|_| client.text.len(&client.doc.transact()) == 0) {
                // Typed in, then a sync step 1 after it: the server answers only once it has the code.
                let update = {
                    let mut txn = client.doc.transact_mut();
                    client.text.insert(&mut txn, 0, code);
                    txn.encode_update_v1()
                };
                let state = client.doc.transact().state_vector();
                let messages = [
                    Message::Sync(SyncMessage::Update(update)),
                    Message::Sync(SyncMessage::SyncStep1(state)),
                ];
                client.send_all(messages.iter().map(binary).collect()).await?;
                continue;
            }
            let length = client.text.len(&client.doc.transact()) as usize;
            client.cursor = (length * place.seat / place.seats.max(1)) as u32;
            return Ok((client, reader));
        }
    }
}

/// What an incoming frame asked for.
#[derive(Debug, Default)]
pub struct Absorbed {
    /// Answers to send (sync step 2 for the server's step 1).
    pub replies: Vec<Frame>,
    /// The frame held the server's sync step 2: this client now has the server's document.
    pub synced: bool,
}

impl Client {
    /// Takes in a frame: answers the server's sync step 1, applies its sync step 2 (the room's
    /// document at connect), and notes how far each relayed update reaches.
    pub fn absorb(&mut self, bytes: &[u8]) -> Result<Absorbed, String> {
        let mut absorbed = Absorbed::default();
        let mut decoder = DecoderV1::new(Cursor::new(bytes));
        for message in MessageReader::new(&mut decoder) {
            match message.map_err(|e| e.to_string())? {
                Message::Sync(SyncMessage::SyncStep1(theirs)) => {
                    let missing = self.doc.transact().encode_state_as_update_v1(&theirs);
                    absorbed.replies.push(binary(&Message::Sync(SyncMessage::SyncStep2(missing))));
                }
                Message::Sync(SyncMessage::SyncStep2(update)) => {
                    absorbed.synced = true;
                    let update = Update::decode_v1(&update).map_err(|e| e.to_string())?;
                    let mut txn = self.doc.transact_mut();
                    txn.apply_update(update).map_err(|e| e.to_string())?;
                    self.received.merge(txn.state_vector());
                }
                Message::Sync(SyncMessage::Update(update)) => {
                    let update = Update::decode_v1(&update).map_err(|e| e.to_string())?;
                    // Only an update that continues where a sender's last one ended counts: one
                    // relayed out of order leaves the skipped keystrokes, and itself, undelivered.
                    for (sender, ranges) in update.insertions(true).iter() {
                        let mut reached = self.received.get(sender);
                        for clocks in ranges.iter() {
                            if clocks.start > reached {
                                break;
                            }
                            reached = reached.max(clocks.end);
                        }
                        self.received.set_max(*sender, reached);
                    }
                }
                _ => {}
            }
        }
        Ok(absorbed)
    }

    /// How far this client has received `sender`'s keystrokes (its clock).
    pub fn received_from(&self, sender: &ClientID) -> u32 {
        self.received.get(sender)
    }

    /// Types a keystroke at this client's cursor, right after its previous one, and sends it as
    /// an update message. In the client's document, which holds the code and its own typing,
    /// yrs merges a run of one's own keystrokes into one block, so finding the cursor stays cheap
    /// however long the run grows. The server places each keystroke next to the typist's
    /// previous one, as it does for a person typing.
    /// Returns this client's clock once the keystroke is in (a receiver has it once its received
    /// updates reach that clock) and the size of the message sent.
    pub async fn type_keystroke(&mut self) -> Result<(u32, usize), String> {
        let (update, clock) = {
            let mut txn = self.doc.transact_mut();
            self.text.insert(&mut txn, self.cursor, KEYSTROKE);
            (txn.encode_update_v1(), txn.state_vector().get(&self.id))
        };
        self.cursor += KEYSTROKE.len() as u32;
        let frame = binary(&Message::Sync(SyncMessage::Update(update)));
        let size = frame.len();
        self.writer.send(frame).await.map_err(|e| e.to_string())?;
        Ok((clock, size))
    }

    pub async fn send_all(&mut self, frames: Vec<Frame>) -> Result<(), String> {
        for frame in frames {
            self.writer.send(frame).await.map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    /// Leaves the room as a closing browser tab does.
    pub async fn close(mut self) {
        let _ = self.writer.close().await;
    }
}
