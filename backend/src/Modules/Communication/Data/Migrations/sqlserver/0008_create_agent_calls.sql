-- The call loop (ADR 0022). A portfolio's outcome catalogue: without rows the defaults apply (CallOutcomes.Defaults).
CREATE TABLE communication.call_outcome (
    portfolio_id  UNIQUEIDENTIFIER NOT NULL,
    code          NVARCHAR(40)     NOT NULL,
    label         NVARCHAR(60)     NOT NULL,
    effect        NVARCHAR(16)     NOT NULL CONSTRAINT ck_communication_call_outcome_effect
                                   CHECK (effect IN ('none', 'promise', 'invalid_phone', 'deceased_hold', 'dispute', 'agreement')),
    position      INT              NOT NULL,
    updated_by    NVARCHAR(254)    NOT NULL,
    updated_at    DATETIME2(7)     NOT NULL,
    CONSTRAINT pk_communication_call_outcome PRIMARY KEY (portfolio_id, code)
);

-- Every call an agent recorded, with its outcome; a callback is the lawful moment to call again.
CREATE TABLE communication.agent_call (
    id            UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_communication_agent_call PRIMARY KEY,
    debtor_id     UNIQUEIDENTIFIER NOT NULL,
    portfolio_id  UNIQUEIDENTIFIER NULL,
    phone         NVARCHAR(40)     NOT NULL,
    outcome       NVARCHAR(40)     NOT NULL,
    effect        NVARCHAR(16)     NOT NULL,
    note          NVARCHAR(500)    NULL,
    callback_at   DATETIME2(7)     NULL,
    message_id    UNIQUEIDENTIFIER NULL,
    agent_id      UNIQUEIDENTIFIER NULL,
    agent_name    NVARCHAR(254)    NOT NULL,
    called_at     DATETIME2(7)     NOT NULL
);
CREATE INDEX ix_agent_call_debtor ON communication.agent_call (debtor_id, called_at);
