-- Purchased portfolios (cessão de crédito, ADR 0028): the debtor is notified of the assignment (Civil Code art. 290)
-- before any other collection message on a debt of a purchased portfolio.

-- The purchased portfolios, copied from Debtors' PortfolioPurchased.
CREATE TABLE communication.purchased_portfolio (
    portfolio_id  TEXT NOT NULL PRIMARY KEY,
    partner_id    TEXT NOT NULL,
    seller        TEXT NOT NULL,
    purchased_on  TEXT NOT NULL
);

-- A step of the régua that is the assignment notice; the messages it plans carry the mark too.
ALTER TABLE communication.schedule_step ADD COLUMN assignment_notice INTEGER NOT NULL DEFAULT 0;
ALTER TABLE communication.message ADD COLUMN assignment_notice INTEGER NOT NULL DEFAULT 0;

-- The evidence that a debt's assignment notice was sent: which message, on which channel, when, to whom, and the SHA-256
-- of what was sent (the message keeps the text until anonymisation; the digest proves it after).
CREATE TABLE communication.assignment_notice (
    invoice_id       TEXT NOT NULL PRIMARY KEY,
    debtor_id        TEXT NOT NULL,
    portfolio_id     TEXT NOT NULL,
    message_id       TEXT NOT NULL REFERENCES message (id),
    channel          TEXT NOT NULL,
    recipient        TEXT NULL,
    sent_at          TEXT NOT NULL,
    content_sha256   TEXT NOT NULL
);
CREATE INDEX communication.ix_assignment_notice_debtor ON assignment_notice (debtor_id);
