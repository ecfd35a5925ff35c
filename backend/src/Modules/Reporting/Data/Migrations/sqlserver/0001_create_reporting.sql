-- The debts as Reporting knows them, fed only by the other modules' events (never by reading their schemas).
-- Money in centavos; placed_on is the day the debt first reached us (cohorts), paid_cents what was paid on it.
CREATE TABLE reporting.debt (
    invoice_id         UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_reporting_debt PRIMARY KEY,
    partner_id         UNIQUEIDENTIFIER NOT NULL,
    portfolio_id       UNIQUEIDENTIFIER NOT NULL,
    portfolio_code     NVARCHAR(64)     NULL,
    debtor_id          UNIQUEIDENTIFIER NOT NULL,
    external_id        NVARCHAR(64)     NOT NULL,
    status             NVARCHAR(16)     NOT NULL,
    amount_cents       BIGINT           NOT NULL,
    outstanding_cents  BIGINT           NOT NULL,
    paid_cents         BIGINT           NOT NULL CONSTRAINT df_reporting_debt_paid DEFAULT 0,
    due_date           DATE             NOT NULL,
    placed_on          DATE             NOT NULL,
    updated_at         DATETIME2(7)     NOT NULL
);
CREATE INDEX ix_debt_aging ON reporting.debt (status, due_date) INCLUDE (outstanding_cents);
CREATE INDEX ix_debt_partner ON reporting.debt (partner_id, portfolio_code, status, due_date) INCLUDE (outstanding_cents);
