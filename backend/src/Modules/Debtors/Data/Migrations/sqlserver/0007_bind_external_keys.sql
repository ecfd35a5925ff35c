-- A partner's invoice ids and payment ids compare byte for byte, as on SQLite: under the default case-insensitive
-- collation 'INV-1' and 'inv-1' would be one invoice. Each column is under a unique index, dropped and made again.
DROP INDEX ux_invoice_partner_external ON debtors.invoice;
ALTER TABLE debtors.invoice ALTER COLUMN external_id NVARCHAR(64) COLLATE Latin1_General_100_BIN2 NOT NULL;
CREATE UNIQUE INDEX ux_invoice_partner_external ON debtors.invoice (partner_id, external_id);

DROP INDEX ux_payment_invoice_payment ON debtors.payment;
ALTER TABLE debtors.payment ALTER COLUMN payment_id NVARCHAR(64) COLLATE Latin1_General_100_BIN2 NOT NULL;
CREATE UNIQUE INDEX ux_payment_invoice_payment ON debtors.payment (invoice_id, payment_id);
