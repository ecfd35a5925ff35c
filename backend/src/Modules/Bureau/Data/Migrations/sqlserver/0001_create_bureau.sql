-- Credit-bureau lookups, enrichment and monitoring (ADR 0028). Money in centavos.

-- Each portfolio's terms for lookups: a monthly budget (null: the configured default), lookups at placement, monitoring.
CREATE TABLE bureau.settings (
    portfolio_id          UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_bureau_settings PRIMARY KEY,
    partner_id            UNIQUEIDENTIFIER NOT NULL,
    monthly_budget_cents  BIGINT           NULL,
    auto_lookup           BIT              NOT NULL CONSTRAINT df_bureau_settings_auto DEFAULT 0,
    monitoring            BIT              NOT NULL CONSTRAINT df_bureau_settings_monitoring DEFAULT 0,
    updated_by            NVARCHAR(200)    NOT NULL,
    updated_at            DATETIME2(7)     NOT NULL
);

-- The debts as Bureau knows them, copied from Debtors' DebtStateChanged (newest version wins): which portfolio pays for
-- a debtor's lookups, which debtors are new to a portfolio, which are still being collected (monitoring).
CREATE TABLE bureau.debt (
    invoice_id    UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_bureau_debt PRIMARY KEY,
    debtor_id     UNIQUEIDENTIFIER NOT NULL,
    partner_id    UNIQUEIDENTIFIER NOT NULL,
    portfolio_id  UNIQUEIDENTIFIER NOT NULL,
    status        NVARCHAR(20)     NOT NULL,
    version       BIGINT           NOT NULL,
    placed_at     DATETIME2(7)     NOT NULL
);
CREATE INDEX ix_debt_debtor ON bureau.debt (debtor_id, placed_at);
CREATE INDEX ix_debt_portfolio ON bureau.debt (portfolio_id, status);

-- Every lookup asked for: who, why, on which legal basis, what it cost, and the answer (personal data: erased at
-- anonymisation). An answer served from the cache costs nothing and names the lookup it repeats (cached_from).
CREATE TABLE bureau.lookup (
    id               UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_bureau_lookup PRIMARY KEY,
    debtor_id        UNIQUEIDENTIFIER NOT NULL,
    portfolio_id     UNIQUEIDENTIFIER NULL,
    purpose          NVARCHAR(40)     NOT NULL,
    legal_basis      NVARCHAR(200)    NOT NULL,
    requested_by     NVARCHAR(200)    NOT NULL,
    requested_by_id  UNIQUEIDENTIFIER NULL,
    requested_at     DATETIME2(7)     NOT NULL,
    cost_cents       BIGINT           NOT NULL,
    cached_from      UNIQUEIDENTIFIER NULL,
    protocol         NVARCHAR(100)    NULL,
    score            INT              NULL,
    report           NVARCHAR(MAX)    NULL,
    erased_at        DATETIME2(7)     NULL
);
CREATE INDEX ix_lookup_debtor ON bureau.lookup (debtor_id, requested_at);
CREATE INDEX ix_lookup_portfolio ON bureau.lookup (portfolio_id, requested_at);

-- Lookups to make at placement (a new debtor in a portfolio with auto-lookup on), made by the placement job.
CREATE TABLE bureau.pending_lookup (
    debtor_id     UNIQUEIDENTIFIER NOT NULL,
    portfolio_id  UNIQUEIDENTIFIER NOT NULL,
    queued_at     DATETIME2(7)     NOT NULL,
    CONSTRAINT pk_bureau_pending_lookup PRIMARY KEY (debtor_id, portfolio_id)
);

-- What monitoring found changed between two answers on a debtor.
CREATE TABLE bureau.alert (
    id            UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_bureau_alert PRIMARY KEY,
    debtor_id     UNIQUEIDENTIFIER NOT NULL,
    lookup_id     UNIQUEIDENTIFIER NOT NULL,
    kind          NVARCHAR(20)     NOT NULL CONSTRAINT ck_bureau_alert_kind CHECK (kind IN ('new_restriction', 'score_rising', 'score_falling')),
    summary       NVARCHAR(400)    NOT NULL,
    score_before  INT              NULL,
    score_after   INT              NULL,
    raised_at     DATETIME2(7)     NOT NULL
);
CREATE INDEX ix_alert_debtor ON bureau.alert (debtor_id, raised_at);
