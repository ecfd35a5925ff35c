-- The portal funnel (ADR 0025), from events only: a code sent (RequestedMessageSent of kind access_code), a session
-- (PortalSessionStarted), offers seen (PortalOffersShown with at least one offer), an agreement made by the debtor
-- (AgreementCreated with CreatedByKind debtor) and its first installment paid (the first InstallmentPaid of such an
-- agreement). One row per step and portfolio it counts in; the report counts distinct debtors per month and portfolio.
CREATE TABLE reporting.portal_step (
    stage           TEXT NOT NULL CHECK (stage IN ('code_sent', 'session', 'offers_seen', 'agreement', 'first_paid')),
    ref_id          TEXT NOT NULL,
    portfolio_id    TEXT NOT NULL,
    portfolio_code  TEXT NOT NULL,
    partner_id      TEXT NOT NULL,
    debtor_id       TEXT NOT NULL,
    month           TEXT NOT NULL,
    occurred_on     TEXT NOT NULL,
    PRIMARY KEY (stage, ref_id, portfolio_id)
);
CREATE INDEX reporting.ix_portal_step_month ON portal_step (month, portfolio_id, stage);
