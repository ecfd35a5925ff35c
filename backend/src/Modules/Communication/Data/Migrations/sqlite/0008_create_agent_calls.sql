-- The call loop (ADR 0022). A portfolio's outcome catalogue: without rows the defaults apply (CallOutcomes.Defaults).
CREATE TABLE communication.call_outcome (
    portfolio_id  TEXT    NOT NULL,
    code          TEXT    NOT NULL,
    label         TEXT    NOT NULL,
    effect        TEXT    NOT NULL CHECK (effect IN ('none', 'promise', 'invalid_phone', 'deceased_hold', 'dispute', 'agreement')),
    position      INTEGER NOT NULL,
    updated_by    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    PRIMARY KEY (portfolio_id, code)
);

-- Every call an agent recorded, with its outcome; a callback is the lawful moment to call again.
CREATE TABLE communication.agent_call (
    id            TEXT NOT NULL PRIMARY KEY,
    debtor_id     TEXT NOT NULL,
    portfolio_id  TEXT NULL,
    phone         TEXT NOT NULL,
    outcome       TEXT NOT NULL,
    effect        TEXT NOT NULL,
    note          TEXT NULL,
    callback_at   TEXT NULL,
    message_id    TEXT NULL,
    agent_id      TEXT NULL,
    agent_name    TEXT NOT NULL,
    called_at     TEXT NOT NULL
);
CREATE INDEX communication.ix_agent_call_debtor ON agent_call (debtor_id, called_at);
