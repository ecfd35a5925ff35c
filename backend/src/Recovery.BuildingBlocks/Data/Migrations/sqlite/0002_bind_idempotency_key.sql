-- SQLite already compares text byte for byte (BINARY): nothing to change. The SQL Server migration of the same number
-- gives idempotency keys a binary collation.
SELECT 1;
