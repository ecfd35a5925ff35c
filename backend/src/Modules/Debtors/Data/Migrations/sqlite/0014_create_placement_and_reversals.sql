-- Debtors' copy of the debts placed with collection agencies (Escalation's DebtsPlaced / PlacementEnded): what an
-- agency's people may see, while now is inside [starts_at, ends_at) (ADR 0026).
CREATE TABLE debtors.placement (
    placement_id TEXT NOT NULL,
    invoice_id   TEXT NOT NULL,
    agency_id    TEXT NOT NULL,
    starts_at    TEXT NOT NULL,
    ends_at      TEXT NOT NULL,
    PRIMARY KEY (placement_id, invoice_id)
);
CREATE INDEX debtors.ix_placement_invoice ON placement (invoice_id, agency_id);
CREATE INDEX debtors.ix_placement_agency ON placement (agency_id, ends_at);

-- A payment the partner reversed (estorno): it no longer counts; the debt is owed again.
ALTER TABLE debtors.payment ADD COLUMN reversed_at TEXT NULL;
