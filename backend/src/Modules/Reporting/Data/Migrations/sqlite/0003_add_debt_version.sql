-- reporting.debt follows Debtors' DebtStateChanged only forward: the version of the state it holds. Debts copied before
-- are at version 0, so Debtors' first publication of each replaces them.
ALTER TABLE reporting.debt ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
