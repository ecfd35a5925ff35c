-- Portfolios (carteiras): a partner's groups of debts, each with default contract terms.
CREATE TABLE debtors.portfolio (
    id                    UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_debtors_portfolio PRIMARY KEY,
    partner_id            UNIQUEIDENTIFIER NOT NULL,
    code                  NVARCHAR(64)     NOT NULL,
    name                  NVARCHAR(200)    NOT NULL,
    fine_bp               INT              NOT NULL,
    monthly_interest_bp   INT              NOT NULL,
    correction_index      NVARCHAR(16)      NOT NULL,
    created_at            DATETIME2(7)     NOT NULL
);
CREATE UNIQUE INDEX ux_portfolio_partner_code ON debtors.portfolio (partner_id, code);

-- One debtor across creditors, identified by CPF or CNPJ (digits only).
CREATE TABLE debtors.debtor (
    id                    UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_debtors_debtor PRIMARY KEY,
    document              NVARCHAR(14)      NOT NULL,
    kind                  NVARCHAR(4)       NOT NULL CONSTRAINT ck_debtors_debtor_kind CHECK (kind IN ('cpf', 'cnpj')),
    name                  NVARCHAR(200)    NOT NULL,
    search_name           NVARCHAR(200)    NOT NULL,
    birth_date            DATE             NULL,
    monthly_income_cents  BIGINT           NULL,
    created_at            DATETIME2(7)     NOT NULL,
    updated_at            DATETIME2(7)     NOT NULL
);
CREATE UNIQUE INDEX ux_debtor_document ON debtors.debtor (document);
CREATE INDEX ix_debtor_search_name ON debtors.debtor (search_name);

CREATE TABLE debtors.contact (
    id                    UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_debtors_contact PRIMARY KEY,
    debtor_id             UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_debtors_contact_debtor REFERENCES debtors.debtor (id),
    channel               NVARCHAR(8)       NOT NULL CONSTRAINT ck_debtors_contact_channel CHECK (channel IN ('email', 'phone')),
    value                 NVARCHAR(254)    NOT NULL,
    source_partner_id     UNIQUEIDENTIFIER NULL,
    is_valid              BIT              NOT NULL CONSTRAINT df_debtors_contact_valid DEFAULT 1,
    opted_out_at          DATETIME2(7)     NULL,
    last_contacted_at     DATETIME2(7)     NULL,
    created_at            DATETIME2(7)     NOT NULL
);
CREATE UNIQUE INDEX ux_contact_debtor_channel_value ON debtors.contact (debtor_id, channel, value);

CREATE TABLE debtors.address (
    debtor_id             UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_debtors_address PRIMARY KEY
                                           CONSTRAINT fk_debtors_address_debtor REFERENCES debtors.debtor (id),
    street                NVARCHAR(200)    NULL,
    number                NVARCHAR(20)     NULL,
    complement            NVARCHAR(100)    NULL,
    district              NVARCHAR(100)    NULL,
    city                  NVARCHAR(100)    NULL,
    state                 NCHAR(2)          NULL,
    postal_code           NVARCHAR(9)       NULL,
    source_partner_id     UNIQUEIDENTIFIER NULL,
    updated_at            DATETIME2(7)     NOT NULL
);

-- Invoices pushed by partners, matched by external id within the partner. Money in centavos.
CREATE TABLE debtors.invoice (
    id                    UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_debtors_invoice PRIMARY KEY,
    partner_id            UNIQUEIDENTIFIER NOT NULL,
    external_id           NVARCHAR(64)      NOT NULL,
    portfolio_id          UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_debtors_invoice_portfolio REFERENCES debtors.portfolio (id),
    debtor_id             UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_debtors_invoice_debtor REFERENCES debtors.debtor (id),
    status                NVARCHAR(16)      NOT NULL CONSTRAINT ck_debtors_invoice_status
                                           CHECK (status IN ('open', 'in_agreement', 'paid', 'cancelled', 'written_off', 'prescribed')),
    amount_cents          BIGINT           NOT NULL,
    outstanding_cents     BIGINT           NOT NULL,
    credit_cents          BIGINT           NOT NULL CONSTRAINT df_debtors_invoice_credit DEFAULT 0,
    issue_date            DATE             NULL,
    due_date              DATE             NOT NULL,
    description           NVARCHAR(500)    NULL,
    fine_bp               INT              NOT NULL,
    monthly_interest_bp   INT              NOT NULL,
    correction_index      NVARCHAR(16)      NOT NULL,
    is_consumer           BIT              NOT NULL,
    content_hash          NCHAR(64)         NOT NULL,
    cancel_reason         NVARCHAR(500)    NULL,
    created_at            DATETIME2(7)     NOT NULL,
    updated_at            DATETIME2(7)     NOT NULL
);
CREATE UNIQUE INDEX ux_invoice_partner_external ON debtors.invoice (partner_id, external_id);
CREATE INDEX ix_invoice_partner_updated ON debtors.invoice (partner_id, updated_at, id);
CREATE INDEX ix_invoice_debtor ON debtors.invoice (debtor_id);

CREATE TABLE debtors.payment (
    id                    UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_debtors_payment PRIMARY KEY,
    invoice_id            UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_debtors_payment_invoice REFERENCES debtors.invoice (id),
    payment_id            NVARCHAR(64)      NOT NULL,
    amount_cents          BIGINT           NOT NULL,
    paid_at               DATE             NOT NULL,
    created_at            DATETIME2(7)     NOT NULL
);
CREATE UNIQUE INDEX ux_payment_invoice_payment ON debtors.payment (invoice_id, payment_id);
