-- Communication's own view of the debts it may chase, fed by Debtors' and Negotiation's events (never read from their
-- schemas): what the daily run plans from and what dispatch checks. Money in centavos.
CREATE TABLE communication.debt (
    invoice_id         UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_communication_debt PRIMARY KEY,
    debtor_id          UNIQUEIDENTIFIER NOT NULL,
    partner_id         UNIQUEIDENTIFIER NOT NULL,
    portfolio_id       UNIQUEIDENTIFIER NOT NULL,
    external_id        NVARCHAR(64)     NOT NULL,
    status             NVARCHAR(16)     NOT NULL,
    amount_cents       BIGINT           NOT NULL,
    outstanding_cents  BIGINT           NOT NULL,
    due_date           DATE             NOT NULL,
    consumer           BIT              NOT NULL,
    updated_at         DATETIME2(7)     NOT NULL
);
CREATE INDEX ix_debt_plan ON communication.debt (portfolio_id, status, due_date) INCLUDE (debtor_id, partner_id, outstanding_cents, consumer);
CREATE INDEX ix_debt_debtor ON communication.debt (debtor_id);

CREATE TABLE communication.hold (
    hold_id     UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_communication_hold PRIMARY KEY,
    debtor_id   UNIQUEIDENTIFIER NOT NULL,
    invoice_id  UNIQUEIDENTIFIER NULL,
    kind        NVARCHAR(16)     NOT NULL
);
CREATE INDEX ix_hold_debtor ON communication.hold (debtor_id);

CREATE TABLE communication.template (
    code        NVARCHAR(64)   NOT NULL CONSTRAINT pk_communication_template PRIMARY KEY,
    channel     NVARCHAR(16)   NOT NULL CONSTRAINT ck_communication_template_channel CHECK (channel IN ('email', 'sms', 'whatsapp', 'letter', 'call')),
    subject     NVARCHAR(200)  NULL,
    body        NVARCHAR(MAX)  NOT NULL,
    updated_by  NVARCHAR(254)  NOT NULL,
    updated_at  DATETIME2(7)   NOT NULL
);

CREATE TABLE communication.schedule (
    id            UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_communication_schedule PRIMARY KEY,
    portfolio_id  UNIQUEIDENTIFIER NOT NULL,
    partner_id    UNIQUEIDENTIFIER NOT NULL,
    version       INT              NOT NULL,
    created_by    NVARCHAR(254)    NOT NULL,
    created_at    DATETIME2(7)     NOT NULL
);
CREATE UNIQUE INDEX ux_schedule_portfolio_version ON communication.schedule (portfolio_id, version);

CREATE TABLE communication.schedule_step (
    schedule_id    UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_communication_step_schedule REFERENCES communication.schedule (id),
    step_key       NVARCHAR(32)     NOT NULL,
    offset_days    INT              NOT NULL,
    channel        NVARCHAR(16)     NOT NULL,
    template_code  NVARCHAR(64)     NOT NULL,
    min_cents      BIGINT           NULL,
    max_cents      BIGINT           NULL,
    segment        NVARCHAR(16)     NULL,
    CONSTRAINT pk_communication_schedule_step PRIMARY KEY (schedule_id, step_key)
);

