-- Which agent works which debt.
CREATE TABLE debtors.assignment (
    invoice_id    UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_debtors_assignment PRIMARY KEY
                                   CONSTRAINT fk_debtors_assignment_invoice REFERENCES debtors.invoice (id),
    agent_id      UNIQUEIDENTIFIER NOT NULL,
    assigned_by   NVARCHAR(254)    NOT NULL,
    assigned_at   DATETIME2(7)     NOT NULL
);
CREATE INDEX ix_assignment_agent ON debtors.assignment (agent_id);
