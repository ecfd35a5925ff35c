-- Search over every name token, the document, the partners' contract ids, phones and e-mails: one row per token of a
-- debtor, lower case without accents, so that a prefix is a range of the key (token >= @p AND token < @p_next). The
-- binary collation orders tokens by code point, as SQLite does, and keeps the range exact. Kept by the same
-- transactions that write names, contacts and invoices (ADR 0020). Kinds: see the SQLite migration of this number.
CREATE TABLE debtors.search_token (
    kind       NVARCHAR(8)      NOT NULL CONSTRAINT ck_debtors_search_token_kind
                                CHECK (kind IN ('name', 'document', 'contract', 'phone', 'email')),
    token      NVARCHAR(254)    COLLATE Latin1_General_100_BIN2 NOT NULL,
    debtor_id  UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_debtors_search_token_debtor REFERENCES debtors.debtor (id),
    CONSTRAINT pk_debtors_search_token PRIMARY KEY (kind, token, debtor_id)
);
CREATE INDEX ix_search_token_debtor ON debtors.search_token (debtor_id, kind, token);

-- Backfill. Names: search_name is already lower case without accents; its words split at spaces and at the punctuation
-- names carry ("ana-maria", "d'avila"), as the application splits them. STRING_SPLIT needs compatibility level 130.
INSERT INTO debtors.search_token (kind, token, debtor_id)
SELECT DISTINCT 'name', LEFT(w.value, 254), d.id
  FROM debtors.debtor d
 CROSS APPLY STRING_SPLIT(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(d.search_name, '-', ' '), '''', ' '), '.', ' '), ',', ' '), '(', ' '), ')', ' '), ' ') w
 WHERE w.value <> '';

INSERT INTO debtors.search_token (kind, token, debtor_id)
SELECT 'document', LOWER(document), id FROM debtors.debtor WHERE anonymised_at IS NULL;

INSERT INTO debtors.search_token (kind, token, debtor_id)
SELECT DISTINCT 'contract', t.token, t.debtor_id
  FROM (SELECT LOWER(external_id) AS token, debtor_id FROM debtors.invoice
        UNION
        SELECT LOWER(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(external_id, '.', ''), '_', ''), ':', ''), '/', ''), '-', '')), debtor_id
          FROM debtors.invoice) t
 WHERE t.token <> '';

INSERT INTO debtors.search_token (kind, token, debtor_id)
SELECT DISTINCT 'email', LOWER(value), debtor_id FROM debtors.contact WHERE channel = 'email';

INSERT INTO debtors.search_token (kind, token, debtor_id)
SELECT DISTINCT 'phone', t.token, t.debtor_id
  FROM (SELECT SUBSTRING(value, 2, 32) AS token, debtor_id FROM debtors.contact WHERE channel = 'phone'
        UNION
        SELECT SUBSTRING(value, 4, 32), debtor_id FROM debtors.contact WHERE channel = 'phone' AND value LIKE '+55%' AND LEN(value) > 7
        UNION
        SELECT SUBSTRING(value, 6, 32), debtor_id FROM debtors.contact WHERE channel = 'phone' AND value LIKE '+55%' AND LEN(value) > 9) t;
