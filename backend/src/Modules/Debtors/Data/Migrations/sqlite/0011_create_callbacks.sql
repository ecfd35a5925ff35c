-- The last call an agent recorded per debtor, copied from Communication's CallOutcomeRecorded (ADR 0022): a callback
-- keeps the debtor out of the work queue until it is due, and first in it from then on, until the next call.
CREATE TABLE debtors.callback (
    debtor_id    TEXT NOT NULL PRIMARY KEY REFERENCES debtor (id),
    call_id      TEXT NOT NULL,
    due_at       TEXT NULL,
    agent_id     TEXT NULL,
    agent_name   TEXT NOT NULL,
    called_at    TEXT NOT NULL
);
