using Microsoft.Data.Sqlite;

namespace Recovery.Bench;

/// <summary>A module's SQLite file opened the way the product opens it (attached under its schema name), for the floors.</summary>
internal static class ModuleFile
{
    public static SqliteConnection Open(string dataDirectory, string schema)
    {
        var connection = new SqliteConnection("Data Source=:memory:;Default Timeout=60");
        connection.Open();
        using var attach = connection.CreateCommand();
        attach.CommandText = $"ATTACH DATABASE '{Path.Combine(dataDirectory, schema + ".db")}' AS {schema}; PRAGMA busy_timeout = 60000;";
        attach.ExecuteNonQuery();
        return connection;
    }

    public static long Count(string dataDirectory, string schema, string sql)
    {
        using var connection = Open(dataDirectory, schema);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }

    /// <summary>Waits until a module has seen every invoice through its events; returns the seconds it took.</summary>
    public static async Task<double> WaitForAsync(string dataDirectory, string schema, string table, long total)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (Count(dataDirectory, schema, $"SELECT COUNT(*) FROM {schema}.{table}") < total) await Task.Delay(1000);
        return clock.Elapsed.TotalSeconds;
    }
}
