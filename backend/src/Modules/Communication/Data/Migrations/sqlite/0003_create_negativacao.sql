-- Credit-bureau reporting (negativação) of a debt: notice, waiting period, registration, removal; one live per debt.
CREATE TABLE communication.negativacao (
    id                    TEXT NOT NULL PRIMARY KEY,
    invoice_id            TEXT NOT NULL,
    debtor_id             TEXT NOT NULL,
    partner_id            TEXT NOT NULL,
    status                TEXT NOT NULL CHECK (status IN ('notified', 'registered', 'removed', 'dropped')),
    notice_message_id     TEXT NOT NULL,
    notified_at           TEXT NOT NULL,
    eligible_on           TEXT NOT NULL,       -- registration no earlier than this date (notice + waiting period)
    due_date              TEXT NOT NULL,       -- the debt's: never kept beyond five years from it
    registered_at         TEXT NULL,
    registration_protocol TEXT NULL,
    removal_reason        TEXT NULL,
    removal_due_on        TEXT NULL,           -- five business days after payment or agreement (STJ Súmula 548)
    removed_at            TEXT NULL,
    removal_protocol      TEXT NULL,
    removed_late          INTEGER NOT NULL DEFAULT 0,
    live                  INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX communication.ux_negativacao_live ON negativacao (invoice_id) WHERE live = 1;
CREATE INDEX communication.ix_negativacao_status ON negativacao (status, eligible_on);
CREATE INDEX communication.ix_negativacao_debtor ON negativacao (debtor_id);

-- The evidence of each step, kept for audit: what was sent or filed, when, and the bureau's protocol.
CREATE TABLE communication.negativacao_step (
    id              TEXT NOT NULL PRIMARY KEY,
    negativacao_id  TEXT NOT NULL REFERENCES negativacao (id),
    at              TEXT NOT NULL,
    step            TEXT NOT NULL,
    detail          TEXT NOT NULL
);
CREATE INDEX communication.ix_negativacao_step ON negativacao_step (negativacao_id, at);
