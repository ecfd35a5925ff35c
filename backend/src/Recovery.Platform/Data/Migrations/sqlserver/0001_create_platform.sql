CREATE TABLE platform.app_user (
    id            UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_platform_app_user PRIMARY KEY,
    email         NVARCHAR(254)    NOT NULL,
    name          NVARCHAR(200)    NOT NULL,
    role          NVARCHAR(16)      NOT NULL CONSTRAINT ck_platform_app_user_role CHECK (role IN ('admin', 'supervisor', 'agent', 'auditor')),
    password_hash NVARCHAR(400)    NOT NULL,
    failed_logins INT              NOT NULL CONSTRAINT df_platform_app_user_failed DEFAULT 0,
    locked_until  DATETIME2(7)     NULL,
    is_active     BIT              NOT NULL CONSTRAINT df_platform_app_user_active DEFAULT 1,
    created_at    DATETIME2(7)     NOT NULL,
    updated_at    DATETIME2(7)     NOT NULL
);
CREATE UNIQUE INDEX ux_app_user_email ON platform.app_user (email);

CREATE TABLE platform.user_session (
    id           UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_platform_user_session PRIMARY KEY,
    user_id      UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_platform_user_session_user REFERENCES platform.app_user (id),
    ticket       VARBINARY(MAX)   NOT NULL,
    created_at   DATETIME2(7)     NOT NULL,
    expires_at   DATETIME2(7)     NOT NULL,
    absolute_expires_at DATETIME2(7) NOT NULL
);
CREATE INDEX ix_user_session_user ON platform.user_session (user_id);

CREATE TABLE platform.partner (
    id         UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_platform_partner PRIMARY KEY,
    name       NVARCHAR(200)    NOT NULL,
    document   NCHAR(14)         NOT NULL,
    created_at DATETIME2(7)     NOT NULL
);
CREATE UNIQUE INDEX ux_partner_document ON platform.partner (document);

CREATE TABLE platform.api_key (
    id         UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_platform_api_key PRIMARY KEY,
    partner_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_platform_api_key_partner REFERENCES platform.partner (id),
    lookup     NVARCHAR(32)      NOT NULL,
    key_hash   NCHAR(64)         NOT NULL,
    created_at DATETIME2(7)     NOT NULL,
    revoked_at DATETIME2(7)     NULL
);
CREATE UNIQUE INDEX ux_api_key_lookup ON platform.api_key (lookup);
CREATE INDEX ix_api_key_partner ON platform.api_key (partner_id);

-- The audit trail, hash-chained by the application so that verification works the same on both engines. Where the
-- server has ledger tables (SQL Server 2022, major version 16, and Azure SQL Database / Managed Instance, engine editions
-- 5 and 8) it is an append-only ledger table; elsewhere (SQL Server 2019) a trigger refuses updates and deletes.
IF CAST(SERVERPROPERTY('ProductMajorVersion') AS INT) >= 16 OR CAST(SERVERPROPERTY('EngineEdition') AS INT) IN (5, 8)
    EXEC(N'CREATE TABLE platform.audit_entry (
    seq           BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_platform_audit_entry PRIMARY KEY,
    id            UNIQUEIDENTIFIER NOT NULL CONSTRAINT uq_platform_audit_entry_id UNIQUE,
    occurred_at   DATETIME2(7)     NOT NULL,
    recorded_at   DATETIME2(7)     NOT NULL,
    actor_kind    NVARCHAR(16)      NOT NULL,
    actor_id      UNIQUEIDENTIFIER NULL,
    actor_name    NVARCHAR(254)    NOT NULL,
    actor_role    NVARCHAR(16)      NULL,
    ip_address    NVARCHAR(45)      NULL,
    action        NVARCHAR(200)    NOT NULL,
    resource_type NVARCHAR(100)    NULL,
    resource_id   NVARCHAR(100)    NULL,
    outcome       NVARCHAR(50)     NOT NULL,
    before_state  NVARCHAR(MAX)    NULL,
    after_state   NVARCHAR(MAX)    NULL,
    prev_hash     NCHAR(64)         NOT NULL,
    hash          NCHAR(64)         NOT NULL
) WITH (LEDGER = ON (APPEND_ONLY = ON))');
ELSE
BEGIN
    EXEC(N'CREATE TABLE platform.audit_entry (
    seq           BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_platform_audit_entry PRIMARY KEY,
    id            UNIQUEIDENTIFIER NOT NULL CONSTRAINT uq_platform_audit_entry_id UNIQUE,
    occurred_at   DATETIME2(7)     NOT NULL,
    recorded_at   DATETIME2(7)     NOT NULL,
    actor_kind    NVARCHAR(16)      NOT NULL,
    actor_id      UNIQUEIDENTIFIER NULL,
    actor_name    NVARCHAR(254)    NOT NULL,
    actor_role    NVARCHAR(16)      NULL,
    ip_address    NVARCHAR(45)      NULL,
    action        NVARCHAR(200)    NOT NULL,
    resource_type NVARCHAR(100)    NULL,
    resource_id   NVARCHAR(100)    NULL,
    outcome       NVARCHAR(50)     NOT NULL,
    before_state  NVARCHAR(MAX)    NULL,
    after_state   NVARCHAR(MAX)    NULL,
    prev_hash     NCHAR(64)         NOT NULL,
    hash          NCHAR(64)         NOT NULL
)');
    EXEC(N'CREATE TRIGGER platform.audit_entry_append_only ON platform.audit_entry INSTEAD OF UPDATE, DELETE AS
        THROW 51000, ''the audit trail is append-only'', 1;');
END;
GO
CREATE INDEX ix_audit_entry_occurred ON platform.audit_entry (occurred_at);
CREATE INDEX ix_audit_entry_actor ON platform.audit_entry (actor_name);
CREATE INDEX ix_audit_entry_resource ON platform.audit_entry (resource_type, resource_id);
