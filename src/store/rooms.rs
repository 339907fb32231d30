//! A live round's stored events and the private notes taken during it.

use super::{on_pool, Store, StoreResult};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RoomEventRow {
    pub seq: i64,
    pub at_ms: i64,
    pub actor_id: String,
    pub command_json: String,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct NoteRow {
    pub id: String,
    pub round_id: String,
    pub author_id: String,
    pub at_ms: i64,
    pub body: String,
    pub tags: String,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Store {
    /// Appends an event at position `seq`. The primary key makes a second writer for the same
    /// position fail instead of silently interleaving.
    #[tracing::instrument(skip_all)]
    pub async fn append_room_event(
        &self,
        round_id: &str,
        seq: i64,
        at_ms: i64,
        actor_id: &str,
        command_json: &str,
    ) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query(
            "INSERT INTO room_events (round_id, seq, at_ms, actor_id, command_json) VALUES ($1, $2, $3, $4, $5)"
        )
        .bind(round_id)
        .bind(seq)
        .bind(at_ms)
        .bind(actor_id)
        .bind(command_json)
        .execute(pool)
        .await
        .map(|_| ())
        })?;
        Ok(())
    }

    pub async fn room_events(&self, round_id: &str) -> StoreResult<Vec<RoomEventRow>> {
        self.room_events_from(round_id, 0).await
    }

    /// The events from position `seq` on: what an instance that knows the room up to `seq` missed.
    #[tracing::instrument(skip_all)]
    pub async fn room_events_from(&self, round_id: &str, seq: i64) -> StoreResult<Vec<RoomEventRow>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(
            "SELECT seq, at_ms, actor_id, command_json FROM room_events WHERE round_id = $1 AND seq >= $2 ORDER BY seq"
        )
        .bind(round_id)
        .bind(seq)
        .fetch_all(pool)
        .await
        })?)
    }

    #[tracing::instrument(skip_all)]
    pub async fn create_note(&self, note: &NoteRow) -> StoreResult<()> {
        on_pool!(self, |pool| sqlx::query(
            "INSERT INTO room_notes (id, round_id, author_id, at_ms, body, tags, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
        )
        .bind(&note.id)
        .bind(&note.round_id)
        .bind(&note.author_id)
        .bind(note.at_ms)
        .bind(&note.body)
        .bind(&note.tags)
        .bind(note.created_at)
        .bind(note.updated_at)
        .execute(pool)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// Updates a note's text and tags; only its author's note matches.
    #[tracing::instrument(skip_all)]
    pub async fn update_note(
        &self,
        id: &str,
        round_id: &str,
        author_id: &str,
        body: &str,
        tags: &str,
        now: i64,
    ) -> StoreResult<bool> {
        let updated = on_pool!(self, |pool| {
            sqlx::query(
            "UPDATE room_notes SET body = $1, tags = $2, updated_at = $3 WHERE id = $4 AND round_id = $5 AND author_id = $6"
        )
        .bind(body)
        .bind(tags)
        .bind(now)
        .bind(id)
        .bind(round_id)
        .bind(author_id)
        .execute(pool)
        .await
        .map(|done| done.rows_affected())
        })?;
        Ok(updated > 0)
    }

    /// The author's own notes on a round, in round time order.
    #[tracing::instrument(skip_all)]
    pub async fn notes_of(&self, round_id: &str, author_id: &str) -> StoreResult<Vec<NoteRow>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(
            "SELECT id, round_id, author_id, at_ms, body, tags, created_at, updated_at FROM room_notes \
             WHERE round_id = $1 AND author_id = $2 ORDER BY at_ms, created_at"
        )
        .bind(round_id)
        .bind(author_id)
        .fetch_all(pool)
        .await)?)
    }
}

