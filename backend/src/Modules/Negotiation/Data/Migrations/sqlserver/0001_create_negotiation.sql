-- Monthly values of the correction indices (IPCA, INPC, IGP-M) and of the legal interest rate (TAXA-LEGAL), loaded by
-- an administrator. Percent with up to 4 decimals, stored in ten-thousandths of a percent (0.56% = 5600).
CREATE TABLE negotiation.index_value (
    index_name    NVARCHAR(16)     NOT NULL,
    month         NCHAR(7)         NOT NULL,
    value_e4      INT              NOT NULL,
    loaded_by     NVARCHAR(254)    NOT NULL,
    loaded_at     DATETIME2(7)     NOT NULL,
    CONSTRAINT pk_negotiation_index_value PRIMARY KEY (index_name, month)
);

-- Negotiation policies per portfolio, versioned: a save adds a version, an agreement names the one it was made under.
CREATE TABLE negotiation.policy (
    id            UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_negotiation_policy PRIMARY KEY,
    portfolio_id  UNIQUEIDENTIFIER NOT NULL,
    partner_id    UNIQUEIDENTIFIER NOT NULL,
    version       INT              NOT NULL,
    document      NVARCHAR(MAX)    NOT NULL,
    created_by    NVARCHAR(254)    NOT NULL,
    created_at    DATETIME2(7)     NOT NULL
);
CREATE UNIQUE INDEX ux_policy_portfolio_version ON negotiation.policy (portfolio_id, version);

CREATE TABLE negotiation.agreement (
    id                   UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_negotiation_agreement PRIMARY KEY,
    debtor_id            UNIQUEIDENTIFIER NOT NULL,
    partner_id           UNIQUEIDENTIFIER NOT NULL,
    portfolio_id         UNIQUEIDENTIFIER NOT NULL,
    status               NVARCHAR(16)     NOT NULL CONSTRAINT ck_negotiation_agreement_status
                                          CHECK (status IN ('pending_approval', 'active', 'completed', 'broken', 'cancelled', 'rejected')),
    policy_version       INT              NOT NULL,
    agreement_date       DATE             NOT NULL,
    valuation_cents      BIGINT           NOT NULL,
    discount_cents       BIGINT           NOT NULL,
    discount_e2          INT              NOT NULL,
    total_cents          BIGINT           NOT NULL,
    down_payment_cents   BIGINT           NOT NULL,
    installments         INT              NOT NULL,
    monthly_rate_e4      INT              NOT NULL,
    cet_monthly          NVARCHAR(32)     NOT NULL,
    cet_yearly           NVARCHAR(32)     NOT NULL,
    tolerance_days       INT              NOT NULL,
    required_role        NVARCHAR(16)     NOT NULL,
    paid_cents           BIGINT           NOT NULL CONSTRAINT df_negotiation_agreement_paid DEFAULT 0,
    credit_cents         BIGINT           NOT NULL CONSTRAINT df_negotiation_agreement_credit DEFAULT 0,
    created_by_id        UNIQUEIDENTIFIER NULL,
    created_by           NVARCHAR(254)    NOT NULL,
    created_by_role      NVARCHAR(16)     NOT NULL,
    created_at           DATETIME2(7)     NOT NULL,
    decided_by           NVARCHAR(254)    NULL,
    decided_at           DATETIME2(7)     NULL,
    ended_at             DATETIME2(7)     NULL,
    end_reason           NVARCHAR(500)    NULL
);
CREATE INDEX ix_agreement_debtor ON negotiation.agreement (debtor_id);
CREATE INDEX ix_agreement_status ON negotiation.agreement (status, created_at);

CREATE TABLE negotiation.agreement_debt (
    agreement_id     UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_negotiation_agreement_debt_agreement REFERENCES negotiation.agreement (id),
    invoice_id       UNIQUEIDENTIFIER NOT NULL,
    external_id      NVARCHAR(64)     NOT NULL,
    due_date         DATE             NOT NULL,
    principal_cents  BIGINT           NOT NULL,
    charges_cents    BIGINT           NOT NULL,
    live             BIT              NOT NULL,
    CONSTRAINT pk_negotiation_agreement_debt PRIMARY KEY (agreement_id, invoice_id)
);
CREATE UNIQUE INDEX ux_agreement_debt_live ON negotiation.agreement_debt (invoice_id) WHERE live = 1;

CREATE TABLE negotiation.installment (
    agreement_id  UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_negotiation_installment_agreement REFERENCES negotiation.agreement (id),
    number        INT              NOT NULL,
    due_date      DATE             NOT NULL,
    amount_cents  BIGINT           NOT NULL,
    paid_cents    BIGINT           NOT NULL CONSTRAINT df_negotiation_installment_paid DEFAULT 0,
    paid_at       DATE             NULL,
    breaks_on     DATE             NOT NULL,
    txid          NVARCHAR(25)     NOT NULL,
    CONSTRAINT pk_negotiation_installment PRIMARY KEY (agreement_id, number)
);
CREATE UNIQUE INDEX ux_installment_txid ON negotiation.installment (txid);
CREATE INDEX ix_installment_breaks ON negotiation.installment (breaks_on) INCLUDE (amount_cents, paid_cents);

CREATE TABLE negotiation.payment (
    id            UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_negotiation_payment PRIMARY KEY,
    payment_key   NVARCHAR(100)    NOT NULL,
    source        NVARCHAR(16)     NOT NULL CONSTRAINT ck_negotiation_payment_source CHECK (source IN ('partner', 'agent', 'pix')),
    debtor_id     UNIQUEIDENTIFIER NOT NULL,
    invoice_id    UNIQUEIDENTIFIER NULL,
    agreement_id  UNIQUEIDENTIFIER NULL,
    amount_cents  BIGINT           NOT NULL,
    paid_at       DATE             NOT NULL,
    recorded_by   NVARCHAR(254)    NOT NULL,
    created_at    DATETIME2(7)     NOT NULL
);
CREATE UNIQUE INDEX ux_payment_key ON negotiation.payment (payment_key);
CREATE INDEX ix_payment_debtor ON negotiation.payment (debtor_id, paid_at);
CREATE INDEX ix_payment_agreement ON negotiation.payment (agreement_id);

CREATE TABLE negotiation.promise (
    id            UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_negotiation_promise PRIMARY KEY,
    debtor_id     UNIQUEIDENTIFIER NOT NULL,
    amount_cents  BIGINT           NOT NULL,
    due_date      DATE             NOT NULL,
    status        NVARCHAR(16)     NOT NULL CONSTRAINT ck_negotiation_promise_status CHECK (status IN ('pending', 'kept', 'partial', 'broken')),
    paid_cents    BIGINT           NOT NULL CONSTRAINT df_negotiation_promise_paid DEFAULT 0,
    note          NVARCHAR(500)    NULL,
    created_by    NVARCHAR(254)    NOT NULL,
    created_at    DATETIME2(7)     NOT NULL,
    checked_at    DATETIME2(7)     NULL
);
CREATE INDEX ix_promise_debtor ON negotiation.promise (debtor_id);
CREATE INDEX ix_promise_pending ON negotiation.promise (status, due_date);
