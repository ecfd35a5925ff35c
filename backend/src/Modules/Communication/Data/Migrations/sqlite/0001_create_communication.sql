-- Communication's own view of the debts it may chase, fed by Debtors' and Negotiation's events (never read from their
-- schemas): what the daily run plans from and what dispatch checks. Money in centavos.
CREATE TABLE communication.debt (
    invoice_id         TEXT    NOT NULL PRIMARY KEY,
    debtor_id          TEXT    NOT NULL,
    partner_id         TEXT    NOT NULL,
    portfolio_id       TEXT    NOT NULL,
    external_id        TEXT    NOT NULL,
    status             TEXT    NOT NULL,            -- open, in_agreement, paid, cancelled, prescribed
    amount_cents       INTEGER NOT NULL,
    outstanding_cents  INTEGER NOT NULL,
    due_date           TEXT    NOT NULL,
    consumer           INTEGER NOT NULL,
    updated_at         TEXT    NOT NULL
);
CREATE INDEX communication.ix_debt_plan ON debt (portfolio_id, status, due_date);
CREATE INDEX communication.ix_debt_debtor ON debt (debtor_id);

-- Holds in force (placed and not lifted), debtor-wide when invoice_id is null.
CREATE TABLE communication.hold (
    hold_id     TEXT NOT NULL PRIMARY KEY,
    debtor_id   TEXT NOT NULL,
    invoice_id  TEXT NULL,
    kind        TEXT NOT NULL
);
CREATE INDEX communication.ix_hold_debtor ON hold (debtor_id);

-- Message templates per channel, pt-BR, with {{variables}}; each one names the creditor and its CNPJ (CDC art. 42-A).
CREATE TABLE communication.template (
    code        TEXT NOT NULL PRIMARY KEY,
    channel     TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'whatsapp', 'letter', 'call')),
    subject     TEXT NULL,
    body        TEXT NOT NULL,
    updated_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- The dunning schedule (régua) of a portfolio, versioned: a save adds a version; the latest is in force.
CREATE TABLE communication.schedule (
    id            TEXT    NOT NULL PRIMARY KEY,
    portfolio_id  TEXT    NOT NULL,
    partner_id    TEXT    NOT NULL,
    version       INTEGER NOT NULL,
    created_by    TEXT    NOT NULL,
    created_at    TEXT    NOT NULL
);
CREATE UNIQUE INDEX communication.ux_schedule_portfolio_version ON schedule (portfolio_id, version);

-- A step: days from the due date (negative: preventive), channel, template and conditions.
CREATE TABLE communication.schedule_step (
    schedule_id    TEXT    NOT NULL REFERENCES schedule (id),
    step_key       TEXT    NOT NULL,
    offset_days    INTEGER NOT NULL,
    channel        TEXT    NOT NULL,
    template_code  TEXT    NOT NULL,
    min_cents      INTEGER NULL,
    max_cents      INTEGER NULL,
    segment        TEXT    NULL,                    -- consumer, business, or null for both
    PRIMARY KEY (schedule_id, step_key)
);

-- Every message to a debtor, whoever created it (the daily run, an agent). A step is planned once per debt.
CREATE TABLE communication.message (
    id                TEXT    NOT NULL PRIMARY KEY,
    invoice_id        TEXT    NULL,
    debtor_id         TEXT    NOT NULL,
    partner_id        TEXT    NOT NULL,
    step_key          TEXT    NULL,
    schedule_version  INTEGER NULL,
    channel           TEXT    NOT NULL,
    template_code     TEXT    NOT NULL,
    status            TEXT    NOT NULL CHECK (status IN ('queued', 'sent', 'delivered', 'failed', 'cancelled', 'blocked')),
    not_before        TEXT    NOT NULL,
    attempts          INTEGER NOT NULL DEFAULT 0,
    recipient         TEXT    NULL,
    subject           TEXT    NULL,
    body              TEXT    NULL,
    provider_id       TEXT    NULL,
    reason            TEXT    NULL,
    created_by        TEXT    NOT NULL,
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL,
    sent_at           TEXT    NULL,
    delivered_at      TEXT    NULL
);
CREATE UNIQUE INDEX communication.ux_message_step ON message (invoice_id, step_key) WHERE step_key IS NOT NULL;
CREATE INDEX communication.ix_message_due ON message (status, not_before);
CREATE INDEX communication.ix_message_debtor ON message (debtor_id, sent_at);
CREATE INDEX communication.ix_message_invoice ON message (invoice_id, status);
CREATE INDEX communication.ix_message_provider ON message (provider_id) WHERE provider_id IS NOT NULL;

-- What happened to each message and why: the answer to "why was this not sent?".
CREATE TABLE communication.message_attempt (
    id          TEXT NOT NULL PRIMARY KEY,
    message_id  TEXT NOT NULL REFERENCES message (id),
    at          TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    detail      TEXT NOT NULL
);
CREATE INDEX communication.ix_attempt_message ON message_attempt (message_id, at);

-- WhatsApp only with the debtor's recorded opt-in.
CREATE TABLE communication.whatsapp_opt_in (
    debtor_id    TEXT NOT NULL,
    phone        TEXT NOT NULL,
    evidence     TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    PRIMARY KEY (debtor_id, phone)
);

-- Letters waiting to be printed and posted, as printable HTML.
CREATE TABLE communication.letter (
    message_id  TEXT NOT NULL PRIMARY KEY REFERENCES message (id),
    debtor_id   TEXT NOT NULL,
    addressee   TEXT NOT NULL,
    address     TEXT NOT NULL,
    html        TEXT NOT NULL,
    queued_at   TEXT NOT NULL,
    printed_at  TEXT NULL,
    printed_by  TEXT NULL
);
CREATE INDEX communication.ix_letter_queue ON letter (printed_at, queued_at);

-- Phone calls for agents to make, released into their queue when the contact window allows.
CREATE TABLE communication.call_task (
    message_id  TEXT NOT NULL PRIMARY KEY REFERENCES message (id),
    debtor_id   TEXT NOT NULL,
    invoice_id  TEXT NULL,
    phone       TEXT NOT NULL,
    script      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    done_at     TEXT NULL,
    done_by     TEXT NULL,
    outcome     TEXT NULL
);
CREATE INDEX communication.ix_call_open ON call_task (done_at, created_at);

-- Runs of the dunning schedule: progress while running, totals after.
CREATE TABLE communication.run (
    id             TEXT    NOT NULL PRIMARY KEY,
    business_date  TEXT    NOT NULL,
    requested_by   TEXT    NOT NULL,
    status         TEXT    NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
    steps_total    INTEGER NOT NULL,
    steps_done     INTEGER NOT NULL,
    planned        INTEGER NOT NULL,
    started_at     TEXT    NOT NULL,
    finished_at    TEXT    NULL,
    error          TEXT    NULL
);
CREATE INDEX communication.ix_run_started ON run (started_at);
