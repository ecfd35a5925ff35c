-- The self-service portal (ADR 0023). Documents are never stored: a throttle key is the SHA-256 of what it counts.

-- One-time sign-in codes: PBKDF2 of the 6 digits with a salt of their own, 10 minutes, single use.
CREATE TABLE portal.access_code (
    id               UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_portal_access_code PRIMARY KEY,
    debtor_id        UNIQUEIDENTIFIER NOT NULL,
    salt             VARBINARY(32)    NOT NULL,
    code_hash        VARBINARY(64)    NOT NULL,
    created_at       DATETIME2(7)     NOT NULL,
    expires_at       DATETIME2(7)     NOT NULL,
    used_at          DATETIME2(7)     NULL,
    failed_attempts  INT              NOT NULL CONSTRAINT df_portal_access_code_failed DEFAULT 0
);
CREATE INDEX ix_access_code_debtor ON portal.access_code (debtor_id, created_at);

-- Fixed-window counters per document and per client address, for code requests and sign-in attempts.
CREATE TABLE portal.throttle (
    throttle_key   NVARCHAR(80)     COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT pk_portal_throttle PRIMARY KEY,
    window_start   DATETIME2(7)     NOT NULL,
    hits           INT              NOT NULL,
    blocked_until  DATETIME2(7)     NULL
);

-- The debtors' cookie sessions (the cookie carries only the id), with idle and absolute expiry.
CREATE TABLE portal.session (
    id                   UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_portal_session PRIMARY KEY,
    debtor_id            UNIQUEIDENTIFIER NOT NULL,
    ticket               VARBINARY(MAX)   NOT NULL,
    created_at           DATETIME2(7)     NOT NULL,
    expires_at           DATETIME2(7)     NOT NULL,
    absolute_expires_at  DATETIME2(7)     NOT NULL
);
CREATE INDEX ix_session_debtor ON portal.session (debtor_id);

-- The offers shown to a debtor, so that the one taken is the one seen (priced again by Negotiation when taken).
CREATE TABLE portal.offer (
    id                   UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_portal_offer PRIMARY KEY,
    debtor_id            UNIQUEIDENTIFIER NOT NULL,
    invoice_ids          NVARCHAR(MAX)    NOT NULL,
    installments         INT              NOT NULL,
    down_payment_cents   BIGINT           NOT NULL,
    discount_e2          INT              NOT NULL,
    first_due_date       DATE             NOT NULL,
    total_cents          BIGINT           NOT NULL,
    created_at           DATETIME2(7)     NOT NULL,
    expires_at           DATETIME2(7)     NOT NULL,
    agreement_id         UNIQUEIDENTIFIER NULL
);
CREATE INDEX ix_offer_debtor ON portal.offer (debtor_id, created_at);
