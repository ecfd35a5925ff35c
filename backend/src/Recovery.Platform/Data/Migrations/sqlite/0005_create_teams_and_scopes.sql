-- Teams: a supervisor owns one, agents belong to one (ADR 0026).
CREATE TABLE platform.team (
    id            TEXT NOT NULL PRIMARY KEY,
    name          TEXT NOT NULL,
    supervisor_id TEXT NULL REFERENCES app_user (id),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX platform.ux_team_name ON team (name);
CREATE INDEX platform.ix_team_supervisor ON team (supervisor_id);

ALTER TABLE platform.app_user ADD COLUMN team_id TEXT NULL;
-- A collection agency's people: the agency is Escalation's; its users see only what is placed with it.
ALTER TABLE platform.app_user ADD COLUMN agency_id TEXT NULL;

-- The portfolios an agent or supervisor is limited to; none: no limit.
CREATE TABLE platform.user_portfolio (
    user_id      TEXT NOT NULL REFERENCES app_user (id),
    portfolio_id TEXT NOT NULL,
    PRIMARY KEY (user_id, portfolio_id)
);
