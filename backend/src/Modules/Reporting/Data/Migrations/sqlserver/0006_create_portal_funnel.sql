-- The portal funnel (ADR 0025), from events only: a code sent (RequestedMessageSent of kind access_code), a session
-- (PortalSessionStarted), offers seen (PortalOffersShown with at least one offer), an agreement made by the debtor
-- (AgreementCreated with CreatedByKind debtor) and its first installment paid (the first InstallmentPaid of such an
-- agreement). One row per step and portfolio it counts in; the report counts distinct debtors per month and portfolio.
CREATE TABLE reporting.portal_step (
    stage           NVARCHAR(16)     NOT NULL CONSTRAINT ck_reporting_portal_step_stage
                                     CHECK (stage IN ('code_sent', 'session', 'offers_seen', 'agreement', 'first_paid')),
    ref_id          UNIQUEIDENTIFIER NOT NULL,
    portfolio_id    UNIQUEIDENTIFIER NOT NULL,
    portfolio_code  NVARCHAR(64)     NOT NULL,
    partner_id      UNIQUEIDENTIFIER NOT NULL,
    debtor_id       UNIQUEIDENTIFIER NOT NULL,
    month           NCHAR(7)         NOT NULL,
    occurred_on     DATE             NOT NULL,
    CONSTRAINT pk_reporting_portal_step PRIMARY KEY (stage, ref_id, portfolio_id)
);
CREATE INDEX ix_portal_step_month ON reporting.portal_step (month, portfolio_id, stage);
