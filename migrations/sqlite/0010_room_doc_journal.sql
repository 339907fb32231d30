-- Workspace updates as they arrive, in arrival order, before they are filed under their round in
-- room_doc_updates. Filing one update at a time dirtied a page of the round index per keystroke
-- (the rounds typing at once are many more than a commit's keystrokes), which SQLite's
-- write-ahead log then wrote whole: about 2.5 KiB of log per keystroke of a few dozen bytes.
-- Appended here, a commit's keystrokes share pages; about a second later the live writer files a
-- round's keystrokes together, next to each other in the index, and deletes the journal behind
-- them. Readers take the union of both tables, so a keystroke is readable from its commit on.
-- No key but the sequence, and no foreign key: filing checks that the round still exists.
CREATE TABLE room_doc_journal (
    seq      INTEGER PRIMARY KEY,
    id       TEXT NOT NULL,
    round_id TEXT NOT NULL,
    at_ms    BIGINT NOT NULL,
    body     BLOB NOT NULL
);
