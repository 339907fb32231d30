//! One Yjs connection, served by two tasks: a reader that absorbs what the client sends, and a
//! writer that sends the client what the others changed. Kept apart, a relayed frame wakes only
//! the writer, and the socket is read only when the client has sent something.

use std::collections::HashSet;
use std::sync::Arc;

use futures_util::{Sink, SinkExt, Stream, StreamExt};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use yrs::block::ClientID;

use super::{Frame, LiveDoc};

/// Answers to a client's sync step 1 waiting for the writer; the reader waits beyond this.
const REPLIES: usize = 8;

/// Serves one Yjs connection until it closes: binary messages in (anything that holds bytes, so
/// a transport's own buffers are read without a copy), frames out.
pub async fn doc_session<I, O, B>(doc: Arc<LiveDoc>, connection: u64, mut incoming: I, mut outgoing: O)
where
    I: Stream<Item = B> + Unpin,
    B: AsRef<[u8]>,
    O: Sink<Frame> + Unpin + Send + 'static,
{
    // The outbox opens before the opening messages are read, so no change falls in between.
    let Some(outbox) = doc.open_outbox(connection) else { return };
    let mut clients = HashSet::new();
    if let Ok(start) = doc.start_messages() {
        let mut sent = true;
        for frame in start {
            sent = sent && outgoing.send(frame.into()).await.is_ok();
        }
        if sent {
            let (replies, replies_out) = mpsc::channel(REPLIES);
            let mut writer = tokio::spawn(write(outgoing, outbox, replies_out));
            read(&doc, connection, &mut incoming, &replies, &mut writer, &mut clients).await;
            writer.abort();
        }
    }
    doc.close_outbox(connection);
    doc.forget(connection, &clients);
}

/// Absorbs the client's frames until it goes away, its frame cannot be read, or the writer stops.
async fn read<I, B>(
    doc: &Arc<LiveDoc>,
    connection: u64,
    incoming: &mut I,
    replies: &mpsc::Sender<Frame>,
    writer: &mut JoinHandle<()>,
    clients: &mut HashSet<ClientID>,
) where
    I: Stream<Item = B> + Unpin,
    B: AsRef<[u8]>,
{
    loop {
        let frame = tokio::select! {
            frame = incoming.next() => frame,
            // The client is gone, or fell behind and must resynchronise.
            _ = &mut *writer => return,
        };
        let Some(frame) = frame else { return };
        match doc.absorb(connection, frame.as_ref()).await {
            Ok(handled) => {
                clients.extend(handled.clients);
                for reply in handled.replies {
                    if replies.send(reply.into()).await.is_err() {
                        return;
                    }
                }
            }
            Err(error) => {
                tracing::warn!(%error, round = %doc.round_id, "dropped a workspace connection");
                return;
            }
        }
    }
}

/// Writes replies and relayed frames until the socket fails or the outbox is closed. Frames
/// already waiting go out together, with one flush.
async fn write<O>(mut outgoing: O, mut outbox: mpsc::Receiver<Frame>, mut replies: mpsc::Receiver<Frame>)
where
    O: Sink<Frame> + Unpin,
{
    loop {
        let frame = tokio::select! {
            Some(reply) = replies.recv() => reply,
            frame = outbox.recv() => match frame {
                Some(frame) => frame,
                None => return,
            },
        };
        if outgoing.feed(frame).await.is_err() {
            return;
        }
        while let Ok(frame) = outbox.try_recv() {
            if outgoing.feed(frame).await.is_err() {
                return;
            }
        }
        if outgoing.flush().await.is_err() {
            return;
        }
    }
}
