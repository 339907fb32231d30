-- Live rounds: the room's event log (the room's state is the fold of its events) and the private,
-- timestamped notes of the interviewer and shadow.

CREATE TABLE room_events (
    round_id     TEXT NOT NULL REFERENCES loop_rounds(id) ON DELETE CASCADE,
    seq          BIGINT NOT NULL,
    at_ms        BIGINT NOT NULL,
    actor_id     TEXT NOT NULL REFERENCES users(id),
    command_json TEXT NOT NULL,
    PRIMARY KEY (round_id, seq)
);

CREATE TABLE room_notes (
    id         TEXT PRIMARY KEY NOT NULL,
    round_id   TEXT NOT NULL REFERENCES loop_rounds(id) ON DELETE CASCADE,
    author_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    at_ms      BIGINT NOT NULL,
    body       TEXT NOT NULL,
    tags       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX room_notes_round_author ON room_notes(round_id, author_id);
