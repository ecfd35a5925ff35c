-- SQLite already compares text byte for byte (BINARY): nothing to change. The SQL Server migration of the same number
-- gives the provider's message ids a binary collation.
SELECT 1;
