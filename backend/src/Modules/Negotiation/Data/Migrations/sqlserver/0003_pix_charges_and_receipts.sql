-- Pix Cobrança com vencimento (cobv) through the creditor's PSP (ADR 0017): one charge per installment of an active
-- agreement, created and removed by the pix-charges job from the rows the agreement's events leave here.
CREATE TABLE negotiation.pix_charge (
    txid             NVARCHAR(35)     COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT pk_negotiation_pix_charge PRIMARY KEY,
    agreement_id     UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_negotiation_pix_charge_agreement REFERENCES negotiation.agreement (id),
    number           INT              NOT NULL,
    status           NVARCHAR(16)     NOT NULL CONSTRAINT ck_negotiation_pix_charge_status
                         CHECK (status IN ('to_create', 'active', 'paid', 'to_remove', 'removed', 'failed')),
    amount_cents     BIGINT           NOT NULL,
    location         NVARCHAR(77)     NULL,
    copia_e_cola     NVARCHAR(512)    NULL,
    psp_status       NVARCHAR(40)     NULL,
    attempts         INT              NOT NULL CONSTRAINT df_negotiation_pix_charge_attempts DEFAULT 0,
    next_attempt_at  DATETIME2(7)      NOT NULL,
    last_error       NVARCHAR(500)    NULL,
    created_at       DATETIME2(7)      NOT NULL,
    updated_at       DATETIME2(7)      NOT NULL
);
CREATE UNIQUE INDEX ux_pix_charge_installment ON negotiation.pix_charge (agreement_id, number);
CREATE INDEX ix_pix_charge_work ON negotiation.pix_charge (next_attempt_at) WHERE status IN ('to_create', 'to_remove');

-- Every Pix the PSP reported (webhook or reconciliation), once per endToEndId: matched to an installment or not.
CREATE TABLE negotiation.pix_received (
    end_to_end_id    NVARCHAR(35)     COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT pk_negotiation_pix_received PRIMARY KEY,
    txid             NVARCHAR(35)     COLLATE Latin1_General_100_BIN2 NULL,
    amount_cents     BIGINT           NOT NULL,
    paid_at          DATETIME2(7)      NOT NULL,
    business_date    DATE             NOT NULL,
    source           NVARCHAR(16)     NOT NULL CONSTRAINT ck_negotiation_pix_received_source CHECK (source IN ('webhook', 'reconciliation')),
    outcome          NVARCHAR(16)     NOT NULL CONSTRAINT ck_negotiation_pix_received_outcome CHECK (outcome IN ('matched', 'unmatched')),
    agreement_id     UNIQUEIDENTIFIER NULL,
    number           INT              NULL,
    repeats          INT              NOT NULL CONSTRAINT df_negotiation_pix_received_repeats DEFAULT 0,
    received_at      DATETIME2(7)      NOT NULL
);
CREATE INDEX ix_pix_received_day ON negotiation.pix_received (business_date);
