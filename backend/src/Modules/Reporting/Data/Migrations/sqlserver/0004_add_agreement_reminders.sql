-- Agreement reminders in the dunning funnel: a message about an agreement's installment names them; why a message was
-- blocked or cancelled (the contact policy's reason, which names no contact); the day its installment was paid; and
-- whether the contact policy ever made it wait (hours, Sundays and holidays, caps).
ALTER TABLE reporting.message ADD agreement_id UNIQUEIDENTIFIER NULL, installment_number INT NULL, reason NVARCHAR(1000) NULL, installment_paid_on DATE NULL,
    deferred INT NOT NULL CONSTRAINT df_reporting_message_deferred DEFAULT 0;
GO
CREATE INDEX ix_message_installment ON reporting.message (agreement_id, installment_number) WHERE agreement_id IS NOT NULL;
