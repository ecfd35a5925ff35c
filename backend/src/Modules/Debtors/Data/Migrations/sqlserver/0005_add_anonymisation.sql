-- Anonymisation once retention ends (LGPD art. 16): the debtor keeps its row, so that debts, payments and reports still
-- add up, but nothing left names the person. The document is replaced by a token that can never be a CPF or CNPJ.
ALTER TABLE debtors.debtor ADD anonymised_at DATETIME2(7) NULL;
DROP INDEX ux_debtor_document ON debtors.debtor;
ALTER TABLE debtors.debtor ALTER COLUMN document NVARCHAR(48) NOT NULL;
CREATE UNIQUE INDEX ux_debtor_document ON debtors.debtor (document);
GO
-- The timeline stays append-only; the one change allowed is clearing an entry's text when its debtor is anonymised.
ALTER TRIGGER debtors.interaction_append_only ON debtors.interaction INSTEAD OF UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    IF EXISTS (SELECT 1 FROM deleted d
                 LEFT JOIN inserted i ON i.id = d.id
                 LEFT JOIN debtors.debtor p ON p.id = d.debtor_id AND p.anonymised_at IS NOT NULL
                WHERE i.id IS NULL OR p.id IS NULL OR i.text IS NOT NULL
                   OR i.debtor_id <> d.debtor_id OR i.kind <> d.kind OR i.actor_name <> d.actor_name OR i.occurred_at <> d.occurred_at
                   OR ISNULL(CONVERT(NVARCHAR(36), i.invoice_id), N'') <> ISNULL(CONVERT(NVARCHAR(36), d.invoice_id), N'')
                   OR ISNULL(i.channel, N'') <> ISNULL(d.channel, N'') OR ISNULL(i.result, N'') <> ISNULL(d.result, N'')
                   OR ISNULL(CONVERT(NVARCHAR(36), i.actor_id), N'') <> ISNULL(CONVERT(NVARCHAR(36), d.actor_id), N''))
        THROW 50001, 'the timeline is append-only', 1;
    UPDATE t SET text = NULL FROM debtors.interaction t JOIN inserted i ON i.id = t.id;
END;
