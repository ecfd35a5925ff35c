-- Bureau enrichment and purchased portfolios (ADR 0028).
-- Where a contact came from: null for what a creditor sent (source_partner_id names it), 'bureau' for one a credit
-- bureau found; and why a contact was found invalid ('bounce', 'wrong_number'), which is never tried nor added again.
ALTER TABLE debtors.contact ADD COLUMN source TEXT NULL;
ALTER TABLE debtors.contact ADD COLUMN invalid_reason TEXT NULL;

-- A purchased portfolio (cessão de crédito): who sold it, when, its face value and the price paid, in centavos.
ALTER TABLE debtors.portfolio ADD COLUMN purchase_seller TEXT NULL;
ALTER TABLE debtors.portfolio ADD COLUMN purchased_on TEXT NULL;
ALTER TABLE debtors.portfolio ADD COLUMN face_value_cents INTEGER NULL;
ALTER TABLE debtors.portfolio ADD COLUMN price_cents INTEGER NULL;

-- The bureau's alerts on a monitored debtor (Bureau's BureauAlertRaised): a reason for the work queue until the next call.
CREATE TABLE debtors.bureau_alert (
    alert_id   TEXT NOT NULL PRIMARY KEY,
    debtor_id  TEXT NOT NULL REFERENCES debtor (id),
    kind       TEXT NOT NULL,
    summary    TEXT NOT NULL,
    raised_at  TEXT NOT NULL
);
CREATE INDEX debtors.ix_bureau_alert_debtor ON bureau_alert (debtor_id, raised_at);
