-- The supervisor's dashboard: the business day a promise was found broken (or kept), and indexes for the day's figures.
-- Promises checked before this column existed keep it empty: they were checked on some earlier day.
ALTER TABLE reporting.promise ADD checked_on DATE NULL;
GO
CREATE INDEX ix_promise_due ON reporting.promise (due_date);
CREATE INDEX ix_promise_checked ON reporting.promise (checked_on);
CREATE INDEX ix_agreement_status ON reporting.agreement (status, created_on);
CREATE INDEX ix_collection_paid_on ON reporting.collection (paid_on);
CREATE INDEX ix_message_created ON reporting.message (created_on);
