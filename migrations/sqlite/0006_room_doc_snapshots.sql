-- The merged state of a round's workspace document, so a room loads from one row plus the recent
-- updates instead of every update since the round began. room_doc_updates keeps every update
-- (the replay needs them); a snapshot is derived data and is left out of exports.
CREATE TABLE room_doc_snapshots (
    round_id      TEXT PRIMARY KEY NOT NULL REFERENCES loop_rounds(id) ON DELETE CASCADE,
    at_ms         BIGINT NOT NULL,
    body          BLOB NOT NULL
);
