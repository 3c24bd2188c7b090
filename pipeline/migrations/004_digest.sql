-- Weekly digest deliveries (pipeline/digest/mail.py): one row per (subscriber, ISO week).
-- A row with status 'sent' is never sent again; 'failed' rows are retried on the next run.
CREATE TABLE digest_deliveries (
    subscriber VARCHAR NOT NULL,          -- the subscriber id from subscriptions.toml
    week       VARCHAR NOT NULL,          -- ISO week, "2023-W13"
    status     VARCHAR NOT NULL,          -- sent | failed
    reason     VARCHAR,                   -- why the last attempt failed (SMTP reply or error); NULL when sent
    attempts   INTEGER NOT NULL DEFAULT 0,
    message_id VARCHAR,                   -- Message-ID of the last attempt
    recipient  VARCHAR,                   -- the address it went to
    "at"       TIMESTAMPTZ NOT NULL,      -- time of the last attempt
    PRIMARY KEY (subscriber, week)
);
