-- Purchased portfolios and what they cost (ADR 0028), from Debtors' PortfolioPurchased and Bureau's BureauLookupCharged.
CREATE TABLE reporting.purchased_portfolio (
    portfolio_id      UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_reporting_purchased_portfolio PRIMARY KEY,
    partner_id        UNIQUEIDENTIFIER NOT NULL,
    portfolio_code    NVARCHAR(64)     NOT NULL,
    seller            NVARCHAR(200)    NOT NULL,
    purchased_on      DATE             NOT NULL,
    face_value_cents  BIGINT           NOT NULL,
    price_cents       BIGINT           NOT NULL
);

-- What each paid bureau lookup cost, and the portfolio whose budget paid for it.
CREATE TABLE reporting.bureau_cost (
    lookup_id     UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_reporting_bureau_cost PRIMARY KEY,
    debtor_id     UNIQUEIDENTIFIER NOT NULL,
    portfolio_id  UNIQUEIDENTIFIER NULL,
    cost_cents    BIGINT           NOT NULL,
    charged_on    DATE             NOT NULL
);
CREATE INDEX ix_bureau_cost_portfolio ON reporting.bureau_cost (portfolio_id, charged_on);
CREATE INDEX ix_collection_portfolio ON reporting.collection (portfolio_id, paid_on);
