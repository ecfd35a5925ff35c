-- Holds stop collection on a debtor or on one debt, with a reason, a legal basis and an optional end date.
CREATE TABLE debtors.hold (
    id            UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_debtors_hold PRIMARY KEY,
    debtor_id     UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_debtors_hold_debtor REFERENCES debtors.debtor (id),
    invoice_id    UNIQUEIDENTIFIER NULL CONSTRAINT fk_debtors_hold_invoice REFERENCES debtors.invoice (id),
    kind          NVARCHAR(16)     NOT NULL CONSTRAINT ck_debtors_hold_kind
                                   CHECK (kind IN ('dispute', 'hardship', 'deceased', 'lawsuit', 'do_not_contact')),
    reason        NVARCHAR(500)    NOT NULL,
    legal_basis   NVARCHAR(500)    NULL,
    ends_on       DATE             NULL,
    placed_by     NVARCHAR(254)    NOT NULL,
    placed_at     DATETIME2(7)     NOT NULL,
    lifted_by     NVARCHAR(254)    NULL,
    lifted_at     DATETIME2(7)     NULL,
    lift_reason   NVARCHAR(500)    NULL
);
CREATE INDEX ix_hold_debtor ON debtors.hold (debtor_id);

-- The interaction timeline: append-only, newest read first.
CREATE TABLE debtors.interaction (
    id            UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_debtors_interaction PRIMARY KEY,
    debtor_id     UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_debtors_interaction_debtor REFERENCES debtors.debtor (id),
    invoice_id    UNIQUEIDENTIFIER NULL,
    kind          NVARCHAR(32)     NOT NULL,
    channel       NVARCHAR(16)     NULL,
    result        NVARCHAR(64)     NULL,
    text          NVARCHAR(2000)   NULL,
    actor_id      UNIQUEIDENTIFIER NULL,
    actor_name    NVARCHAR(254)    NOT NULL,
    occurred_at   DATETIME2(7)     NOT NULL
);
CREATE INDEX ix_interaction_debtor_time ON debtors.interaction (debtor_id, occurred_at);
GO
CREATE TRIGGER debtors.interaction_append_only ON debtors.interaction INSTEAD OF UPDATE, DELETE
AS
BEGIN
    THROW 50001, 'the timeline is append-only', 1;
END;
