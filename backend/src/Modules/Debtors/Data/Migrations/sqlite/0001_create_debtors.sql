-- Portfolios (carteiras): a partner's groups of debts, each with default contract terms.
CREATE TABLE debtors.portfolio (
    id                    TEXT    NOT NULL PRIMARY KEY,
    partner_id            TEXT    NOT NULL,
    code                  TEXT    NOT NULL,
    name                  TEXT    NOT NULL,
    fine_bp               INTEGER NOT NULL,          -- contract fine, in hundredths of a percent (200 = 2%)
    monthly_interest_bp   INTEGER NOT NULL,          -- moratory interest a month, hundredths of a percent
    correction_index      TEXT    NOT NULL,
    created_at            TEXT    NOT NULL
);
CREATE UNIQUE INDEX debtors.ux_portfolio_partner_code ON portfolio (partner_id, code);

-- One debtor across creditors, identified by CPF or CNPJ (digits only).
CREATE TABLE debtors.debtor (
    id                    TEXT    NOT NULL PRIMARY KEY,
    document              TEXT    NOT NULL,
    kind                  TEXT    NOT NULL CHECK (kind IN ('cpf', 'cnpj')),
    name                  TEXT    NOT NULL,
    search_name           TEXT    NOT NULL,          -- lower case, without accents: prefix search
    birth_date            TEXT    NULL,
    monthly_income_cents  INTEGER NULL,
    created_at            TEXT    NOT NULL,
    updated_at            TEXT    NOT NULL
);
CREATE UNIQUE INDEX debtors.ux_debtor_document ON debtor (document);
CREATE INDEX debtors.ix_debtor_search_name ON debtor (search_name);

CREATE TABLE debtors.contact (
    id                    TEXT    NOT NULL PRIMARY KEY,
    debtor_id             TEXT    NOT NULL REFERENCES debtor (id),
    channel               TEXT    NOT NULL CHECK (channel IN ('email', 'phone')),
    value                 TEXT    NOT NULL,
    source_partner_id     TEXT    NULL,
    is_valid              INTEGER NOT NULL DEFAULT 1,
    opted_out_at          TEXT    NULL,
    last_contacted_at     TEXT    NULL,
    created_at            TEXT    NOT NULL
);
CREATE UNIQUE INDEX debtors.ux_contact_debtor_channel_value ON contact (debtor_id, channel, value);

CREATE TABLE debtors.address (
    debtor_id             TEXT    NOT NULL PRIMARY KEY REFERENCES debtor (id),
    street                TEXT    NULL,
    number                TEXT    NULL,
    complement            TEXT    NULL,
    district              TEXT    NULL,
    city                  TEXT    NULL,
    state                 TEXT    NULL,
    postal_code           TEXT    NULL,
    source_partner_id     TEXT    NULL,
    updated_at            TEXT    NOT NULL
);

-- Invoices pushed by partners, matched by external id within the partner. Money in centavos.
CREATE TABLE debtors.invoice (
    id                    TEXT    NOT NULL PRIMARY KEY,
    partner_id            TEXT    NOT NULL,
    external_id           TEXT    NOT NULL,
    portfolio_id          TEXT    NOT NULL REFERENCES portfolio (id),
    debtor_id             TEXT    NOT NULL REFERENCES debtor (id),
    status                TEXT    NOT NULL CHECK (status IN ('open', 'in_agreement', 'paid', 'cancelled', 'written_off', 'prescribed')),
    amount_cents          INTEGER NOT NULL,
    outstanding_cents     INTEGER NOT NULL,
    credit_cents          INTEGER NOT NULL DEFAULT 0,   -- paid beyond the total: the debtor's credit, never dropped
    issue_date            TEXT    NULL,
    due_date              TEXT    NOT NULL,
    description           TEXT    NULL,
    fine_bp               INTEGER NOT NULL,
    monthly_interest_bp   INTEGER NOT NULL,
    correction_index      TEXT    NOT NULL,
    is_consumer           INTEGER NOT NULL,
    content_hash          TEXT    NOT NULL,
    cancel_reason         TEXT    NULL,
    created_at            TEXT    NOT NULL,
    updated_at            TEXT    NOT NULL
);
CREATE UNIQUE INDEX debtors.ux_invoice_partner_external ON invoice (partner_id, external_id);
CREATE INDEX debtors.ix_invoice_partner_updated ON invoice (partner_id, updated_at, id);
CREATE INDEX debtors.ix_invoice_debtor ON invoice (debtor_id);

CREATE TABLE debtors.payment (
    id                    TEXT    NOT NULL PRIMARY KEY,
    invoice_id            TEXT    NOT NULL REFERENCES invoice (id),
    payment_id            TEXT    NOT NULL,
    amount_cents          INTEGER NOT NULL,
    paid_at               TEXT    NOT NULL,
    created_at            TEXT    NOT NULL
);
CREATE UNIQUE INDEX debtors.ux_payment_invoice_payment ON payment (invoice_id, payment_id);
