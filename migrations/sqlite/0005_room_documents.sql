-- The candidate's workspace (code, whiteboard, canvas, notes) as Yjs updates. Yjs updates are
-- commutative and idempotent, so the document is the merge of its rows in any order; rows are
-- compacted into one when a room is loaded.
CREATE TABLE room_doc_updates (
    id       TEXT PRIMARY KEY NOT NULL,
    round_id TEXT NOT NULL REFERENCES loop_rounds(id) ON DELETE CASCADE,
    at_ms    BIGINT NOT NULL,
    body     BLOB NOT NULL
);
CREATE INDEX room_doc_updates_round ON room_doc_updates(round_id, at_ms);
