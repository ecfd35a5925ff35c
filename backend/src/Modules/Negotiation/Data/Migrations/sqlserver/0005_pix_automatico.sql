-- Pix Automático (ADR 0021): one recurrence per agreement, authorised by the debtor at their PSP, and one recurring
-- charge (cobr) per installment while it is authorised. The payer's account is where the authorisation request goes.
CREATE TABLE negotiation.pix_recurrence (
    agreement_id     UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_negotiation_pix_recurrence PRIMARY KEY
                         CONSTRAINT fk_negotiation_pix_recurrence_agreement REFERENCES negotiation.agreement (id),
    status           NVARCHAR(16)     NOT NULL CONSTRAINT ck_negotiation_pix_recurrence_status
                         CHECK (status IN ('planned', 'to_create', 'to_request', 'requested', 'approved', 'refused', 'to_cancel', 'cancelled', 'failed')),
    id_rec           NVARCHAR(29)     COLLATE Latin1_General_100_BIN2 NULL,
    id_solic_rec     NVARCHAR(29)     COLLATE Latin1_General_100_BIN2 NULL,
    psp_status       NVARCHAR(16)     NULL,
    payer_ispb       NVARCHAR(8)      NULL,
    payer_branch     NVARCHAR(4)      NULL,
    payer_account    NVARCHAR(20)     NULL,
    attempts         INT              NOT NULL CONSTRAINT df_negotiation_pix_recurrence_attempts DEFAULT 0,
    next_attempt_at  DATETIME2(7)     NOT NULL,
    last_error       NVARCHAR(500)    NULL,
    created_at       DATETIME2(7)     NOT NULL,
    updated_at       DATETIME2(7)     NOT NULL
);
CREATE UNIQUE INDEX ux_pix_recurrence_rec ON negotiation.pix_recurrence (id_rec) WHERE id_rec IS NOT NULL;
CREATE INDEX ix_pix_recurrence_work ON negotiation.pix_recurrence (next_attempt_at) WHERE status IN ('to_create', 'to_request', 'requested', 'to_cancel');

CREATE TABLE negotiation.pix_recurring_charge (
    txid             NVARCHAR(35)     COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT pk_negotiation_pix_recurring_charge PRIMARY KEY,
    agreement_id     UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_negotiation_pix_recurring_charge_agreement REFERENCES negotiation.agreement (id),
    number           INT              NOT NULL,
    status           NVARCHAR(16)     NOT NULL CONSTRAINT ck_negotiation_pix_recurring_charge_status
                         CHECK (status IN ('to_create', 'active', 'paid', 'to_remove', 'removed', 'failed', 'fell_back')),
    amount_cents     BIGINT           NOT NULL,
    psp_status       NVARCHAR(16)     NULL,
    failed_attempts  INT              NOT NULL CONSTRAINT df_negotiation_pix_recurring_charge_failed DEFAULT 0,
    retries          INT              NOT NULL CONSTRAINT df_negotiation_pix_recurring_charge_retries DEFAULT 0,
    last_rejection   NVARCHAR(500)    NULL,
    attempts         INT              NOT NULL CONSTRAINT df_negotiation_pix_recurring_charge_attempts DEFAULT 0,
    next_attempt_at  DATETIME2(7)     NOT NULL,
    last_error       NVARCHAR(500)    NULL,
    created_at       DATETIME2(7)     NOT NULL,
    updated_at       DATETIME2(7)     NOT NULL
);
CREATE UNIQUE INDEX ux_pix_recurring_charge_installment ON negotiation.pix_recurring_charge (agreement_id, number);
CREATE INDEX ix_pix_recurring_charge_work ON negotiation.pix_recurring_charge (next_attempt_at) WHERE status IN ('to_create', 'active', 'to_remove');
