-- Credit-bureau lookups, enrichment and monitoring (ADR 0028). Money in centavos.

-- Each portfolio's terms for lookups: a monthly budget (null: the configured default), lookups at placement, monitoring.
CREATE TABLE bureau.settings (
    portfolio_id          TEXT    NOT NULL PRIMARY KEY,
    partner_id            TEXT    NOT NULL,
    monthly_budget_cents  INTEGER NULL,
    auto_lookup           INTEGER NOT NULL DEFAULT 0,
    monitoring            INTEGER NOT NULL DEFAULT 0,
    updated_by            TEXT    NOT NULL,
    updated_at            TEXT    NOT NULL
);

-- The debts as Bureau knows them, copied from Debtors' DebtStateChanged (newest version wins): which portfolio pays for
-- a debtor's lookups, which debtors are new to a portfolio, which are still being collected (monitoring).
CREATE TABLE bureau.debt (
    invoice_id    TEXT    NOT NULL PRIMARY KEY,
    debtor_id     TEXT    NOT NULL,
    partner_id    TEXT    NOT NULL,
    portfolio_id  TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    version       INTEGER NOT NULL,
    placed_at     TEXT    NOT NULL
);
CREATE INDEX bureau.ix_debt_debtor ON debt (debtor_id, placed_at);
CREATE INDEX bureau.ix_debt_portfolio ON debt (portfolio_id, status);

-- Every lookup asked for: who, why, on which legal basis, what it cost, and the answer (personal data: erased at
-- anonymisation). An answer served from the cache costs nothing and names the lookup it repeats (cached_from).
CREATE TABLE bureau.lookup (
    id               TEXT    NOT NULL PRIMARY KEY,
    debtor_id        TEXT    NOT NULL,
    portfolio_id     TEXT    NULL,
    purpose          TEXT    NOT NULL,
    legal_basis      TEXT    NOT NULL,
    requested_by     TEXT    NOT NULL,
    requested_by_id  TEXT    NULL,
    requested_at     TEXT    NOT NULL,
    cost_cents       INTEGER NOT NULL,
    cached_from      TEXT    NULL,
    protocol         TEXT    NULL,
    score            INTEGER NULL,
    report           TEXT    NULL,
    erased_at        TEXT    NULL
);
CREATE INDEX bureau.ix_lookup_debtor ON lookup (debtor_id, requested_at);
CREATE INDEX bureau.ix_lookup_portfolio ON lookup (portfolio_id, requested_at);

-- Lookups to make at placement (a new debtor in a portfolio with auto-lookup on), made by the placement job.
CREATE TABLE bureau.pending_lookup (
    debtor_id     TEXT NOT NULL,
    portfolio_id  TEXT NOT NULL,
    queued_at     TEXT NOT NULL,
    PRIMARY KEY (debtor_id, portfolio_id)
);

-- What monitoring found changed between two answers on a debtor.
CREATE TABLE bureau.alert (
    id            TEXT    NOT NULL PRIMARY KEY,
    debtor_id     TEXT    NOT NULL,
    lookup_id     TEXT    NOT NULL,
    kind          TEXT    NOT NULL CHECK (kind IN ('new_restriction', 'score_rising', 'score_falling')),
    summary       TEXT    NOT NULL,
    score_before  INTEGER NULL,
    score_after   INTEGER NULL,
    raised_at     TEXT    NOT NULL
);
CREATE INDEX bureau.ix_alert_debtor ON alert (debtor_id, raised_at);
