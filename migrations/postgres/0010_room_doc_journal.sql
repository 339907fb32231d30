-- The SQLite store's journal of workspace updates (see the SQLite migration of the same name).
-- A PostgreSQL store files each update as it arrives and leaves this table empty; it exists so
-- that both backends read workspace updates with the same statements.
CREATE TABLE room_doc_journal (
    seq      BIGINT PRIMARY KEY,
    id       TEXT NOT NULL,
    round_id TEXT NOT NULL,
    at_ms    BIGINT NOT NULL,
    body     BYTEA NOT NULL
);
