-- Every event Reporting received, in the order it was applied: the read models below can be rebuilt from it
-- (the other modules keep their outboxes for days, not for ever). projection_state serialises the appliers with a
-- rebuild: while one runs, events are journaled and the rebuild applies them in order.
CREATE TABLE reporting.event_journal (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id       TEXT    NOT NULL,
    type           TEXT    NOT NULL,
    source_schema  TEXT    NOT NULL,
    occurred_at    TEXT    NOT NULL,
    payload        TEXT    NOT NULL
);

CREATE TABLE reporting.projection_state (
    id                   INTEGER NOT NULL PRIMARY KEY,
    journaled            INTEGER NOT NULL,
    rebuilding           INTEGER NOT NULL,
    replayed_through     INTEGER NOT NULL,
    rebuild_started_at   TEXT    NULL,
    rebuild_finished_at  TEXT    NULL,
    rebuild_requested_by TEXT    NULL
);
INSERT INTO reporting.projection_state (id, journaled, rebuilding, replayed_through) VALUES (1, 0, 0, 0);

-- Months as 'yyyy-MM' text, computed when the event is applied: the reports group on them in both engines alike.
ALTER TABLE reporting.debt ADD COLUMN placed_month TEXT NULL;
ALTER TABLE reporting.debt ADD COLUMN left_open_on TEXT NULL;
UPDATE reporting.debt SET placed_month = substr(placed_on, 1, 7);
CREATE INDEX reporting.ix_debt_placed ON debt (placed_month, partner_id);
CREATE INDEX reporting.ix_debt_debtor ON debt (debtor_id);

-- Money recovered: a payment on a debt, or an agreement's installment paid in full.
CREATE TABLE reporting.collection (
    id              TEXT    NOT NULL PRIMARY KEY,
    invoice_id      TEXT    NULL,
    agreement_id    TEXT    NULL,
    debtor_id       TEXT    NOT NULL,
    partner_id      TEXT    NOT NULL,
    portfolio_id    TEXT    NULL,
    portfolio_code  TEXT    NULL,
    agent           TEXT    NULL,
    placed_month    TEXT    NULL,
    paid_on         TEXT    NOT NULL,
    paid_month      TEXT    NOT NULL,
    amount_cents    INTEGER NOT NULL
);
CREATE INDEX reporting.ix_collection_paid ON collection (paid_month, partner_id);
CREATE INDEX reporting.ix_collection_debtor ON collection (debtor_id, paid_on);

CREATE TABLE reporting.agreement (
    agreement_id        TEXT    NOT NULL PRIMARY KEY,
    partner_id          TEXT    NOT NULL,
    portfolio_id        TEXT    NULL,
    portfolio_code      TEXT    NULL,
    debtor_id           TEXT    NOT NULL,
    agent               TEXT    NULL,
    status              TEXT    NOT NULL,
    placed_month        TEXT    NULL,
    created_on          TEXT    NOT NULL,
    created_month       TEXT    NOT NULL,
    activated_on        TEXT    NULL,
    ended_on            TEXT    NULL,
    total_cents         INTEGER NOT NULL,
    down_payment_cents  INTEGER NOT NULL,
    installments        INTEGER NOT NULL,
    paid_cents          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX reporting.ix_agreement_created ON agreement (created_month, partner_id);

CREATE TABLE reporting.promise (
    promise_id      TEXT    NOT NULL PRIMARY KEY,
    debtor_id       TEXT    NOT NULL,
    agent           TEXT    NOT NULL,
    promised_cents  INTEGER NOT NULL,
    due_date        TEXT    NOT NULL,
    made_on         TEXT    NOT NULL,
    outcome         TEXT    NULL,
    paid_cents      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX reporting.ix_promise_made ON promise (made_on);

-- A message as the dunning funnel counts it: reached sent, delivered or failed at least once.
CREATE TABLE reporting.message (
    message_id  TEXT    NOT NULL PRIMARY KEY,
    invoice_id  TEXT    NULL,
    debtor_id   TEXT    NOT NULL,
    channel     TEXT    NOT NULL,
    step_key    TEXT    NULL,
    agent       TEXT    NULL,
    status      TEXT    NOT NULL,
    created_on  TEXT    NOT NULL,
    sent_on     TEXT    NULL,
    window_ends_on TEXT NULL,            -- sent_on + 7 days: a payment by then counts for the message
    sent        INTEGER NOT NULL DEFAULT 0,
    delivered   INTEGER NOT NULL DEFAULT 0,
    failed      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX reporting.ix_message_sent ON message (sent_on);

CREATE TABLE reporting.negativacao (
    negativacao_id  TEXT    NOT NULL PRIMARY KEY,
    invoice_id      TEXT    NOT NULL,
    debtor_id       TEXT    NOT NULL,
    partner_id      TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    notified_on     TEXT    NULL,
    eligible_on     TEXT    NULL,
    registered_on   TEXT    NULL,
    removed_on      TEXT    NULL,
    removal_reason  TEXT    NULL,
    removed_late    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX reporting.ix_negativacao_invoice ON negativacao (invoice_id);
