-- The last call an agent recorded per debtor, copied from Communication's CallOutcomeRecorded (ADR 0022): a callback
-- keeps the debtor out of the work queue until it is due, and first in it from then on, until the next call.
CREATE TABLE debtors.callback (
    debtor_id    UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_debtors_callback PRIMARY KEY
                                  CONSTRAINT fk_debtors_callback_debtor REFERENCES debtors.debtor (id),
    call_id      UNIQUEIDENTIFIER NOT NULL,
    due_at       DATETIME2(7)     NULL,
    agent_id     UNIQUEIDENTIFIER NULL,
    agent_name   NVARCHAR(254)    NOT NULL,
    called_at    DATETIME2(7)     NOT NULL
);
