namespace Recovery.BuildingBlocks.Data;

/// <summary>
/// The few places where SQLite and SQL Server differ. Everything else is written once in the portable subset.
/// </summary>
public interface ISqlDialect
{
    DatabaseProvider Provider { get; }

    /// <summary>Appends a row limit to an ordered SELECT: <c>LIMIT n</c> or <c>OFFSET 0 ROWS FETCH NEXT n ROWS ONLY</c>.</summary>
    string Limit(string orderedSelect, string limitParameter);

    /// <summary>An INSERT that does nothing when the key already exists.</summary>
    string InsertIgnore(string table, string columns, string values, string keyColumns);

    /// <summary>True when the exception is a primary key or unique index violation.</summary>
    bool IsUniqueViolation(Exception exception);

    /// <summary>
    /// A subquery over the strings of a JSON array parameter, for <c>IN (...)</c> with a whole batch of keys: one
    /// parameter and one compiled statement however many keys (json_each / OPENJSON).
    /// </summary>
    string JsonTexts(string parameter);

    /// <summary>As <see cref="JsonTexts"/>, for ids.</summary>
    string JsonIds(string parameter);

    /// <summary>An expression giving a new random id for each row of an <c>INSERT ... SELECT</c> (NEWID() / randomblob).</summary>
    string NewId { get; }
}

public static class SqlDialectExtensions
{
    /// <summary>The JSON array value for <see cref="ISqlDialect.JsonTexts"/> and <see cref="ISqlDialect.JsonIds"/>.</summary>
    public static string JsonArray<T>(this ISqlDialect _, IEnumerable<T> values) =>
        System.Text.Json.JsonSerializer.Serialize(values.Select(v => v!.ToString()));
}

internal sealed class SqliteDialect : ISqlDialect
{
    public DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public string Limit(string orderedSelect, string limitParameter) => $"{orderedSelect} LIMIT {limitParameter}";

    public string InsertIgnore(string table, string columns, string values, string keyColumns) =>
        $"INSERT INTO {table} ({columns}) VALUES ({values}) ON CONFLICT ({keyColumns}) DO NOTHING";

    public string JsonTexts(string parameter) => $"SELECT value FROM json_each({parameter})";

    public string JsonIds(string parameter) => $"SELECT value FROM json_each({parameter})";

    // The canonical lower-case 8-4-4-4-12 text the Guid type handler writes, so that ids compare equal; random bits per row.
    public string NewId =>
        "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || " +
        "substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))";

    // SQLITE_CONSTRAINT_PRIMARYKEY = 1555, SQLITE_CONSTRAINT_UNIQUE = 2067
    public bool IsUniqueViolation(Exception exception) =>
        exception is Microsoft.Data.Sqlite.SqliteException { SqliteExtendedErrorCode: 1555 or 2067 };
}

internal sealed class SqlServerDialect : ISqlDialect
{
    public DatabaseProvider Provider => DatabaseProvider.SqlServer;

    public string Limit(string orderedSelect, string limitParameter) =>
        $"{orderedSelect} OFFSET 0 ROWS FETCH NEXT {limitParameter} ROWS ONLY";

    public string InsertIgnore(string table, string columns, string values, string keyColumns)
    {
        var keys = keyColumns.Split(',', StringSplitOptions.TrimEntries);
        var names = columns.Split(',', StringSplitOptions.TrimEntries);
        var vals = values.Split(',', StringSplitOptions.TrimEntries);
        var match = string.Join(" AND ", keys.Select(k => $"t.{k} = s.{k}"));
        var source = string.Join(", ", names.Select((n, i) => $"{vals[i]} AS {n}"));
        return $"""
            MERGE {table} WITH (HOLDLOCK) AS t
            USING (SELECT {source}) AS s ON {match}
            WHEN NOT MATCHED THEN INSERT ({columns}) VALUES ({string.Join(", ", names.Select(n => "s." + n))});
            """;
    }

    public string JsonTexts(string parameter) => $"SELECT CAST([value] AS NVARCHAR(400)) FROM OPENJSON({parameter})";

    public string JsonIds(string parameter) => $"SELECT CAST([value] AS UNIQUEIDENTIFIER) FROM OPENJSON({parameter})";

    public string NewId => "NEWID()";

    // 2627: violation of PRIMARY KEY / UNIQUE constraint; 2601: duplicate key in unique index
    public bool IsUniqueViolation(Exception exception) =>
        exception is Microsoft.Data.SqlClient.SqlException { Number: 2627 or 2601 };
}
