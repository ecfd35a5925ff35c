using System.Diagnostics;
using Recovery.BuildingBlocks.Observability;

namespace Recovery.BuildingBlocks.Data;

/// <summary>
/// A client span per statement run through <see cref="DbSession"/> (and <see cref="Database.WriteAsync"/>) on SQLite,
/// named and tagged as OpenTelemetry's database conventions say. SQL Server's client reports its own commands
/// (OpenTelemetry.Instrumentation.SqlClient), so nothing is added there. A statement outside any trace (a background
/// poll) starts none: its job's run span is its parent when there is one. The text is the parameterised SQL, never a value.
/// </summary>
internal static class DbTracing
{
    public static Activity? Start(Database database, string schema, string sql)
    {
        if (database.IsSqlServer || Activity.Current is null || !RecoveryMetrics.Source.HasListeners()) return null;
        var operation = Operation(sql);
        var activity = RecoveryMetrics.Source.StartActivity($"{operation} {schema}", ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("db.system.name", "sqlite");
            activity.SetTag("db.namespace", schema);
            activity.SetTag("db.operation.name", operation);
            activity.SetTag("db.query.text", sql);
        }
        return activity;
    }

    public static async Task<T> RunAsync<T>(Database database, string schema, string sql, Func<Task<T>> run)
    {
        using var activity = Start(database, schema, sql);
        if (activity is null) return await run();
        try
        {
            return await run();
        }
        catch (Exception ex)
        {
            activity.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            activity.SetTag("error.type", ex.GetType().FullName);
            throw;
        }
    }

    private static string Operation(string sql)
    {
        var text = sql.AsSpan().TrimStart();
        var end = 0;
        while (end < text.Length && char.IsLetter(text[end])) end++;
        return end == 0 ? "SQL" : text[..end].ToString().ToUpperInvariant();
    }
}
