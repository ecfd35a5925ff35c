-- What the debtor asked for in the self-service portal (ADR 0025): not charges, so not in the dunning queue
-- (communication.message), which the contact law governs; kept here until sent, so a crash does not lose them.
-- kind: access_code (the sign-in code; its text is cleared once sent or expired) or data_subject_report (the LGPD
-- report as a PDF attachment, cleared once sent).
CREATE TABLE communication.requested_message (
    id                 UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_communication_requested_message PRIMARY KEY,
    debtor_id          UNIQUEIDENTIFIER NOT NULL,
    kind               NVARCHAR(24)     NOT NULL CONSTRAINT ck_communication_requested_message_kind
                                        CHECK (kind IN ('access_code', 'data_subject_report')),
    channel            NVARCHAR(16)     NOT NULL,
    recipient          NVARCHAR(320)    NOT NULL,
    subject            NVARCHAR(200)    NULL,
    body               NVARCHAR(MAX)    NULL,
    attachment_name    NVARCHAR(200)    NULL,
    attachment         VARBINARY(MAX)   NULL,
    status             NVARCHAR(16)     NOT NULL CONSTRAINT ck_communication_requested_message_status
                                        CHECK (status IN ('queued', 'sent', 'failed', 'expired')),
    attempts           INT              NOT NULL CONSTRAINT df_communication_requested_message_attempts DEFAULT 0,
    not_before         DATETIME2(7)     NOT NULL,
    expires_at         DATETIME2(7)     NOT NULL,
    created_at         DATETIME2(7)     NOT NULL,
    sent_at            DATETIME2(7)     NULL,
    reason             NVARCHAR(500)    NULL
);
CREATE INDEX ix_requested_message_due ON communication.requested_message (status, not_before);
CREATE INDEX ix_requested_message_debtor ON communication.requested_message (debtor_id, created_at);

-- A call back the debtor asked for in the portal, at a lawful moment: it joins the agents' callbacks (debtors.callback)
-- through CallbackRequested.
CREATE TABLE communication.callback_request (
    id            UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_communication_callback_request PRIMARY KEY,
    debtor_id     UNIQUEIDENTIFIER NOT NULL,
    phone         NVARCHAR(40)     NOT NULL,
    callback_at   DATETIME2(7)     NOT NULL,
    note          NVARCHAR(500)    NULL,
    requested_at  DATETIME2(7)     NOT NULL
);
CREATE INDEX ix_callback_request_debtor ON communication.callback_request (debtor_id, requested_at);
