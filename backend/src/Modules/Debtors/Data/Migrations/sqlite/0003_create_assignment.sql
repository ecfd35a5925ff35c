-- Which agent works which debt.
CREATE TABLE debtors.assignment (
    invoice_id    TEXT NOT NULL PRIMARY KEY REFERENCES invoice (id),
    agent_id      TEXT NOT NULL,
    assigned_by   TEXT NOT NULL,
    assigned_at   TEXT NOT NULL
);
CREATE INDEX debtors.ix_assignment_agent ON assignment (agent_id);
