-- Pix Cobrança com vencimento (cobv) through the creditor's PSP (ADR 0017): one charge per installment of an active
-- agreement, created and removed by the pix-charges job from the rows the agreement's events leave here.
CREATE TABLE negotiation.pix_charge (
    txid             TEXT    NOT NULL PRIMARY KEY,   -- 'R' + agreement id (32 hex) + number (2 digits): 35 characters
    agreement_id     TEXT    NOT NULL REFERENCES agreement (id),
    number           INTEGER NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('to_create', 'active', 'paid', 'to_remove', 'removed', 'failed')),
    amount_cents     INTEGER NOT NULL,
    location         TEXT    NULL,
    copia_e_cola     TEXT    NULL,
    psp_status       TEXT    NULL,                   -- the PSP's word: ATIVA, CONCLUIDA, REMOVIDA_PELO_USUARIO_RECEBEDOR...
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT    NOT NULL,
    last_error       TEXT    NULL,
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL
);
CREATE UNIQUE INDEX negotiation.ux_pix_charge_installment ON pix_charge (agreement_id, number);
CREATE INDEX negotiation.ix_pix_charge_work ON pix_charge (next_attempt_at) WHERE status IN ('to_create', 'to_remove');

-- Every Pix the PSP reported (webhook or reconciliation), once per endToEndId: matched to an installment or not.
CREATE TABLE negotiation.pix_received (
    end_to_end_id    TEXT    NOT NULL PRIMARY KEY,
    txid             TEXT    NULL,
    amount_cents     INTEGER NOT NULL,
    paid_at          TEXT    NOT NULL,               -- the PSP's horario (UTC)
    business_date    TEXT    NOT NULL,               -- horario's day in Brasília: the report's day
    source           TEXT    NOT NULL CHECK (source IN ('webhook', 'reconciliation')),
    outcome          TEXT    NOT NULL CHECK (outcome IN ('matched', 'unmatched')),
    agreement_id     TEXT    NULL,
    number           INTEGER NULL,
    repeats          INTEGER NOT NULL DEFAULT 0,     -- the same endToEndId again, ignored
    received_at      TEXT    NOT NULL
);
CREATE INDEX negotiation.ix_pix_received_day ON pix_received (business_date);
