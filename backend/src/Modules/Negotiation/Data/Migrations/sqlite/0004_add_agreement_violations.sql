-- The rules a plan broke when it was made (JSON: rule, message, requiredRole), so that whoever approves it reads what
-- the agent saw, not a plan priced again later.
ALTER TABLE negotiation.agreement ADD COLUMN violations TEXT NULL;
