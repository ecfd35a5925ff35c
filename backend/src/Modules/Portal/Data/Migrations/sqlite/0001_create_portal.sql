-- The self-service portal (ADR 0023). Documents are never stored: a throttle key is the SHA-256 of what it counts.

-- One-time sign-in codes: PBKDF2 of the 6 digits with a salt of their own, 10 minutes, single use.
CREATE TABLE portal.access_code (
    id               TEXT    NOT NULL PRIMARY KEY,
    debtor_id        TEXT    NOT NULL,
    salt             BLOB    NOT NULL,
    code_hash        BLOB    NOT NULL,
    created_at       TEXT    NOT NULL,
    expires_at       TEXT    NOT NULL,
    used_at          TEXT    NULL,
    failed_attempts  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX portal.ix_access_code_debtor ON access_code (debtor_id, created_at);

-- Fixed-window counters per document and per client address, for code requests and sign-in attempts.
CREATE TABLE portal.throttle (
    throttle_key   TEXT    NOT NULL PRIMARY KEY,
    window_start   TEXT    NOT NULL,
    hits           INTEGER NOT NULL,
    blocked_until  TEXT    NULL
);

-- The debtors' cookie sessions (the cookie carries only the id), with idle and absolute expiry.
CREATE TABLE portal.session (
    id                   TEXT NOT NULL PRIMARY KEY,
    debtor_id            TEXT NOT NULL,
    ticket               BLOB NOT NULL,
    created_at           TEXT NOT NULL,
    expires_at           TEXT NOT NULL,
    absolute_expires_at  TEXT NOT NULL
);
CREATE INDEX portal.ix_session_debtor ON session (debtor_id);

-- The offers shown to a debtor, so that the one taken is the one seen (priced again by Negotiation when taken).
CREATE TABLE portal.offer (
    id                   TEXT    NOT NULL PRIMARY KEY,
    debtor_id            TEXT    NOT NULL,
    invoice_ids          TEXT    NOT NULL,
    installments         INTEGER NOT NULL,
    down_payment_cents   INTEGER NOT NULL,
    discount_e2          INTEGER NOT NULL,
    first_due_date       TEXT    NOT NULL,
    total_cents          INTEGER NOT NULL,
    created_at           TEXT    NOT NULL,
    expires_at           TEXT    NOT NULL,
    agreement_id         TEXT    NULL
);
CREATE INDEX portal.ix_offer_debtor ON offer (debtor_id, created_at);
