-- Whether the contract agreed a moratory interest rate. 0: it did not, and the legal rate applies (Civil Code art. 406
-- as rewritten by Lei 14.905/2024), whatever the portfolio's default; monthly_interest_bp then says nothing.
ALTER TABLE debtors.invoice ADD COLUMN interest_agreed INTEGER NOT NULL DEFAULT 1;
