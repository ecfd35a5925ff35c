-- Purchased portfolios and what they cost (ADR 0028), from Debtors' PortfolioPurchased and Bureau's BureauLookupCharged.
CREATE TABLE reporting.purchased_portfolio (
    portfolio_id      TEXT    NOT NULL PRIMARY KEY,
    partner_id        TEXT    NOT NULL,
    portfolio_code    TEXT    NOT NULL,
    seller            TEXT    NOT NULL,
    purchased_on      TEXT    NOT NULL,
    face_value_cents  INTEGER NOT NULL,
    price_cents       INTEGER NOT NULL
);

-- What each paid bureau lookup cost, and the portfolio whose budget paid for it.
CREATE TABLE reporting.bureau_cost (
    lookup_id     TEXT    NOT NULL PRIMARY KEY,
    debtor_id     TEXT    NOT NULL,
    portfolio_id  TEXT    NULL,
    cost_cents    INTEGER NOT NULL,
    charged_on    TEXT    NOT NULL
);
CREATE INDEX reporting.ix_bureau_cost_portfolio ON bureau_cost (portfolio_id, charged_on);
CREATE INDEX reporting.ix_collection_portfolio ON collection (portfolio_id, paid_on);
