-- Code runs handed to `mockloop worker` processes (PostgreSQL deployments with --run-mode workers).
-- A job is queued, claimed by one worker (FOR UPDATE SKIP LOCKED), and finished with its report.

CREATE TABLE run_jobs (
    id          TEXT PRIMARY KEY NOT NULL,
    user_id     TEXT REFERENCES users(id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    code        TEXT NOT NULL,
    scope       TEXT NOT NULL CHECK (scope IN ('visible', 'all')),
    state       TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done')),
    report_json TEXT,
    created_at  BIGINT NOT NULL,
    claimed_at  BIGINT,
    claimed_by  TEXT,
    finished_at BIGINT
);
CREATE INDEX run_jobs_queue ON run_jobs(state, created_at);
