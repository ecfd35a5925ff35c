-- The debtor's acknowledgement of a debt (signing an agreement) interrupts prescription once (Civil Code art. 202):
-- the five years then run from this date.
ALTER TABLE debtors.invoice ADD COLUMN acknowledged_on TEXT NULL;
