-- Agreement reminders in the dunning funnel: a message about an agreement's installment names them; why a message was
-- blocked or cancelled (the contact policy's reason, which names no contact); the day its installment was paid; and
-- whether the contact policy ever made it wait (hours, Sundays and holidays, caps).
ALTER TABLE reporting.message ADD COLUMN agreement_id TEXT NULL;
ALTER TABLE reporting.message ADD COLUMN installment_number INTEGER NULL;
ALTER TABLE reporting.message ADD COLUMN reason TEXT NULL;
ALTER TABLE reporting.message ADD COLUMN installment_paid_on TEXT NULL;
ALTER TABLE reporting.message ADD COLUMN deferred INTEGER NOT NULL DEFAULT 0;
CREATE INDEX reporting.ix_message_installment ON message (agreement_id, installment_number) WHERE agreement_id IS NOT NULL;
