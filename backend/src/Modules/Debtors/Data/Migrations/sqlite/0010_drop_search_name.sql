-- Search reads debtors.search_token (0009, ADR 0020): the lower-case name column and its index were written on every
-- ingest for nothing.
DROP INDEX debtors.ix_debtor_search_name;
ALTER TABLE debtors.debtor DROP COLUMN search_name;
