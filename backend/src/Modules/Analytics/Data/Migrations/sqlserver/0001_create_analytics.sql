-- Analytics keeps its own history of every debt and debtor, fed only by the other modules' events (ADR 0027): each
-- event becomes dated facts, and the features of a debt as of a date are folded from the facts known by then.
-- No name, no document, no contact, no address beyond the UF.
CREATE TABLE analytics.fact (
    seq           BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_analytics_fact PRIMARY KEY,
    debtor_id     UNIQUEIDENTIFIER NOT NULL,
    invoice_id    UNIQUEIDENTIFIER NULL,
    kind          NVARCHAR(32)     NOT NULL,
    on_date       DATE             NOT NULL,
    amount_cents  BIGINT           NULL,
    code          NVARCHAR(32)     NULL,
    ref_id        UNIQUEIDENTIFIER NULL
);
CREATE INDEX ix_fact_debtor ON analytics.fact (debtor_id, on_date);

-- The debts as last published (newest version wins): what a snapshot needs that does not change with time.
CREATE TABLE analytics.debt (
    invoice_id         UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_analytics_debt PRIMARY KEY,
    debtor_id          UNIQUEIDENTIFIER NOT NULL,
    partner_id         UNIQUEIDENTIFIER NOT NULL,
    portfolio_id       UNIQUEIDENTIFIER NOT NULL,
    consumer           INT              NOT NULL,
    amount_cents       BIGINT           NOT NULL,
    outstanding_cents  BIGINT           NOT NULL,
    status             NVARCHAR(16)     NOT NULL,
    due_date           DATE             NOT NULL,
    version            BIGINT           NOT NULL
);
CREATE INDEX ix_debt_debtor ON analytics.debt (debtor_id);
CREATE INDEX ix_debt_status ON analytics.debt (status, portfolio_id);

-- Versioned propensity models: the trained model, its calibration and its quality on the validation slice.
CREATE TABLE analytics.model (
    version       INT              NOT NULL CONSTRAINT pk_analytics_model PRIMARY KEY,
    run_id        UNIQUEIDENTIFIER NOT NULL,
    trained_at    DATETIME2(7)     NOT NULL,
    row_count     INT              NOT NULL,
    auc           FLOAT            NOT NULL,
    ks            FLOAT            NOT NULL,
    brier         FLOAT            NOT NULL,
    platt_a       FLOAT            NOT NULL,
    platt_b       FLOAT            NOT NULL,
    calibration   NVARCHAR(MAX)    NOT NULL,
    portfolios    NVARCHAR(MAX)    NOT NULL,
    payload       VARBINARY(MAX)   NOT NULL,
    active        INT              NOT NULL CONSTRAINT df_analytics_model_active DEFAULT 0,
    activated_at  DATETIME2(7)     NULL,
    activated_by  NVARCHAR(200)    NULL
);

CREATE TABLE analytics.training_run (
    run_id        UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_analytics_training_run PRIMARY KEY,
    status        NVARCHAR(16)     NOT NULL,
    progress      INT              NOT NULL,
    message       NVARCHAR(1000)   NULL,
    requested_by  NVARCHAR(200)    NOT NULL,
    requested_at  DATETIME2(7)     NOT NULL,
    started_at    DATETIME2(7)     NULL,
    finished_at   DATETIME2(7)     NULL,
    version       INT              NULL
);

-- The current score of each open debt, refreshed when a fact of its debtor arrives and every day.
CREATE TABLE analytics.score (
    invoice_id     UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_analytics_score PRIMARY KEY,
    debtor_id      UNIQUEIDENTIFIER NOT NULL,
    probability    FLOAT            NOT NULL,
    band           NVARCHAR(1)      NOT NULL,
    model_version  NVARCHAR(32)     NOT NULL,
    reasons        NVARCHAR(MAX)    NOT NULL,
    scored_on      DATE             NOT NULL,
    scored_at      DATETIME2(7)     NOT NULL
);
CREATE INDEX ix_score_debtor ON analytics.score (debtor_id);
