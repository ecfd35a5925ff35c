-- Teams: a supervisor owns one, agents belong to one (ADR 0026).
CREATE TABLE platform.team (
    id            UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_platform_team PRIMARY KEY,
    name          NVARCHAR(200)    NOT NULL,
    supervisor_id UNIQUEIDENTIFIER NULL CONSTRAINT fk_platform_team_supervisor REFERENCES platform.app_user (id),
    created_at    DATETIME2(7)     NOT NULL,
    updated_at    DATETIME2(7)     NOT NULL
);
CREATE UNIQUE INDEX ux_team_name ON platform.team (name);
CREATE INDEX ix_team_supervisor ON platform.team (supervisor_id);

ALTER TABLE platform.app_user ADD team_id UNIQUEIDENTIFIER NULL;
-- A collection agency's people: the agency is Escalation's; its users see only what is placed with it.
ALTER TABLE platform.app_user ADD agency_id UNIQUEIDENTIFIER NULL;

-- The portfolios an agent or supervisor is limited to; none: no limit.
CREATE TABLE platform.user_portfolio (
    user_id      UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_platform_user_portfolio_user REFERENCES platform.app_user (id),
    portfolio_id UNIQUEIDENTIFIER NOT NULL,
    CONSTRAINT pk_platform_user_portfolio PRIMARY KEY (user_id, portfolio_id)
);
