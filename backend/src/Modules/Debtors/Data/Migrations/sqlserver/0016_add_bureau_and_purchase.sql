-- Bureau enrichment and purchased portfolios (ADR 0028).
-- Where a contact came from: null for what a creditor sent (source_partner_id names it), 'bureau' for one a credit
-- bureau found; and why a contact was found invalid ('bounce', 'wrong_number'), which is never tried nor added again.
ALTER TABLE debtors.contact ADD source NVARCHAR(16) NULL, invalid_reason NVARCHAR(16) NULL;

-- A purchased portfolio (cessão de crédito): who sold it, when, its face value and the price paid, in centavos.
ALTER TABLE debtors.portfolio ADD purchase_seller NVARCHAR(200) NULL, purchased_on DATE NULL, face_value_cents BIGINT NULL, price_cents BIGINT NULL;

-- The bureau's alerts on a monitored debtor (Bureau's BureauAlertRaised): a reason for the work queue until the next call.
CREATE TABLE debtors.bureau_alert (
    alert_id   UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_debtors_bureau_alert PRIMARY KEY,
    debtor_id  UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_debtors_bureau_alert_debtor REFERENCES debtors.debtor (id),
    kind       NVARCHAR(20)     NOT NULL,
    summary    NVARCHAR(400)    NOT NULL,
    raised_at  DATETIME2(7)     NOT NULL
);
CREATE INDEX ix_bureau_alert_debtor ON debtors.bureau_alert (debtor_id, raised_at);
