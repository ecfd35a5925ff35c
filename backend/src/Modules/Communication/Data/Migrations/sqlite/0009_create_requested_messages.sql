-- What the debtor asked for in the self-service portal (ADR 0025): not charges, so not in the dunning queue
-- (communication.message), which the contact law governs; kept here until sent, so a crash does not lose them.
-- kind: access_code (the sign-in code; its text is cleared once sent or expired) or data_subject_report (the LGPD
-- report as a PDF attachment, cleared once sent).
CREATE TABLE communication.requested_message (
    id                 TEXT    NOT NULL PRIMARY KEY,
    debtor_id          TEXT    NOT NULL,
    kind               TEXT    NOT NULL CHECK (kind IN ('access_code', 'data_subject_report')),
    channel            TEXT    NOT NULL,
    recipient          TEXT    NOT NULL,
    subject            TEXT    NULL,
    body               TEXT    NULL,
    attachment_name    TEXT    NULL,
    attachment         BLOB    NULL,
    status             TEXT    NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'expired')),
    attempts           INTEGER NOT NULL DEFAULT 0,
    not_before         TEXT    NOT NULL,
    expires_at         TEXT    NOT NULL,
    created_at         TEXT    NOT NULL,
    sent_at            TEXT    NULL,
    reason             TEXT    NULL
);
CREATE INDEX communication.ix_requested_message_due ON requested_message (status, not_before);
CREATE INDEX communication.ix_requested_message_debtor ON requested_message (debtor_id, created_at);

-- A call back the debtor asked for in the portal, at a lawful moment: it joins the agents' callbacks (debtors.callback)
-- through CallbackRequested.
CREATE TABLE communication.callback_request (
    id            TEXT NOT NULL PRIMARY KEY,
    debtor_id     TEXT NOT NULL,
    phone         TEXT NOT NULL,
    callback_at   TEXT NOT NULL,
    note          TEXT NULL,
    requested_at  TEXT NOT NULL
);
CREATE INDEX communication.ix_callback_request_debtor ON callback_request (debtor_id, requested_at);
