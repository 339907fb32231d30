-- Foundation schema: settings, accounts, sessions, API tokens, sign-in throttling, circles, invites.
-- Times are unix seconds (BIGINT) on both backends so that the SQL stays shared.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

CREATE TABLE users (
    id            TEXT PRIMARY KEY NOT NULL,
    email         TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    is_admin      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE sign_in_failures (
    id          TEXT PRIMARY KEY NOT NULL,
    account_key TEXT NOT NULL,
    client_addr TEXT NOT NULL,
    failed_at   BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_account ON sign_in_failures(account_key, failed_at);
CREATE INDEX sign_in_failures_client ON sign_in_failures(client_addr, failed_at);

CREATE TABLE circles (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);

CREATE TABLE circle_members (
    circle_id TEXT NOT NULL REFERENCES circles(id) ON DELETE CASCADE,
    user_id   TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role      TEXT NOT NULL CHECK (role IN ('owner', 'member')),
    joined_at BIGINT NOT NULL,
    PRIMARY KEY (circle_id, user_id)
);
CREATE INDEX circle_members_user ON circle_members(user_id);

CREATE TABLE circle_invites (
    id         TEXT PRIMARY KEY NOT NULL,
    circle_id  TEXT NOT NULL REFERENCES circles(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT,
    used_by    TEXT REFERENCES users(id)
);
CREATE INDEX circle_invites_circle ON circle_invites(circle_id);
