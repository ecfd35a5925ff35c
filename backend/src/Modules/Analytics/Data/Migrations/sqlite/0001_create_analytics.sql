-- Analytics keeps its own history of every debt and debtor, fed only by the other modules' events (ADR 0027): each
-- event becomes dated facts, and the features of a debt as of a date are folded from the facts known by then.
-- No name, no document, no contact, no address beyond the UF.
CREATE TABLE analytics.fact (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    debtor_id     TEXT    NOT NULL,
    invoice_id    TEXT    NULL,
    kind          TEXT    NOT NULL,
    on_date       TEXT    NOT NULL,
    amount_cents  INTEGER NULL,
    code          TEXT    NULL,
    ref_id        TEXT    NULL
);
CREATE INDEX analytics.ix_fact_debtor ON fact (debtor_id, on_date);

-- The debts as last published (newest version wins): what a snapshot needs that does not change with time.
CREATE TABLE analytics.debt (
    invoice_id         TEXT    NOT NULL PRIMARY KEY,
    debtor_id          TEXT    NOT NULL,
    partner_id         TEXT    NOT NULL,
    portfolio_id       TEXT    NOT NULL,
    consumer           INTEGER NOT NULL,
    amount_cents       INTEGER NOT NULL,
    outstanding_cents  INTEGER NOT NULL,
    status             TEXT    NOT NULL,
    due_date           TEXT    NOT NULL,
    version            INTEGER NOT NULL
);
CREATE INDEX analytics.ix_debt_debtor ON debt (debtor_id);
CREATE INDEX analytics.ix_debt_status ON debt (status, portfolio_id);

-- Versioned propensity models: the trained model, its calibration and its quality on the validation slice.
CREATE TABLE analytics.model (
    version       INTEGER NOT NULL PRIMARY KEY,
    run_id        TEXT    NOT NULL,
    trained_at    TEXT    NOT NULL,
    row_count     INTEGER NOT NULL,
    auc           REAL    NOT NULL,
    ks            REAL    NOT NULL,
    brier         REAL    NOT NULL,
    platt_a       REAL    NOT NULL,
    platt_b       REAL    NOT NULL,
    calibration   TEXT    NOT NULL,
    portfolios    TEXT    NOT NULL,
    payload       BLOB    NOT NULL,
    active        INTEGER NOT NULL DEFAULT 0,
    activated_at  TEXT    NULL,
    activated_by  TEXT    NULL
);

CREATE TABLE analytics.training_run (
    run_id        TEXT    NOT NULL PRIMARY KEY,
    status        TEXT    NOT NULL,
    progress      INTEGER NOT NULL,
    message       TEXT    NULL,
    requested_by  TEXT    NOT NULL,
    requested_at  TEXT    NOT NULL,
    started_at    TEXT    NULL,
    finished_at   TEXT    NULL,
    version       INTEGER NULL
);

-- The current score of each open debt, refreshed when a fact of its debtor arrives and every day.
CREATE TABLE analytics.score (
    invoice_id     TEXT    NOT NULL PRIMARY KEY,
    debtor_id      TEXT    NOT NULL,
    probability    REAL    NOT NULL,
    band           TEXT    NOT NULL,
    model_version  TEXT    NOT NULL,
    reasons        TEXT    NOT NULL,
    scored_on      TEXT    NOT NULL,
    scored_at      TEXT    NOT NULL
);
CREATE INDEX analytics.ix_score_debtor ON score (debtor_id);
