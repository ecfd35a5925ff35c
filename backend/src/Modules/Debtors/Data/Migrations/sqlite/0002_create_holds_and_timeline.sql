-- Holds stop collection on a debtor or on one debt, with a reason, a legal basis and an optional end date.
CREATE TABLE debtors.hold (
    id            TEXT NOT NULL PRIMARY KEY,
    debtor_id     TEXT NOT NULL REFERENCES debtor (id),
    invoice_id    TEXT NULL REFERENCES invoice (id),
    kind          TEXT NOT NULL CHECK (kind IN ('dispute', 'hardship', 'deceased', 'lawsuit', 'do_not_contact')),
    reason        TEXT NOT NULL,
    legal_basis   TEXT NULL,
    ends_on       TEXT NULL,
    placed_by     TEXT NOT NULL,
    placed_at     TEXT NOT NULL,
    lifted_by     TEXT NULL,
    lifted_at     TEXT NULL,
    lift_reason   TEXT NULL
);
CREATE INDEX debtors.ix_hold_debtor ON hold (debtor_id);

-- The interaction timeline: append-only, newest read first.
CREATE TABLE debtors.interaction (
    id            TEXT NOT NULL PRIMARY KEY,
    debtor_id     TEXT NOT NULL REFERENCES debtor (id),
    invoice_id    TEXT NULL,
    kind          TEXT NOT NULL,
    channel       TEXT NULL,
    result        TEXT NULL,
    text          TEXT NULL,
    actor_id      TEXT NULL,
    actor_name    TEXT NOT NULL,
    occurred_at   TEXT NOT NULL
);
CREATE INDEX debtors.ix_interaction_debtor_time ON interaction (debtor_id, occurred_at);

CREATE TRIGGER debtors.interaction_no_update BEFORE UPDATE ON interaction
BEGIN
    SELECT RAISE(ABORT, 'the timeline is append-only');
END;
CREATE TRIGGER debtors.interaction_no_delete BEFORE DELETE ON interaction
BEGIN
    SELECT RAISE(ABORT, 'the timeline is append-only');
END;