impl Store {
    /// Stores one Yjs update of a round's workspace document.
    #[tracing::instrument(skip_all)]
    pub async fn append_doc_update(
        &self,
        id: &str,
        round_id: &str,
        at_ms: i64,
        body: &[u8],
    ) -> StoreResult<()> {
        on_pool!(self, |pool| sqlx::query(
            "INSERT INTO room_doc_updates (id, round_id, at_ms, body) VALUES ($1, $2, $3, $4)"
        )
        .bind(id)
        .bind(round_id)
        .bind(at_ms)
        .bind(body)
        .execute(pool)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// Every stored update of a round's document, oldest first: those filed under the round and
    /// those still in the journal (`store::update_log`); an update in both is read once.
    #[tracing::instrument(skip_all)]
    pub async fn doc_updates(&self, round_id: &str) -> StoreResult<Vec<(String, i64, Vec<u8>)>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(
            "SELECT id, at_ms, body FROM room_doc_updates WHERE round_id = $1 \
             UNION SELECT id, at_ms, body FROM room_doc_journal WHERE round_id = $1 ORDER BY at_ms, id"
        )
        .bind(round_id)
        .fetch_all(pool)
        .await)?)
    }
}

/// A workspace update to store.
#[derive(Clone, Debug)]
pub struct NewDocUpdate {
    pub id: String,
    pub round_id: String,
    pub at_ms: i64,
    pub body: Vec<u8>,
}

/// Keeps the newer of the stored snapshot and the one given (two instances may both compact).
pub(super) const SAVE_SNAPSHOT: &str =
    "INSERT INTO room_doc_snapshots (round_id, at_ms, body) VALUES ($1, $2, $3) \
     ON CONFLICT (round_id) DO UPDATE SET at_ms = excluded.at_ms, body = excluded.body \
     WHERE room_doc_snapshots.at_ms < excluded.at_ms";

/// A document's merged state and the time it was read.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DocSnapshot {
    pub at_ms: i64,
    pub body: Vec<u8>,
}

impl Store {
    /// One stored update of a round's document, for an instance told about it by reference.
    #[tracing::instrument(skip_all)]
    pub async fn doc_update(&self, round_id: &str, id: &str) -> StoreResult<Option<Vec<u8>>> {
        let row: Option<(Vec<u8>,)> = on_pool!(self, |pool| sqlx::query_as(
            "SELECT body FROM room_doc_updates WHERE round_id = $1 AND id = $2 \
             UNION SELECT body FROM room_doc_journal WHERE round_id = $1 AND id = $2"
        )
        .bind(round_id)
        .bind(id)
        .fetch_optional(pool)
        .await)?;
        Ok(row.map(|(body,)| body))
    }

    /// The updates stamped at or after `at_ms`, oldest first.
    #[tracing::instrument(skip_all)]
    pub async fn doc_updates_since(
        &self,
        round_id: &str,
        at_ms: i64,
    ) -> StoreResult<Vec<(String, i64, Vec<u8>)>> {
        Ok(on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, at_ms, body FROM room_doc_updates WHERE round_id = $1 AND at_ms >= $2 \
             UNION SELECT id, at_ms, body FROM room_doc_journal WHERE round_id = $1 AND at_ms >= $2 \
             ORDER BY at_ms, id",
            )
            .bind(round_id)
            .bind(at_ms)
            .fetch_all(pool)
            .await
        })?)
    }

    #[tracing::instrument(skip_all)]
    pub async fn doc_snapshot(&self, round_id: &str) -> StoreResult<Option<DocSnapshot>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(
            "SELECT at_ms, body FROM room_doc_snapshots WHERE round_id = $1"
        )
        .bind(round_id)
        .fetch_optional(pool)
        .await)?)
    }

    /// Keeps the newer of the stored snapshot and this one (two instances may both compact).
    #[tracing::instrument(skip_all)]
    pub async fn save_doc_snapshot(&self, round_id: &str, snapshot: &DocSnapshot) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query(SAVE_SNAPSHOT)
                .bind(round_id)
                .bind(snapshot.at_ms)
                .bind(&snapshot.body)
                .execute(pool)
                .await
                .map(|_| ())
        })?;
        Ok(())
    }

    /// Sends a PostgreSQL notification (delivered to every listener when the statement commits);
    /// a SQLite store serves one instance and has no one to tell.
    #[tracing::instrument(skip_all)]
    pub async fn notify(&self, channel: &str, payload: &str) -> StoreResult<()> {
        if let Store::Postgres(pool) = self {
            sqlx::query("SELECT pg_notify($1, $2)").bind(channel).bind(payload).execute(pool).await?;
        }
        Ok(())
    }
}
