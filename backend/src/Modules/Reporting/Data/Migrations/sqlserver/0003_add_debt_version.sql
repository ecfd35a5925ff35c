-- reporting.debt follows Debtors' DebtStateChanged only forward: the version of the state it holds. Debts copied before
-- are at version 0, so Debtors' first publication of each replaces them.
ALTER TABLE reporting.debt ADD version BIGINT NOT NULL CONSTRAINT df_reporting_debt_version DEFAULT 0;
