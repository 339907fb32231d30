-- The matching pool: who asked to be grouped with practice partners, the matcher's runs, the
-- groups it proposed with each member's answer, and no-shows reported after rounds.
CREATE TABLE pool_entries (
    user_id           TEXT PRIMARY KEY NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    track             TEXT NOT NULL,
    level             TEXT NOT NULL,
    time_zone         TEXT NOT NULL,
    -- JSON: [{"day": "mon", "start": "18:00", "end": "21:00"}], in the person's own zone.
    availability_json TEXT NOT NULL,
    group_size        TEXT NOT NULL,
    wants_json        TEXT NOT NULL,
    ready_json        TEXT NOT NULL,
    focus_json        TEXT NOT NULL,
    -- JSON: ids of recent partners this person asks to be matched with again.
    rematch_json      TEXT NOT NULL,
    -- active | paused | proposed | matched
    status            TEXT NOT NULL,
    waiting_since     BIGINT NOT NULL,
    -- 1 after a group fell through through no fault of theirs: first in line at the next run.
    priority          BIGINT NOT NULL DEFAULT 0,
    -- Why the last run left this person out, shown on their pool page.
    note              TEXT,
    joined_at         BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL
);
CREATE INDEX pool_entries_status ON pool_entries(status);

CREATE TABLE match_runs (
    id          TEXT PRIMARY KEY NOT NULL,
    ran_at      BIGINT NOT NULL,
    people      BIGINT NOT NULL,
    group_count BIGINT NOT NULL,
    unmatched   BIGINT NOT NULL
);

CREATE TABLE match_proposals (
    id                TEXT PRIMARY KEY NOT NULL,
    run_id            TEXT NOT NULL REFERENCES match_runs(id) ON DELETE CASCADE,
    created_at        BIGINT NOT NULL,
    deadline          BIGINT NOT NULL,
    -- open | accepted | declined | expired
    status            TEXT NOT NULL,
    track             TEXT NOT NULL,
    score_milli       BIGINT NOT NULL,
    -- JSON: [[start, end], ...] UTC seconds of the members' common time.
    common_json       TEXT NOT NULL,
    reasons_json      TEXT NOT NULL,
    circle_id         TEXT REFERENCES circles(id) ON DELETE SET NULL,
    loop_id           TEXT REFERENCES loops(id) ON DELETE SET NULL,
    closed_at         BIGINT
);
CREATE INDEX match_proposals_open ON match_proposals(status, deadline);

CREATE TABLE match_proposal_members (
    proposal_id  TEXT NOT NULL REFERENCES match_proposals(id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    position     BIGINT NOT NULL,
    -- pending | accepted | declined
    response     TEXT NOT NULL,
    responded_at BIGINT,
    PRIMARY KEY (proposal_id, user_id)
);
CREATE INDEX match_proposal_members_user ON match_proposal_members(user_id);

CREATE TABLE no_show_reports (
    round_id    TEXT NOT NULL REFERENCES loop_rounds(id) ON DELETE CASCADE,
    reporter_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    absent_id   TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (round_id, reporter_id, absent_id)
);
CREATE INDEX no_show_reports_absent ON no_show_reports(absent_id);
