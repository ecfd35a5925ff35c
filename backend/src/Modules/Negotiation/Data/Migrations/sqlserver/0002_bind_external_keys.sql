-- Pix txids, payment keys and the partner's invoice ids copied into agreements compare byte for byte, as on SQLite
-- (a txid is case-sensitive for the bank). Each column under an index has it dropped and made again.
DROP INDEX ux_installment_txid ON negotiation.installment;
ALTER TABLE negotiation.installment ALTER COLUMN txid NVARCHAR(25) COLLATE Latin1_General_100_BIN2 NOT NULL;
CREATE UNIQUE INDEX ux_installment_txid ON negotiation.installment (txid);

DROP INDEX ux_payment_key ON negotiation.payment;
ALTER TABLE negotiation.payment ALTER COLUMN payment_key NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NOT NULL;
CREATE UNIQUE INDEX ux_payment_key ON negotiation.payment (payment_key);

ALTER TABLE negotiation.agreement_debt ALTER COLUMN external_id NVARCHAR(64) COLLATE Latin1_General_100_BIN2 NOT NULL;
