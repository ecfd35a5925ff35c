-- What a timeline entry refers to (an agreement, a message, a promise, a payment), so the 360 links to it, and the
-- amount it is about, in centavos, so the screen writes it as money. Entries written before stay without them.
ALTER TABLE debtors.interaction ADD subject_kind NVARCHAR(16) NULL, subject_id UNIQUEIDENTIFIER NULL, amount_cents BIGINT NULL;
