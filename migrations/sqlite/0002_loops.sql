-- Loops: a planned set of rounds in a circle, their participants, and each round's roles and question.

CREATE TABLE loops (
    id                  TEXT PRIMARY KEY NOT NULL,
    circle_id           TEXT NOT NULL REFERENCES circles(id) ON DELETE CASCADE,
    template_id         TEXT NOT NULL,
    time_zone           TEXT NOT NULL,
    start_local         TEXT NOT NULL,
    max_minutes_per_day BIGINT NOT NULL,
    seed                BIGINT NOT NULL,
    relaxed_json        TEXT NOT NULL,
    created_by          TEXT NOT NULL REFERENCES users(id),
    created_at          BIGINT NOT NULL
);
CREATE INDEX loops_circle ON loops(circle_id);

CREATE TABLE loop_participants (
    loop_id  TEXT NOT NULL REFERENCES loops(id) ON DELETE CASCADE,
    user_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    PRIMARY KEY (loop_id, user_id)
);

CREATE TABLE loop_rounds (
    id               TEXT PRIMARY KEY NOT NULL,
    loop_id          TEXT NOT NULL REFERENCES loops(id) ON DELETE CASCADE,
    position         BIGINT NOT NULL,
    round_kind       TEXT NOT NULL,
    interviewee_id   TEXT NOT NULL REFERENCES users(id),
    interviewer_id   TEXT REFERENCES users(id),
    shadow_id        TEXT REFERENCES users(id),
    question_id      TEXT NOT NULL,
    starts_at        BIGINT NOT NULL,
    ends_at          BIGINT NOT NULL,
    feedback_ends_at BIGINT NOT NULL,
    UNIQUE (loop_id, position)
);
CREATE INDEX loop_rounds_loop ON loop_rounds(loop_id);
CREATE INDEX loop_rounds_interviewee ON loop_rounds(interviewee_id);
