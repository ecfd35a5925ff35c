-- Infrastructure every module schema has: outbox and inbox for integration events, leases for background jobs,
-- idempotency records for partner writes (kept with the module's own data so that they commit with its change).
CREATE TABLE {schema}.outbox_message (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    id              TEXT    NOT NULL UNIQUE,
    type            TEXT    NOT NULL,
    payload         TEXT    NOT NULL,
    occurred_at     TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT    NOT NULL,
    dispatched_at   TEXT    NULL,
    last_error      TEXT    NULL
);
CREATE INDEX {schema}.ix_outbox_message_pending ON outbox_message (seq) WHERE dispatched_at IS NULL;

CREATE TABLE {schema}.inbox_message (
    event_id     TEXT NOT NULL,
    subscriber   TEXT NOT NULL,
    processed_at TEXT NOT NULL,
    PRIMARY KEY (event_id, subscriber)
);

CREATE TABLE {schema}.lease (
    name       TEXT NOT NULL PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE {schema}.idempotency_request (
    owner_id        TEXT    NOT NULL,
    idempotency_key TEXT    NOT NULL,
    request_hash    TEXT    NOT NULL,
    state           TEXT    NOT NULL CHECK (state IN ('in_flight', 'completed')),
    locked_until    TEXT    NOT NULL,
    status_code     INTEGER NULL,
    content_type    TEXT    NULL,
    response_body   TEXT    NULL,
    created_at      TEXT    NOT NULL,
    expires_at      TEXT    NOT NULL,
    PRIMARY KEY (owner_id, idempotency_key)
);
CREATE INDEX {schema}.ix_idempotency_request_expires ON idempotency_request (expires_at);
