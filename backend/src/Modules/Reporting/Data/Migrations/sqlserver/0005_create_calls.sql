-- Agents' calls and their outcomes (CallOutcomeRecorded, ADR 0022), for productivity: contacts and outcomes per agent.
-- A call that closed a dunning call task is counted as a contact through its message already (message_id set).
CREATE TABLE reporting.call (
    call_id     UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_reporting_call PRIMARY KEY,
    debtor_id   UNIQUEIDENTIFIER NOT NULL,
    agent       NVARCHAR(200)    NOT NULL,
    outcome     NVARCHAR(40)     NOT NULL,
    effect      NVARCHAR(16)     NOT NULL,
    message_id  UNIQUEIDENTIFIER NULL,
    made_on     DATE             NOT NULL
);
CREATE INDEX ix_call_made ON reporting.call (made_on, agent);
