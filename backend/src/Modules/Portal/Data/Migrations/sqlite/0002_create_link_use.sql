-- The signed links into the portal already opened (ADR 0025): a link opens one session, once. The message id is the
-- link's identity (the link names only its message).
CREATE TABLE portal.link_use (
    message_id  TEXT NOT NULL PRIMARY KEY,
    debtor_id   TEXT NOT NULL,
    used_at     TEXT NOT NULL
);
