-- SQLite already compares text byte for byte (BINARY): nothing to change. The SQL Server migration of the same number
-- gives Pix txids, payment keys and external invoice ids a binary collation.
SELECT 1;
