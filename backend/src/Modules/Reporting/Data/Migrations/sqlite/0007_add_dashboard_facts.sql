-- The supervisor's dashboard: the business day a promise was found broken (or kept), and indexes for the day's figures.
-- Promises checked before this column existed keep it empty: they were checked on some earlier day.
ALTER TABLE reporting.promise ADD COLUMN checked_on TEXT NULL;
CREATE INDEX reporting.ix_promise_due ON promise (due_date);
CREATE INDEX reporting.ix_promise_checked ON promise (checked_on);
CREATE INDEX reporting.ix_agreement_status ON agreement (status, created_on);
CREATE INDEX reporting.ix_collection_paid_on ON collection (paid_on);
CREATE INDEX reporting.ix_message_created ON message (created_on);