CREATE TABLE communication.message (
    id                UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_communication_message PRIMARY KEY,
    invoice_id        UNIQUEIDENTIFIER NULL,
    debtor_id         UNIQUEIDENTIFIER NOT NULL,
    partner_id        UNIQUEIDENTIFIER NOT NULL,
    step_key          NVARCHAR(32)     NULL,
    schedule_version  INT              NULL,
    channel           NVARCHAR(16)     NOT NULL,
    template_code     NVARCHAR(64)     NOT NULL,
    status            NVARCHAR(16)     NOT NULL CONSTRAINT ck_communication_message_status
                                       CHECK (status IN ('queued', 'sent', 'delivered', 'failed', 'cancelled', 'blocked')),
    not_before        DATETIME2(7)     NOT NULL,
    attempts          INT              NOT NULL CONSTRAINT df_communication_message_attempts DEFAULT 0,
    recipient         NVARCHAR(320)    NULL,
    subject           NVARCHAR(200)    NULL,
    body              NVARCHAR(MAX)    NULL,
    provider_id       NVARCHAR(100)    NULL,
    reason            NVARCHAR(500)    NULL,
    created_by        NVARCHAR(254)    NOT NULL,
    created_at        DATETIME2(7)     NOT NULL,
    updated_at        DATETIME2(7)     NOT NULL,
    sent_at           DATETIME2(7)     NULL,
    delivered_at      DATETIME2(7)     NULL
);
CREATE UNIQUE INDEX ux_message_step ON communication.message (invoice_id, step_key) WHERE step_key IS NOT NULL;
CREATE INDEX ix_message_due ON communication.message (status, not_before);
CREATE INDEX ix_message_debtor ON communication.message (debtor_id, sent_at);
CREATE INDEX ix_message_invoice ON communication.message (invoice_id, status);
CREATE INDEX ix_message_provider ON communication.message (provider_id) WHERE provider_id IS NOT NULL;

CREATE TABLE communication.message_attempt (
    id          UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_communication_message_attempt PRIMARY KEY,
    message_id  UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_communication_attempt_message REFERENCES communication.message (id),
    at          DATETIME2(7)     NOT NULL,
    outcome     NVARCHAR(16)     NOT NULL,
    detail      NVARCHAR(1000)   NOT NULL
);
CREATE INDEX ix_attempt_message ON communication.message_attempt (message_id, at);

CREATE TABLE communication.whatsapp_opt_in (
    debtor_id    UNIQUEIDENTIFIER NOT NULL,
    phone        NVARCHAR(32)     NOT NULL,
    evidence     NVARCHAR(500)    NOT NULL,
    recorded_by  NVARCHAR(254)    NOT NULL,
    recorded_at  DATETIME2(7)     NOT NULL,
    CONSTRAINT pk_communication_whatsapp_opt_in PRIMARY KEY (debtor_id, phone)
);

CREATE TABLE communication.letter (
    message_id  UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_communication_letter PRIMARY KEY
                                 CONSTRAINT fk_communication_letter_message REFERENCES communication.message (id),
    debtor_id   UNIQUEIDENTIFIER NOT NULL,
    addressee   NVARCHAR(200)    NOT NULL,
    address     NVARCHAR(500)    NOT NULL,
    html        NVARCHAR(MAX)    NOT NULL,
    queued_at   DATETIME2(7)     NOT NULL,
    printed_at  DATETIME2(7)     NULL,
    printed_by  NVARCHAR(254)    NULL
);
CREATE INDEX ix_letter_queue ON communication.letter (printed_at, queued_at);

CREATE TABLE communication.call_task (
    message_id  UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_communication_call_task PRIMARY KEY
                                 CONSTRAINT fk_communication_call_message REFERENCES communication.message (id),
    debtor_id   UNIQUEIDENTIFIER NOT NULL,
    invoice_id  UNIQUEIDENTIFIER NULL,
    phone       NVARCHAR(32)     NOT NULL,
    script      NVARCHAR(MAX)    NOT NULL,
    created_at  DATETIME2(7)     NOT NULL,
    done_at     DATETIME2(7)     NULL,
    done_by     NVARCHAR(254)    NULL,
    outcome     NVARCHAR(200)    NULL
);
CREATE INDEX ix_call_open ON communication.call_task (done_at, created_at);

CREATE TABLE communication.run (
    id             UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_communication_run PRIMARY KEY,
    business_date  DATE             NOT NULL,
    requested_by   NVARCHAR(254)    NOT NULL,
    status         NVARCHAR(16)     NOT NULL CONSTRAINT ck_communication_run_status CHECK (status IN ('running', 'completed', 'failed')),
    steps_total    INT              NOT NULL,
    steps_done     INT              NOT NULL,
    planned        INT              NOT NULL,
    started_at     DATETIME2(7)     NOT NULL,
    finished_at    DATETIME2(7)     NULL,
    error          NVARCHAR(1000)   NULL
);
CREATE INDEX ix_run_started ON communication.run (started_at);
