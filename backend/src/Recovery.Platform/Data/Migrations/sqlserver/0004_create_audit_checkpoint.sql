-- Signed checkpoints of the audit chain's head (ADR 0015): how many entries the chain had and the hash of its last
-- entry, with an HMAC-SHA256 under a key kept outside the database. A chain shorter than a checkpoint, or without
-- the checkpointed hash at that position, was cut. Append-only, like the chain (a trigger on every version).
CREATE TABLE platform.audit_checkpoint (
    seq        BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_platform_audit_checkpoint PRIMARY KEY,
    taken_at   DATETIME2(7) NOT NULL,
    entries    BIGINT       NOT NULL,
    head_seq   BIGINT       NOT NULL,
    head_hash  NCHAR(64)    NOT NULL,
    key_id     NCHAR(16)    NOT NULL,
    signature  NCHAR(64)    NOT NULL
);
GO
CREATE TRIGGER platform.audit_checkpoint_append_only ON platform.audit_checkpoint INSTEAD OF UPDATE, DELETE AS
    THROW 51000, 'audit checkpoints are append-only', 1;
