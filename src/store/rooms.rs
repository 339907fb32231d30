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

    /// Every stored update of a round's document, oldest first.
    #[tracing::instrument(skip_all)]
    pub async fn doc_updates(&self, round_id: &str) -> StoreResult<Vec<(String, i64, Vec<u8>)>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(
            "SELECT id, at_ms, body FROM room_doc_updates WHERE round_id = $1 ORDER BY at_ms, id"
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

/// Rows per INSERT statement when a batch is stored: a batch of any size takes few statements
/// (each a round trip to the database's connection), and the prepared-statement cache holds only
/// these few variants of it. A batch of 23 rows is stored as 16 + 4 + 1 + 1 + 1.
const ROWS_PER_INSERT: [usize; 4] = [64, 16, 4, 1];

/// `updates` cut into runs of `ROWS_PER_INSERT` rows, largest first.
fn insert_runs(mut updates: &[NewDocUpdate]) -> Vec<&[NewDocUpdate]> {
    let mut runs = Vec::new();
    for rows in ROWS_PER_INSERT {
        while updates.len() >= rows {
            let (run, rest) = updates.split_at(rows);
            runs.push(run);
            updates = rest;
        }
    }
    runs
}

/// Keeps the newer of the stored snapshot and the one given (two instances may both compact).
const SAVE_SNAPSHOT: &str = "INSERT INTO room_doc_snapshots (round_id, at_ms, body) VALUES ($1, $2, $3) \
     ON CONFLICT (round_id) DO UPDATE SET at_ms = excluded.at_ms, body = excluded.body \
     WHERE room_doc_snapshots.at_ms < excluded.at_ms";

/// A connection of the store's pool that a writer keeps between its transactions while it has
/// work: its page cache stays warm (a pool hands its connections out in turn, so each would find
/// its cache outdated by the others' writes), and no transaction waits for the pool or for a
/// test of the connection first.
#[derive(Debug)]
pub enum WriterConnection {
    Sqlite(sqlx::pool::PoolConnection<sqlx::Sqlite>),
    Postgres(sqlx::pool::PoolConnection<sqlx::Postgres>),
}

/// SQLite's default: a commit that leaves the write-ahead log above this many pages checkpoints.
const SQLITE_AUTOCHECKPOINT_PAGES: i64 = 1000;

impl Store {
    /// A connection for a writer to keep. Hand it back with [`WriterConnection::hand_back`]
    /// when idle: closing the pool waits for every connection.
    ///
    /// On SQLite its commits never checkpoint. SQLite checkpoints inside the commit that takes
    /// the log past 1,000 pages, and every update queued behind that commit would wait for the
    /// database file's writes and fsync too: with 1,250 rooms typing, p99 went from 20.7 ms
    /// without checkpoints to 80-270 ms with them. The writer asks for passive checkpoints on
    /// other connections instead ([`Store::checkpoint`]).
    pub async fn writer_connection(&self) -> StoreResult<WriterConnection> {
        Ok(match self {
            Self::Sqlite(pool) => {
                let mut connection = pool.acquire().await?;
                sqlx::query("PRAGMA wal_autocheckpoint = 0").execute(&mut *connection).await?;
                WriterConnection::Sqlite(connection)
            }
            Self::Postgres(pool) => WriterConnection::Postgres(pool.acquire().await?),
        })
    }

    /// Copies SQLite's write-ahead log back into the database as far as readers allow, without
    /// taking the write lock, so commits go on meanwhile; nothing to do on PostgreSQL.
    #[tracing::instrument(skip_all)]
    pub async fn checkpoint(&self) -> StoreResult<()> {
        if let Self::Sqlite(pool) = self {
            sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").execute(pool).await?;
        }
        Ok(())
    }
}

impl WriterConnection {
    /// Returns the connection to the pool as its other users expect it: checkpointing again.
    pub async fn hand_back(self) {
        if let Self::Sqlite(mut connection) = self {
            let restore = format!("PRAGMA wal_autocheckpoint = {SQLITE_AUTOCHECKPOINT_PAGES}");
            if sqlx::query(&restore).execute(&mut *connection).await.is_err() {
                // Closed rather than returned to the pool as it is.
                drop(connection.detach());
            }
        }
    }
}

/// The statements of `WriterConnection::append_doc_updates`, once per backend.
macro_rules! store_doc_batch {
    ($tx:ident, $updates:expr, $snapshots:expr) => {
        for run in insert_runs($updates) {
            let mut insert =
                sqlx::QueryBuilder::new("INSERT INTO room_doc_updates (id, round_id, at_ms, body) ");
            insert.push_values(run, |mut row, update| {
                row.push_bind(&update.id)
                    .push_bind(&update.round_id)
                    .push_bind(update.at_ms)
                    .push_bind(&update.body);
            });
            insert.build().execute(&mut *$tx).await?;
        }
        for (round_id, snapshot) in $snapshots {
            sqlx::query(SAVE_SNAPSHOT)
                .bind(round_id)
                .bind(snapshot.at_ms)
                .bind(&snapshot.body)
                .execute(&mut *$tx)
                .await?;
        }
    };
}

impl WriterConnection {
    /// Stores several workspace updates, and snapshots of documents (round id, snapshot), in one
    /// transaction: all or none. On SQLite the transaction begins with `BEGIN IMMEDIATE`, as
    /// every write transaction of the store does.
    #[tracing::instrument(skip_all)]
    pub async fn append_doc_updates(
        &mut self,
        updates: &[NewDocUpdate],
        snapshots: &[(String, DocSnapshot)],
    ) -> StoreResult<()> {
        use sqlx::Connection;
        match self {
            Self::Sqlite(connection) => {
                let mut tx = connection.begin_with("BEGIN IMMEDIATE").await?;
                store_doc_batch!(tx, updates, snapshots);
                tx.commit().await?;
            }
            Self::Postgres(connection) => {
                let mut tx = connection.begin().await?;
                store_doc_batch!(tx, updates, snapshots);
                tx.commit().await?;
            }
        }
        Ok(())
    }
}

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
            "SELECT body FROM room_doc_updates WHERE round_id = $1 AND id = $2"
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
            "SELECT id, at_ms, body FROM room_doc_updates WHERE round_id = $1 AND at_ms >= $2 ORDER BY at_ms, id"
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

#[cfg(test)]
mod tests {
    use super::*;

    fn updates(count: usize) -> Vec<NewDocUpdate> {
        (0..count)
            .map(|n| NewDocUpdate { id: n.to_string(), round_id: "r".into(), at_ms: 0, body: vec![0, 0] })
            .collect()
    }

    #[test]
    fn a_batch_is_stored_in_few_runs_of_a_few_sizes_and_every_row_once() {
        for count in [0, 1, 3, 4, 23, 64, 100, 1024] {
            let batch = updates(count);
            let runs = insert_runs(&batch);
            let stored: Vec<&str> = runs.iter().flat_map(|run| run.iter().map(|u| u.id.as_str())).collect();
            let expected: Vec<&str> = batch.iter().map(|u| u.id.as_str()).collect();
            assert_eq!(stored, expected, "{count} rows");
            assert!(runs.iter().all(|run| ROWS_PER_INSERT.contains(&run.len())));
            assert!(runs.len() <= count / 64 + 9, "{count} rows in {} runs", runs.len());
        }
    }
}
