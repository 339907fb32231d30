-- Feedback after a round: each giver's form (draft until submitted), the candidate's
-- self-assessment, questions and answers on single items, thanks and takeaways, the candidate's
-- declared focus areas, and in-app notifications.

CREATE TABLE feedback_forms (
    id             TEXT PRIMARY KEY NOT NULL,
    round_id       TEXT NOT NULL REFERENCES loop_rounds(id) ON DELETE CASCADE,
    giver_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    giver_role     TEXT NOT NULL,
    -- items (each with a stable id), ratings, rating comments, Staff-bar call, focus answers
    draft_json     TEXT NOT NULL,
    -- the problems the giver confirmed on submitting: [{"item": n|null, "code": "..."}]
    confirmed_json TEXT NOT NULL,
    submitted_at   BIGINT,
    released_at    BIGINT,
    updated_at     BIGINT NOT NULL,
    UNIQUE (round_id, giver_id)
);
CREATE INDEX feedback_forms_round ON feedback_forms(round_id);

CREATE TABLE self_assessments (
    round_id   TEXT NOT NULL REFERENCES loop_rounds(id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    body_json  TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (round_id, user_id)
);

CREATE TABLE feedback_messages (
    id         TEXT PRIMARY KEY NOT NULL,
    form_id    TEXT NOT NULL REFERENCES feedback_forms(id) ON DELETE CASCADE,
    item_id    TEXT NOT NULL,
    author_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    body       TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX feedback_messages_form ON feedback_messages(form_id, created_at);

CREATE TABLE feedback_reactions (
    form_id    TEXT NOT NULL REFERENCES feedback_forms(id) ON DELETE CASCADE,
    item_id    TEXT NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    thanked_at BIGINT,
    takeaway   TEXT,
    kept_at    BIGINT,
    PRIMARY KEY (form_id, item_id, user_id)
);

CREATE TABLE focus_areas (
    user_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    theme_id TEXT NOT NULL,
    position BIGINT NOT NULL,
    set_at   BIGINT NOT NULL,
    PRIMARY KEY (user_id, theme_id)
);

CREATE TABLE notifications (
    id         TEXT PRIMARY KEY NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    message    TEXT NOT NULL,
    link       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    read_at    BIGINT
);
CREATE INDEX notifications_user ON notifications(user_id, created_at);
