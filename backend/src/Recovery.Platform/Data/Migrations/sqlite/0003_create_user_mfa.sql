-- Multi-factor sign-in (TOTP, RFC 6238). The secret is kept protected by the host's Data Protection keys, never in
-- clear; confirmed_at NULL is an enrolment waiting for its first code. last_used_step refuses a code used before.
CREATE TABLE platform.user_mfa (
    user_id        TEXT    NOT NULL PRIMARY KEY REFERENCES app_user (id),
    secret         TEXT    NOT NULL,
    confirmed_at   TEXT    NULL,
    last_used_step INTEGER NULL,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL
);

-- Recovery codes, each usable once: only a salted SHA-256 of each is kept.
CREATE TABLE platform.mfa_recovery_code (
    id         TEXT NOT NULL PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES app_user (id),
    salt       TEXT NOT NULL,
    code_hash  TEXT NOT NULL,
    created_at TEXT NOT NULL,
    used_at    TEXT NULL
);
CREATE INDEX platform.ix_mfa_recovery_code_user ON mfa_recovery_code (user_id);
