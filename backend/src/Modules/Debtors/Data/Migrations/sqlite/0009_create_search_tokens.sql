-- Search over every name token, the document, the partners' contract ids, phones and e-mails: one row per token of a
-- debtor, lower case without accents, so that a prefix is a range of the key (token >= @p AND token < @p_next) in
-- SQLite's byte order. Kept by the same transactions that write names, contacts and invoices (ADR 0020).
--   name      each word of the name ("maria", "ferreira", "da", "silva")
--   document  the CPF/CNPJ as stored, lower case
--   contract  an invoice's external id, lower case, and without its punctuation when it has any
--   phone     the E.164 digits without '+', and for +55 numbers also without 55 and without the area code
--   email     the address, lower case
CREATE TABLE debtors.search_token (
    kind       TEXT NOT NULL CHECK (kind IN ('name', 'document', 'contract', 'phone', 'email')),
    token      TEXT NOT NULL,
    debtor_id  TEXT NOT NULL REFERENCES debtor (id),
    PRIMARY KEY (kind, token, debtor_id)
) WITHOUT ROWID;
CREATE INDEX debtors.ix_search_token_debtor ON search_token (debtor_id, kind, token);

-- Backfill. Names: search_name is already lower case without accents; its words split at spaces and at the punctuation
-- names carry ("ana-maria", "d'avila"), as the application splits them.
WITH RECURSIVE words (debtor_id, word, rest) AS (
    SELECT id, '', replace(replace(replace(replace(replace(replace(search_name, '-', ' '), '''', ' '), '.', ' '), ',', ' '), '(', ' '), ')', ' ') || ' '
      FROM debtors.debtor
    UNION ALL
    SELECT debtor_id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1) FROM words WHERE rest <> ''
)
INSERT OR IGNORE INTO debtors.search_token (kind, token, debtor_id)
SELECT 'name', substr(word, 1, 254), debtor_id FROM words WHERE word <> '';

INSERT OR IGNORE INTO debtors.search_token (kind, token, debtor_id)
SELECT 'document', lower(document), id FROM debtors.debtor WHERE anonymised_at IS NULL;

INSERT OR IGNORE INTO debtors.search_token (kind, token, debtor_id)
SELECT 'contract', lower(external_id), debtor_id FROM debtors.invoice;
INSERT OR IGNORE INTO debtors.search_token (kind, token, debtor_id)
SELECT 'contract', lower(replace(replace(replace(replace(replace(external_id, '.', ''), '_', ''), ':', ''), '/', ''), '-', '')), debtor_id
  FROM debtors.invoice
 WHERE replace(replace(replace(replace(replace(external_id, '.', ''), '_', ''), ':', ''), '/', ''), '-', '') <> '';

INSERT OR IGNORE INTO debtors.search_token (kind, token, debtor_id)
SELECT 'email', lower(value), debtor_id FROM debtors.contact WHERE channel = 'email';

INSERT OR IGNORE INTO debtors.search_token (kind, token, debtor_id)
SELECT 'phone', substr(value, 2), debtor_id FROM debtors.contact WHERE channel = 'phone';
INSERT OR IGNORE INTO debtors.search_token (kind, token, debtor_id)
SELECT 'phone', substr(value, 4), debtor_id FROM debtors.contact WHERE channel = 'phone' AND value LIKE '+55%' AND length(value) > 7;
INSERT OR IGNORE INTO debtors.search_token (kind, token, debtor_id)
SELECT 'phone', substr(value, 6), debtor_id FROM debtors.contact WHERE channel = 'phone' AND value LIKE '+55%' AND length(value) > 9;
