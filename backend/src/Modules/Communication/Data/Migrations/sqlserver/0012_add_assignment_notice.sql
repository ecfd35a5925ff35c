-- Purchased portfolios (cessão de crédito, ADR 0028): the debtor is notified of the assignment (Civil Code art. 290)
-- before any other collection message on a debt of a purchased portfolio.

-- The purchased portfolios, copied from Debtors' PortfolioPurchased.
CREATE TABLE communication.purchased_portfolio (
    portfolio_id  UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_communication_purchased_portfolio PRIMARY KEY,
    partner_id    UNIQUEIDENTIFIER NOT NULL,
    seller        NVARCHAR(200)    NOT NULL,
    purchased_on  DATE             NOT NULL
);

-- A step of the régua that is the assignment notice; the messages it plans carry the mark too.
ALTER TABLE communication.schedule_step ADD assignment_notice BIT NOT NULL CONSTRAINT df_communication_schedule_step_notice DEFAULT 0;
ALTER TABLE communication.message ADD assignment_notice BIT NOT NULL CONSTRAINT df_communication_message_notice DEFAULT 0;
GO

-- The evidence that a debt's assignment notice was sent: which message, on which channel, when, to whom, and the SHA-256
-- of what was sent (the message keeps the text until anonymisation; the digest proves it after).
CREATE TABLE communication.assignment_notice (
    invoice_id       UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_communication_assignment_notice PRIMARY KEY,
    debtor_id        UNIQUEIDENTIFIER NOT NULL,
    portfolio_id     UNIQUEIDENTIFIER NOT NULL,
    message_id       UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_communication_assignment_notice_message REFERENCES communication.message (id),
    channel          NVARCHAR(16)     NOT NULL,
    recipient        NVARCHAR(320)    NULL,
    sent_at          DATETIME2(7)     NOT NULL,
    content_sha256   NVARCHAR(64)     NOT NULL
);
CREATE INDEX ix_assignment_notice_debtor ON communication.assignment_notice (debtor_id);
