CREATE TABLE platform.app_user (
    id            TEXT    NOT NULL PRIMARY KEY,
    email         TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'supervisor', 'agent', 'auditor')),
    password_hash TEXT    NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  TEXT    NULL,
    is_active     INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL
);
CREATE UNIQUE INDEX platform.ux_app_user_email ON app_user (email);

CREATE TABLE platform.user_session (
    id           TEXT NOT NULL PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES app_user (id),
    ticket       BLOB NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    absolute_expires_at TEXT NOT NULL
);
CREATE INDEX platform.ix_user_session_user ON user_session (user_id);

CREATE TABLE platform.partner (
    id         TEXT NOT NULL PRIMARY KEY,
    name       TEXT NOT NULL,
    document   TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX platform.ux_partner_document ON partner (document);

CREATE TABLE platform.api_key (
    id         TEXT NOT NULL PRIMARY KEY,
    partner_id TEXT NOT NULL REFERENCES partner (id),
    lookup     TEXT NOT NULL,
    key_hash   TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT NULL
);
CREATE UNIQUE INDEX platform.ux_api_key_lookup ON api_key (lookup);
CREATE INDEX platform.ix_api_key_partner ON api_key (partner_id);

-- The audit trail: append-only and hash-chained. Each entry's hash covers its content and the previous entry's hash.
CREATE TABLE platform.audit_entry (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    id            TEXT NOT NULL UNIQUE,
    occurred_at   TEXT NOT NULL,
    recorded_at   TEXT NOT NULL,
    actor_kind    TEXT NOT NULL,
    actor_id      TEXT NULL,
    actor_name    TEXT NOT NULL,
    actor_role    TEXT NULL,
    ip_address    TEXT NULL,
    action        TEXT NOT NULL,
    resource_type TEXT NULL,
    resource_id   TEXT NULL,
    outcome       TEXT NOT NULL,
    before_state  TEXT NULL,
    after_state   TEXT NULL,
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
);
CREATE INDEX platform.ix_audit_entry_occurred ON audit_entry (occurred_at);
CREATE INDEX platform.ix_audit_entry_actor ON audit_entry (actor_name);
CREATE INDEX platform.ix_audit_entry_resource ON audit_entry (resource_type, resource_id);

CREATE TRIGGER platform.audit_entry_no_update BEFORE UPDATE ON audit_entry
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE TRIGGER platform.audit_entry_no_delete BEFORE DELETE ON audit_entry
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
