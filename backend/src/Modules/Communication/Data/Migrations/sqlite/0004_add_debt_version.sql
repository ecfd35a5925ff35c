-- The copy of each debt follows Debtors' DebtStateChanged only forward: the version of the state it holds, and the
-- debtor's credit on it. Debts copied before are at version 0, so Debtors' first publication of each replaces them.
ALTER TABLE communication.debt ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE communication.debt ADD COLUMN credit_cents INTEGER NOT NULL DEFAULT 0;
