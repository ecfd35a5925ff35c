-- Collection agencies (assessorias) and the debts placed with them (ADR 0026).
CREATE TABLE escalation.agency (
    id         TEXT NOT NULL PRIMARY KEY,
    name       TEXT NOT NULL,
    document   TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX escalation.ux_agency_document ON agency (document);

-- Commission tiers: from min_days_late (days late at placement) on, rate_bp (hundredths of a percent) of what is recovered.
CREATE TABLE escalation.commission_tier (
    agency_id     TEXT    NOT NULL REFERENCES agency (id),
    min_days_late INTEGER NOT NULL,
    rate_bp       INTEGER NOT NULL,
    PRIMARY KEY (agency_id, min_days_late)
);

-- Escalation's copy of the debts, from Debtors' DebtStateChanged (newest version wins).
CREATE TABLE escalation.debt (
    invoice_id        TEXT    NOT NULL PRIMARY KEY,
    debtor_id         TEXT    NOT NULL,
    partner_id        TEXT    NOT NULL,
    portfolio_id      TEXT    NOT NULL,
    external_id       TEXT    NOT NULL,
    status            TEXT    NOT NULL,
    outstanding_cents INTEGER NOT NULL,
    due_date          TEXT    NOT NULL,
    version           INTEGER NOT NULL
);
CREATE INDEX escalation.ix_debt_status ON debt (status, due_date);

-- Which debts an agreement settles (Negotiation's AgreementCreated): its installments are recovered on those debts.
CREATE TABLE escalation.agreement_debt (
    agreement_id TEXT NOT NULL,
    invoice_id   TEXT NOT NULL,
    PRIMARY KEY (agreement_id, invoice_id)
);

CREATE TABLE escalation.placement (
    id         TEXT NOT NULL PRIMARY KEY,
    agency_id  TEXT NOT NULL REFERENCES agency (id),
    placed_on  TEXT NOT NULL,          -- the business date of the placement: days late are counted to it
    starts_at  TEXT NOT NULL,
    ends_at    TEXT NOT NULL,
    rules      TEXT NOT NULL,          -- the rules that chose the debts, as JSON
    ended_at   TEXT NULL,
    end_reason TEXT NULL,              -- recalled | expired
    end_note   TEXT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX escalation.ix_placement_agency ON placement (agency_id, starts_at);
CREATE INDEX escalation.ix_placement_open ON placement (ended_at, ends_at);

CREATE TABLE escalation.placed_debt (
    placement_id      TEXT    NOT NULL REFERENCES placement (id),
    invoice_id        TEXT    NOT NULL,
    partner_id        TEXT    NOT NULL,
    days_late         INTEGER NOT NULL,
    outstanding_cents INTEGER NOT NULL,   -- at placement
    rate_bp           INTEGER NOT NULL,   -- the agency's tier for days_late
    PRIMARY KEY (placement_id, invoice_id)
);
CREATE INDEX escalation.ix_placed_debt_invoice ON placed_debt (invoice_id);

-- What was recovered on a placed debt while it was placed, with the commission on it; a reversal is a negative row.
CREATE TABLE escalation.recovery (
    id               TEXT    NOT NULL PRIMARY KEY,
    recovery_key     TEXT    NOT NULL,   -- payment:<invoice>:<payment id> | installment:<agreement>:<number> | reversal:…
    placement_id     TEXT    NOT NULL REFERENCES placement (id),
    agency_id        TEXT    NOT NULL,
    partner_id       TEXT    NOT NULL,
    invoice_id       TEXT    NULL,
    amount_cents     INTEGER NOT NULL,
    rate_bp          INTEGER NOT NULL,
    commission_cents INTEGER NOT NULL,
    paid_on          TEXT    NOT NULL,
    created_at       TEXT    NOT NULL
);
CREATE UNIQUE INDEX escalation.ux_recovery_key ON recovery (recovery_key);
CREATE INDEX escalation.ix_recovery_paid ON recovery (paid_on);
