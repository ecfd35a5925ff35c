-- The debts as Reporting knows them, fed only by the other modules' events (never by reading their schemas).
-- Money in centavos; placed_on is the day the debt first reached us (cohorts), paid_cents what was paid on it.
CREATE TABLE reporting.debt (
    invoice_id         TEXT    NOT NULL PRIMARY KEY,
    partner_id         TEXT    NOT NULL,
    portfolio_id       TEXT    NOT NULL,
    portfolio_code     TEXT    NULL,
    debtor_id          TEXT    NOT NULL,
    external_id        TEXT    NOT NULL,
    status             TEXT    NOT NULL,
    amount_cents       INTEGER NOT NULL,
    outstanding_cents  INTEGER NOT NULL,
    paid_cents         INTEGER NOT NULL DEFAULT 0,
    due_date           TEXT    NOT NULL,
    placed_on          TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL
);
CREATE INDEX reporting.ix_debt_aging ON debt (status, due_date, outstanding_cents);
CREATE INDEX reporting.ix_debt_partner ON debt (partner_id, portfolio_code, status, due_date);
