-- The practice plan's ticks (one row per ticked line of a focus area's plan) and links that show
-- a candidate's focus areas to a partner outside mockloop (stored as SHA-256 of the token).
CREATE TABLE practice_ticks (
    user_id   TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    theme_id  TEXT NOT NULL,
    item_key  TEXT NOT NULL,
    ticked_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, theme_id, item_key)
);

CREATE TABLE focus_shares (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);
CREATE INDEX focus_shares_user ON focus_shares(user_id);
