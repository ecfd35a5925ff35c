-- Anonymisation once retention ends (LGPD art. 16): the debtor keeps its row, so that debts, payments and reports still
-- add up, but nothing left names the person. The document is replaced by a token that can never be a CPF or CNPJ.
ALTER TABLE debtors.debtor ADD COLUMN anonymised_at TEXT NULL;

-- The timeline stays append-only; the one change allowed is clearing an entry's text when its debtor is anonymised.
DROP TRIGGER debtors.interaction_no_update;
CREATE TRIGGER debtors.interaction_no_update BEFORE UPDATE ON interaction
WHEN NOT (NEW.text IS NULL
          AND NEW.id = OLD.id AND NEW.debtor_id = OLD.debtor_id AND NEW.invoice_id IS OLD.invoice_id AND NEW.kind = OLD.kind
          AND NEW.channel IS OLD.channel AND NEW.result IS OLD.result AND NEW.actor_id IS OLD.actor_id
          AND NEW.actor_name = OLD.actor_name AND NEW.occurred_at = OLD.occurred_at
          AND EXISTS (SELECT 1 FROM debtor d WHERE d.id = OLD.debtor_id AND d.anonymised_at IS NOT NULL))
BEGIN
    SELECT RAISE(ABORT, 'the timeline is append-only');
END;
