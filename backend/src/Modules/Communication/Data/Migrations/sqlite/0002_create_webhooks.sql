-- Partners' webhooks: where to send which events, signed with the partner's secret (HMAC-SHA256).
CREATE TABLE communication.webhook (
    partner_id  TEXT NOT NULL PRIMARY KEY,
    url         TEXT NOT NULL,
    events      TEXT NOT NULL,                  -- JSON array of event names
    secret      TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- One delivery per partner and event, retried with backoff for up to three days.
CREATE TABLE communication.webhook_delivery (
    id                TEXT    NOT NULL PRIMARY KEY,
    partner_id        TEXT    NOT NULL,
    event_id          TEXT    NOT NULL,         -- Recovery-Event-Id: the same on every retry
    event             TEXT    NOT NULL,
    payload           TEXT    NOT NULL,
    status            TEXT    NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts          INTEGER NOT NULL DEFAULT 0,
    next_attempt_at   TEXT    NOT NULL,
    last_status_code  INTEGER NULL,
    last_error        TEXT    NULL,
    created_at        TEXT    NOT NULL,
    delivered_at      TEXT    NULL
);
CREATE UNIQUE INDEX communication.ux_webhook_delivery_event ON webhook_delivery (partner_id, event_id);
CREATE INDEX communication.ix_webhook_delivery_due ON webhook_delivery (status, next_attempt_at);
CREATE INDEX communication.ix_webhook_delivery_partner ON webhook_delivery (partner_id, created_at);
