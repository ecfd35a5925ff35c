-- Idempotency keys compare byte for byte, as on SQLite: under the default case-insensitive collation 'Key-1' and 'key-1'
-- would be one request. The column is under the primary key, so the key is dropped and made again around the change.
ALTER TABLE {schema}.idempotency_request DROP CONSTRAINT pk_{schema}_idempotency_request;
ALTER TABLE {schema}.idempotency_request ALTER COLUMN idempotency_key NVARCHAR(255) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE {schema}.idempotency_request ADD CONSTRAINT pk_{schema}_idempotency_request PRIMARY KEY (owner_id, idempotency_key);
