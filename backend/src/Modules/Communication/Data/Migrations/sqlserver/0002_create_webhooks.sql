-- Partners' webhooks: where to send which events, signed with the partner's secret (HMAC-SHA256).
CREATE TABLE communication.webhook (
    partner_id  UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_communication_webhook PRIMARY KEY,
    url         NVARCHAR(2000)   NOT NULL,
    events      NVARCHAR(1000)   NOT NULL,
    secret      NVARCHAR(100)    NOT NULL,
    updated_at  DATETIME2(7)     NOT NULL
);

-- One delivery per partner and event, retried with backoff for up to three days.
CREATE TABLE communication.webhook_delivery (
    id                UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_communication_webhook_delivery PRIMARY KEY,
    partner_id        UNIQUEIDENTIFIER NOT NULL,
    event_id          UNIQUEIDENTIFIER NOT NULL,
    event             NVARCHAR(64)     NOT NULL,
    payload           NVARCHAR(MAX)    NOT NULL,
    status            NVARCHAR(16)     NOT NULL CONSTRAINT ck_communication_webhook_delivery_status CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts          INT              NOT NULL CONSTRAINT df_communication_webhook_delivery_attempts DEFAULT 0,
    next_attempt_at   DATETIME2(7)     NOT NULL,
    last_status_code  INT              NULL,
    last_error        NVARCHAR(500)    NULL,
    created_at        DATETIME2(7)     NOT NULL,
    delivered_at      DATETIME2(7)     NULL
);
CREATE UNIQUE INDEX ux_webhook_delivery_event ON communication.webhook_delivery (partner_id, event_id);
CREATE INDEX ix_webhook_delivery_due ON communication.webhook_delivery (status, next_attempt_at);
CREATE INDEX ix_webhook_delivery_partner ON communication.webhook_delivery (partner_id, created_at);
