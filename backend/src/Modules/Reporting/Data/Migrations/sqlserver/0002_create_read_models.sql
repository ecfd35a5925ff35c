-- Every event Reporting received, in the order it was applied: the read models below can be rebuilt from it
-- (the other modules keep their outboxes for days, not for ever). projection_state serialises the appliers with a
-- rebuild: while one runs, events are journaled and the rebuild applies them in order.
CREATE TABLE reporting.event_journal (
    seq            BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_reporting_event_journal PRIMARY KEY,
    event_id       UNIQUEIDENTIFIER NOT NULL,
    type           NVARCHAR(200)    NOT NULL,
    source_schema  NVARCHAR(64)     NOT NULL,
    occurred_at    DATETIME2(7)     NOT NULL,
    payload        NVARCHAR(MAX)    NOT NULL
);

CREATE TABLE reporting.projection_state (
    id                   INT          NOT NULL CONSTRAINT pk_reporting_projection_state PRIMARY KEY,
    journaled            BIGINT       NOT NULL,
    rebuilding           INT          NOT NULL,
    replayed_through     BIGINT       NOT NULL,
    rebuild_started_at   DATETIME2(7) NULL,
    rebuild_finished_at  DATETIME2(7) NULL,
    rebuild_requested_by NVARCHAR(200) NULL
);
INSERT INTO reporting.projection_state (id, journaled, rebuilding, replayed_through) VALUES (1, 0, 0, 0);

-- Months as 'yyyy-MM' text, computed when the event is applied: the reports group on them in both engines alike.
ALTER TABLE reporting.debt ADD placed_month CHAR(7) NULL, left_open_on DATE NULL;
GO
UPDATE reporting.debt SET placed_month = CONVERT(CHAR(7), placed_on, 126);
CREATE INDEX ix_debt_placed ON reporting.debt (placed_month, partner_id) INCLUDE (amount_cents);
CREATE INDEX ix_debt_debtor ON reporting.debt (debtor_id);

-- Money recovered: a payment on a debt, or an agreement's installment paid in full.
CREATE TABLE reporting.collection (
    id              NVARCHAR(200)    NOT NULL CONSTRAINT pk_reporting_collection PRIMARY KEY,
    invoice_id      UNIQUEIDENTIFIER NULL,
    agreement_id    UNIQUEIDENTIFIER NULL,
    debtor_id       UNIQUEIDENTIFIER NOT NULL,
    partner_id      UNIQUEIDENTIFIER NOT NULL,
    portfolio_id    UNIQUEIDENTIFIER NULL,
    portfolio_code  NVARCHAR(64)     NULL,
    agent           NVARCHAR(200)    NULL,
    placed_month    CHAR(7)          NULL,
    paid_on         DATE             NOT NULL,
    paid_month      CHAR(7)          NOT NULL,
    amount_cents    BIGINT           NOT NULL
);
CREATE INDEX ix_collection_paid ON reporting.collection (paid_month, partner_id) INCLUDE (amount_cents);
CREATE INDEX ix_collection_debtor ON reporting.collection (debtor_id, paid_on) INCLUDE (invoice_id, agreement_id);

CREATE TABLE reporting.agreement (
    agreement_id        UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_reporting_agreement PRIMARY KEY,
    partner_id          UNIQUEIDENTIFIER NOT NULL,
    portfolio_id        UNIQUEIDENTIFIER NULL,
    portfolio_code      NVARCHAR(64)     NULL,
    debtor_id           UNIQUEIDENTIFIER NOT NULL,
    agent               NVARCHAR(200)    NULL,
    status              NVARCHAR(32)     NOT NULL,
    placed_month        CHAR(7)          NULL,
    created_on          DATE             NOT NULL,
    created_month       CHAR(7)          NOT NULL,
    activated_on        DATE             NULL,
    ended_on            DATE             NULL,
    total_cents         BIGINT           NOT NULL,
    down_payment_cents  BIGINT           NOT NULL,
    installments        INT              NOT NULL,
    paid_cents          BIGINT           NOT NULL CONSTRAINT df_reporting_agreement_paid DEFAULT 0
);
CREATE INDEX ix_agreement_created ON reporting.agreement (created_month, partner_id);

CREATE TABLE reporting.promise (
    promise_id      UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_reporting_promise PRIMARY KEY,
    debtor_id       UNIQUEIDENTIFIER NOT NULL,
    agent           NVARCHAR(200)    NOT NULL,
    promised_cents  BIGINT           NOT NULL,
    due_date        DATE             NOT NULL,
    made_on         DATE             NOT NULL,
    outcome         NVARCHAR(16)     NULL,
    paid_cents      BIGINT           NOT NULL CONSTRAINT df_reporting_promise_paid DEFAULT 0
);
CREATE INDEX ix_promise_made ON reporting.promise (made_on);

-- A message as the dunning funnel counts it: reached sent, delivered or failed at least once.
CREATE TABLE reporting.message (
    message_id  UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_reporting_message PRIMARY KEY,
    invoice_id  UNIQUEIDENTIFIER NULL,
    debtor_id   UNIQUEIDENTIFIER NOT NULL,
    channel     NVARCHAR(16)     NOT NULL,
    step_key    NVARCHAR(64)     NULL,
    agent       NVARCHAR(200)    NULL,
    status      NVARCHAR(16)     NOT NULL,
    created_on  DATE             NOT NULL,
    sent_on     DATE             NULL,
    window_ends_on DATE          NULL,  -- sent_on + 7 days: a payment by then counts for the message
    sent        INT              NOT NULL CONSTRAINT df_reporting_message_sent DEFAULT 0,
    delivered   INT              NOT NULL CONSTRAINT df_reporting_message_delivered DEFAULT 0,
    failed      INT              NOT NULL CONSTRAINT df_reporting_message_failed DEFAULT 0
);
CREATE INDEX ix_message_sent ON reporting.message (sent_on);

CREATE TABLE reporting.negativacao (
    negativacao_id  UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_reporting_negativacao PRIMARY KEY,
    invoice_id      UNIQUEIDENTIFIER NOT NULL,
    debtor_id       UNIQUEIDENTIFIER NOT NULL,
    partner_id      UNIQUEIDENTIFIER NOT NULL,
    status          NVARCHAR(16)     NOT NULL,
    notified_on     DATE             NULL,
    eligible_on     DATE             NULL,
    registered_on   DATE             NULL,
    removed_on      DATE             NULL,
    removal_reason  NVARCHAR(200)    NULL,
    removed_late    INT              NOT NULL CONSTRAINT df_reporting_negativacao_late DEFAULT 0
);
CREATE INDEX ix_negativacao_invoice ON reporting.negativacao (invoice_id);
