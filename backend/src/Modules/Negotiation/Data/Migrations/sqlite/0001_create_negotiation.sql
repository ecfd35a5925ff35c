-- Monthly values of the correction indices (IPCA, INPC, IGP-M) and of the legal interest rate (TAXA-LEGAL), loaded by
-- an administrator. Percent with up to 4 decimals, stored in ten-thousandths of a percent (0.56% = 5600).
CREATE TABLE negotiation.index_value (
    index_name    TEXT    NOT NULL,
    month         TEXT    NOT NULL,              -- YYYY-MM
    value_e4      INTEGER NOT NULL,
    loaded_by     TEXT    NOT NULL,
    loaded_at     TEXT    NOT NULL,
    PRIMARY KEY (index_name, month)
);

-- Negotiation policies per portfolio, versioned: a save adds a version, an agreement names the one it was made under.
CREATE TABLE negotiation.policy (
    id            TEXT    NOT NULL PRIMARY KEY,
    portfolio_id  TEXT    NOT NULL,
    partner_id    TEXT    NOT NULL,
    version       INTEGER NOT NULL,
    document      TEXT    NOT NULL,              -- the policy as JSON
    created_by    TEXT    NOT NULL,
    created_at    TEXT    NOT NULL
);
CREATE UNIQUE INDEX negotiation.ux_policy_portfolio_version ON policy (portfolio_id, version);

CREATE TABLE negotiation.agreement (
    id                   TEXT    NOT NULL PRIMARY KEY,
    debtor_id            TEXT    NOT NULL,
    partner_id           TEXT    NOT NULL,
    portfolio_id         TEXT    NOT NULL,
    status               TEXT    NOT NULL CHECK (status IN ('pending_approval', 'active', 'completed', 'broken', 'cancelled', 'rejected')),
    policy_version       INTEGER NOT NULL,       -- 0: the product's default policy
    agreement_date       TEXT    NOT NULL,
    valuation_cents      INTEGER NOT NULL,
    discount_cents       INTEGER NOT NULL,
    discount_e2          INTEGER NOT NULL,       -- the discount asked, hundredths of a percent
    total_cents          INTEGER NOT NULL,
    down_payment_cents   INTEGER NOT NULL,
    installments         INTEGER NOT NULL,
    monthly_rate_e4      INTEGER NOT NULL,       -- installment rate a month, ten-thousandths of a percent
    cet_monthly          TEXT    NOT NULL,
    cet_yearly           TEXT    NOT NULL,
    tolerance_days       INTEGER NOT NULL,
    required_role        TEXT    NOT NULL,
    paid_cents           INTEGER NOT NULL DEFAULT 0,
    credit_cents         INTEGER NOT NULL DEFAULT 0,   -- paid beyond the schedule: the debtor's, never dropped
    created_by_id        TEXT    NULL,
    created_by           TEXT    NOT NULL,
    created_by_role      TEXT    NOT NULL,
    created_at           TEXT    NOT NULL,
    decided_by           TEXT    NULL,
    decided_at           TEXT    NULL,
    ended_at             TEXT    NULL,
    end_reason           TEXT    NULL
);
CREATE INDEX negotiation.ix_agreement_debtor ON agreement (debtor_id);
CREATE INDEX negotiation.ix_agreement_status ON agreement (status, created_at);

-- The debts an agreement settles; a debt is in one live agreement at most.
CREATE TABLE negotiation.agreement_debt (
    agreement_id     TEXT    NOT NULL REFERENCES agreement (id),
    invoice_id       TEXT    NOT NULL,
    external_id      TEXT    NOT NULL,
    due_date         TEXT    NOT NULL,
    principal_cents  INTEGER NOT NULL,
    charges_cents    INTEGER NOT NULL,
    live             INTEGER NOT NULL,
    PRIMARY KEY (agreement_id, invoice_id)
);
CREATE UNIQUE INDEX negotiation.ux_agreement_debt_live ON agreement_debt (invoice_id) WHERE live = 1;

-- The schedule: number 0 is the down payment, due on the agreement date.
CREATE TABLE negotiation.installment (
    agreement_id  TEXT    NOT NULL REFERENCES agreement (id),
    number        INTEGER NOT NULL,
    due_date      TEXT    NOT NULL,
    amount_cents  INTEGER NOT NULL,
    paid_cents    INTEGER NOT NULL DEFAULT 0,
    paid_at       TEXT    NULL,
    breaks_on     TEXT    NOT NULL,              -- still unpaid on this date (due date + tolerance + 1), the agreement breaks
    txid          TEXT    NOT NULL,
    PRIMARY KEY (agreement_id, number)
);
CREATE UNIQUE INDEX negotiation.ux_installment_txid ON installment (txid);
CREATE INDEX negotiation.ix_installment_breaks_unpaid ON installment (breaks_on) WHERE paid_cents < amount_cents;

-- Every payment Negotiation learns of, once per key: partner pushes (through Debtors' events), agents, Pix.
CREATE TABLE negotiation.payment (
    id            TEXT    NOT NULL PRIMARY KEY,
    payment_key   TEXT    NOT NULL,              -- source:id, unique: a payment never counts twice
    source        TEXT    NOT NULL CHECK (source IN ('partner', 'agent', 'pix')),
    debtor_id     TEXT    NOT NULL,
    invoice_id    TEXT    NULL,
    agreement_id  TEXT    NULL,
    amount_cents  INTEGER NOT NULL,
    paid_at       TEXT    NOT NULL,
    recorded_by   TEXT    NOT NULL,
    created_at    TEXT    NOT NULL
);
CREATE UNIQUE INDEX negotiation.ux_payment_key ON payment (payment_key);
CREATE INDEX negotiation.ix_payment_debtor ON payment (debtor_id, paid_at);
CREATE INDEX negotiation.ix_payment_agreement ON payment (agreement_id);

-- Promises to pay, checked against payments when they come due.
CREATE TABLE negotiation.promise (
    id            TEXT    NOT NULL PRIMARY KEY,
    debtor_id     TEXT    NOT NULL,
    amount_cents  INTEGER NOT NULL,
    due_date      TEXT    NOT NULL,
    status        TEXT    NOT NULL CHECK (status IN ('pending', 'kept', 'partial', 'broken')),
    paid_cents    INTEGER NOT NULL DEFAULT 0,
    note          TEXT    NULL,
    created_by    TEXT    NOT NULL,
    created_at    TEXT    NOT NULL,
    checked_at    TEXT    NULL
);
CREATE INDEX negotiation.ix_promise_debtor ON promise (debtor_id);
CREATE INDEX negotiation.ix_promise_pending ON promise (status, due_date);
