-- Credit-bureau reporting (negativação) of a debt: notice, waiting period, registration, removal; one live per debt.
CREATE TABLE communication.negativacao (
    id                    UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_communication_negativacao PRIMARY KEY,
    invoice_id            UNIQUEIDENTIFIER NOT NULL,
    debtor_id             UNIQUEIDENTIFIER NOT NULL,
    partner_id            UNIQUEIDENTIFIER NOT NULL,
    status                NVARCHAR(16)     NOT NULL CONSTRAINT ck_communication_negativacao_status
                                           CHECK (status IN ('notified', 'registered', 'removed', 'dropped')),
    notice_message_id     UNIQUEIDENTIFIER NOT NULL,
    notified_at           DATETIME2(7)     NOT NULL,
    eligible_on           DATE             NOT NULL,
    due_date              DATE             NOT NULL,
    registered_at         DATETIME2(7)     NULL,
    registration_protocol NVARCHAR(100)    NULL,
    removal_reason        NVARCHAR(200)    NULL,
    removal_due_on        DATE             NULL,
    removed_at            DATETIME2(7)     NULL,
    removal_protocol      NVARCHAR(100)    NULL,
    removed_late          BIT              NOT NULL CONSTRAINT df_communication_negativacao_late DEFAULT 0,
    live                  BIT              NOT NULL CONSTRAINT df_communication_negativacao_live DEFAULT 1
);
CREATE UNIQUE INDEX ux_negativacao_live ON communication.negativacao (invoice_id) WHERE live = 1;
CREATE INDEX ix_negativacao_status ON communication.negativacao (status, eligible_on);
CREATE INDEX ix_negativacao_debtor ON communication.negativacao (debtor_id);

CREATE TABLE communication.negativacao_step (
    id              UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_communication_negativacao_step PRIMARY KEY,
    negativacao_id  UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_communication_negativacao_step REFERENCES communication.negativacao (id),
    at              DATETIME2(7)     NOT NULL,
    step            NVARCHAR(32)     NOT NULL,
    detail          NVARCHAR(2000)   NOT NULL
);
CREATE INDEX ix_negativacao_step ON communication.negativacao_step (negativacao_id, at);
