-- Debtors' copy of the debts placed with collection agencies (Escalation's DebtsPlaced / PlacementEnded): what an
-- agency's people may see, while now is inside [starts_at, ends_at) (ADR 0026).
CREATE TABLE debtors.placement (
    placement_id UNIQUEIDENTIFIER NOT NULL,
    invoice_id   UNIQUEIDENTIFIER NOT NULL,
    agency_id    UNIQUEIDENTIFIER NOT NULL,
    starts_at    DATETIME2(7)     NOT NULL,
    ends_at      DATETIME2(7)     NOT NULL,
    CONSTRAINT pk_debtors_placement PRIMARY KEY (placement_id, invoice_id)
);
CREATE INDEX ix_placement_invoice ON debtors.placement (invoice_id, agency_id);
CREATE INDEX ix_placement_agency ON debtors.placement (agency_id, ends_at);

-- A payment the partner reversed (estorno): it no longer counts; the debt is owed again.
ALTER TABLE debtors.payment ADD reversed_at DATETIME2(7) NULL;
