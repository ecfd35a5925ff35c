-- Agents' calls and their outcomes (CallOutcomeRecorded, ADR 0022), for productivity: contacts and outcomes per agent.
-- A call that closed a dunning call task is counted as a contact through its message already (message_id set).
CREATE TABLE reporting.call (
    call_id     TEXT NOT NULL PRIMARY KEY,
    debtor_id   TEXT NOT NULL,
    agent       TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    effect      TEXT NOT NULL,
    message_id  TEXT NULL,
    made_on     TEXT NOT NULL
);
CREATE INDEX reporting.ix_call_made ON call (made_on, agent);
