-- Every change of a debt's status, outstanding or credit is published as DebtStateChanged with the debt's version, so
-- that the other modules' copies apply only newer states. 0 means "never published": the Debtors job publishes those
-- once (debts received before the event existed).
ALTER TABLE debtors.invoice ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
CREATE INDEX debtors.ix_invoice_unpublished ON invoice (version) WHERE version = 0;
