-- Collection agencies (assessorias) and the debts placed with them (ADR 0026).
CREATE TABLE escalation.agency (
    id         UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_escalation_agency PRIMARY KEY,
    name       NVARCHAR(200)    NOT NULL,
    document   NVARCHAR(14)     NOT NULL,
    created_at DATETIME2(7)     NOT NULL,
    updated_at DATETIME2(7)     NOT NULL
);
CREATE UNIQUE INDEX ux_agency_document ON escalation.agency (document);

-- Commission tiers: from min_days_late (days late at placement) on, rate_bp (hundredths of a percent) of what is recovered.
CREATE TABLE escalation.commission_tier (
    agency_id     UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_escalation_commission_tier_agency REFERENCES escalation.agency (id),
    min_days_late INT              NOT NULL,
    rate_bp       INT              NOT NULL,
    CONSTRAINT pk_escalation_commission_tier PRIMARY KEY (agency_id, min_days_late)
);

-- Escalation's copy of the debts, from Debtors' DebtStateChanged (newest version wins).
CREATE TABLE escalation.debt (
    invoice_id        UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_escalation_debt PRIMARY KEY,
    debtor_id         UNIQUEIDENTIFIER NOT NULL,
    partner_id        UNIQUEIDENTIFIER NOT NULL,
    portfolio_id      UNIQUEIDENTIFIER NOT NULL,
    external_id       NVARCHAR(100)    NOT NULL,
    status            NVARCHAR(16)     NOT NULL,
    outstanding_cents BIGINT           NOT NULL,
    due_date          DATE             NOT NULL,
    version           BIGINT           NOT NULL
);
CREATE INDEX ix_debt_status ON escalation.debt (status, due_date);

-- Which debts an agreement settles (Negotiation's AgreementCreated): its installments are recovered on those debts.
CREATE TABLE escalation.agreement_debt (
    agreement_id UNIQUEIDENTIFIER NOT NULL,
    invoice_id   UNIQUEIDENTIFIER NOT NULL,
    CONSTRAINT pk_escalation_agreement_debt PRIMARY KEY (agreement_id, invoice_id)
);

CREATE TABLE escalation.placement (
    id         UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_escalation_placement PRIMARY KEY,
    agency_id  UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_escalation_placement_agency REFERENCES escalation.agency (id),
    placed_on  DATE             NOT NULL,
    starts_at  DATETIME2(7)     NOT NULL,
    ends_at    DATETIME2(7)     NOT NULL,
    rules      NVARCHAR(MAX)    NOT NULL,
    ended_at   DATETIME2(7)     NULL,
    end_reason NVARCHAR(16)     NULL,
    end_note   NVARCHAR(500)    NULL,
    created_by NVARCHAR(254)    NOT NULL,
    created_at DATETIME2(7)     NOT NULL
);
CREATE INDEX ix_placement_agency ON escalation.placement (agency_id, starts_at);
CREATE INDEX ix_placement_open ON escalation.placement (ended_at, ends_at);

CREATE TABLE escalation.placed_debt (
    placement_id      UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_escalation_placed_debt_placement REFERENCES escalation.placement (id),
    invoice_id        UNIQUEIDENTIFIER NOT NULL,
    partner_id        UNIQUEIDENTIFIER NOT NULL,
    days_late         INT              NOT NULL,
    outstanding_cents BIGINT           NOT NULL,
    rate_bp           INT              NOT NULL,
    CONSTRAINT pk_escalation_placed_debt PRIMARY KEY (placement_id, invoice_id)
);
CREATE INDEX ix_placed_debt_invoice ON escalation.placed_debt (invoice_id);

-- What was recovered on a placed debt while it was placed, with the commission on it; a reversal is a negative row.
CREATE TABLE escalation.recovery (
    id               UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_escalation_recovery PRIMARY KEY,
    recovery_key     NVARCHAR(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    placement_id     UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_escalation_recovery_placement REFERENCES escalation.placement (id),
    agency_id        UNIQUEIDENTIFIER NOT NULL,
    partner_id       UNIQUEIDENTIFIER NOT NULL,
    invoice_id       UNIQUEIDENTIFIER NULL,
    amount_cents     BIGINT           NOT NULL,
    rate_bp          INT              NOT NULL,
    commission_cents BIGINT           NOT NULL,
    paid_on          DATE             NOT NULL,
    created_at       DATETIME2(7)     NOT NULL
);
CREATE UNIQUE INDEX ux_recovery_key ON escalation.recovery (recovery_key);
CREATE INDEX ix_recovery_paid ON escalation.recovery (paid_on);
