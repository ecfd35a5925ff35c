namespace Recovery.BuildingBlocks.Data;

public enum DatabaseProvider { Sqlite, SqlServer }

/// <summary>Bound from the <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Where the SQLite files live; <c>RECOVERY_DATA_DIR</c>, default <c>./data</c>.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The SQL Server connection string (provider SqlServer only).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Optional per-schema connection strings for SQL Server (a login per module, a replica for reporting).</summary>
    public Dictionary<string, string> SchemaConnectionStrings { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
