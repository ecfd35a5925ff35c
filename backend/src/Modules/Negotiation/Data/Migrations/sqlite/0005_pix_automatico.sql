-- Pix Automático (ADR 0021): one recurrence per agreement, authorised by the debtor at their PSP, and one recurring
-- charge (cobr) per installment while it is authorised. The payer's account is where the authorisation request goes.
CREATE TABLE negotiation.pix_recurrence (
    agreement_id     TEXT    NOT NULL PRIMARY KEY REFERENCES agreement (id),
    status           TEXT    NOT NULL CHECK (status IN ('planned', 'to_create', 'to_request', 'requested', 'approved', 'refused',
                                                        'to_cancel', 'cancelled', 'failed')),
    id_rec           TEXT    NULL,                   -- the PSP's idRec (29 characters)
    id_solic_rec     TEXT    NULL,
    psp_status       TEXT    NULL,                   -- CRIADA, APROVADA, REJEITADA, EXPIRADA, CANCELADA
    payer_ispb       TEXT    NULL,                   -- the debtor's PSP (8 characters) and account: the request's destination
    payer_branch     TEXT    NULL,
    payer_account    TEXT    NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT    NOT NULL,
    last_error       TEXT    NULL,
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL
);
CREATE UNIQUE INDEX negotiation.ux_pix_recurrence_rec ON pix_recurrence (id_rec) WHERE id_rec IS NOT NULL;
CREATE INDEX negotiation.ix_pix_recurrence_work ON pix_recurrence (next_attempt_at) WHERE status IN ('to_create', 'to_request', 'requested', 'to_cancel');

CREATE TABLE negotiation.pix_recurring_charge (
    txid             TEXT    NOT NULL PRIMARY KEY,   -- 'A' + agreement id (32 hex) + number (2 digits): 35 characters
    agreement_id     TEXT    NOT NULL REFERENCES agreement (id),
    number           INTEGER NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('to_create', 'active', 'paid', 'to_remove', 'removed', 'failed', 'fell_back')),
    amount_cents     INTEGER NOT NULL,
    psp_status       TEXT    NULL,                   -- CRIADA, ATIVA, CONCLUIDA, EXPIRADA, REJEITADA, CANCELADA
    failed_attempts  INTEGER NOT NULL DEFAULT 0,     -- settlement attempts the payer's PSP refused or let expire
    retries          INTEGER NOT NULL DEFAULT 0,     -- new attempts we asked for (POST /cobr/{txid}/retentativa/{data})
    last_rejection   TEXT    NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT    NOT NULL,
    last_error       TEXT    NULL,
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL
);
CREATE UNIQUE INDEX negotiation.ux_pix_recurring_charge_installment ON pix_recurring_charge (agreement_id, number);
CREATE INDEX negotiation.ix_pix_recurring_charge_work ON pix_recurring_charge (next_attempt_at) WHERE status IN ('to_create', 'active', 'to_remove');
