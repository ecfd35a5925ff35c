-- The channel provider's message ids (looked up by the provider's callbacks) and the partner's invoice ids compare byte
-- for byte, as on SQLite. The provider id is under a filtered index, dropped and made again.
ALTER TABLE communication.debt ALTER COLUMN external_id NVARCHAR(64) COLLATE Latin1_General_100_BIN2 NOT NULL;

DROP INDEX ix_message_provider ON communication.message;
ALTER TABLE communication.message ALTER COLUMN provider_id NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NULL;
CREATE INDEX ix_message_provider ON communication.message (provider_id) WHERE provider_id IS NOT NULL;
