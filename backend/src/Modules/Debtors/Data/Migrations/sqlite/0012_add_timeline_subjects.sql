-- What a timeline entry refers to (an agreement, a message, a promise, a payment), so the 360 links to it, and the
-- amount it is about, in centavos, so the screen writes it as money. Entries written before stay without them.
ALTER TABLE debtors.interaction ADD COLUMN subject_kind TEXT NULL;
ALTER TABLE debtors.interaction ADD COLUMN subject_id TEXT NULL;
ALTER TABLE debtors.interaction ADD COLUMN amount_cents INTEGER NULL;
