-- Infrastructure every module schema has: outbox and inbox for integration events, leases for background jobs,
-- idempotency records for partner writes (kept with the module's own data so that they commit with its change).
CREATE TABLE {schema}.outbox_message (
    seq             BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_{schema}_outbox_message PRIMARY KEY,
    id              UNIQUEIDENTIFIER NOT NULL CONSTRAINT uq_{schema}_outbox_message_id UNIQUE,
    type            NVARCHAR(200)    NOT NULL,
    payload         NVARCHAR(MAX)    NOT NULL,
    occurred_at     DATETIME2(7)     NOT NULL,
    attempts        INT              NOT NULL CONSTRAINT df_{schema}_outbox_message_attempts DEFAULT 0,
    next_attempt_at DATETIME2(7)     NOT NULL,
    dispatched_at   DATETIME2(7)     NULL,
    last_error      NVARCHAR(2000)   NULL
);
CREATE INDEX ix_outbox_message_pending ON {schema}.outbox_message (seq) WHERE dispatched_at IS NULL;

CREATE TABLE {schema}.inbox_message (
    event_id     UNIQUEIDENTIFIER NOT NULL,
    subscriber   NVARCHAR(200)    NOT NULL,
    processed_at DATETIME2(7)     NOT NULL,
    CONSTRAINT pk_{schema}_inbox_message PRIMARY KEY (event_id, subscriber)
);

CREATE TABLE {schema}.lease (
    name       NVARCHAR(200) NOT NULL CONSTRAINT pk_{schema}_lease PRIMARY KEY,
    holder     NVARCHAR(200) NOT NULL,
    expires_at DATETIME2(7)  NOT NULL
);

CREATE TABLE {schema}.idempotency_request (
    owner_id        UNIQUEIDENTIFIER NOT NULL,
    idempotency_key NVARCHAR(255)    NOT NULL,
    request_hash    NCHAR(64)         NOT NULL,
    state           NVARCHAR(16)      NOT NULL CONSTRAINT ck_{schema}_idempotency_state CHECK (state IN ('in_flight', 'completed')),
    locked_until    DATETIME2(7)     NOT NULL,
    status_code     INT              NULL,
    content_type    NVARCHAR(200)    NULL,
    response_body   NVARCHAR(MAX)    NULL,
    created_at      DATETIME2(7)     NOT NULL,
    expires_at      DATETIME2(7)     NOT NULL,
    CONSTRAINT pk_{schema}_idempotency_request PRIMARY KEY (owner_id, idempotency_key)
);
CREATE INDEX ix_idempotency_request_expires ON {schema}.idempotency_request (expires_at);
