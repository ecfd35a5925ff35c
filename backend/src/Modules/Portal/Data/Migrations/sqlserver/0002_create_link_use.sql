-- The signed links into the portal already opened (ADR 0025): a link opens one session, once. The message id is the
-- link's identity (the link names only its message).
CREATE TABLE portal.link_use (
    message_id  UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_portal_link_use PRIMARY KEY,
    debtor_id   UNIQUEIDENTIFIER NOT NULL,
    used_at     DATETIME2(7)     NOT NULL
);
