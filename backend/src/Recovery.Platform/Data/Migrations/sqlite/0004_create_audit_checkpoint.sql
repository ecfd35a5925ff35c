-- Signed checkpoints of the audit chain's head (ADR 0015): how many entries the chain had and the hash of its last
-- entry, with an HMAC-SHA256 under a key kept outside the database. A chain shorter than a checkpoint, or without
-- the checkpointed hash at that position, was cut. Append-only, like the chain.
CREATE TABLE platform.audit_checkpoint (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    taken_at   TEXT    NOT NULL,
    entries    INTEGER NOT NULL,
    head_seq   INTEGER NOT NULL,
    head_hash  TEXT    NOT NULL,
    key_id     TEXT    NOT NULL,
    signature  TEXT    NOT NULL
);

CREATE TRIGGER platform.audit_checkpoint_no_update BEFORE UPDATE ON audit_checkpoint
BEGIN
    SELECT RAISE(ABORT, 'audit checkpoints are append-only');
END;
CREATE TRIGGER platform.audit_checkpoint_no_delete BEFORE DELETE ON audit_checkpoint
BEGIN
    SELECT RAISE(ABORT, 'audit checkpoints are append-only');
END;
