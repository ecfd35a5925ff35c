-- SQLite already compares text byte for byte (BINARY): nothing to change. The SQL Server migration of the same number
-- gives external invoice and payment ids a binary collation.
SELECT 1;
