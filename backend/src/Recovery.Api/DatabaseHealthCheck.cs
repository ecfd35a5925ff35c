using Microsoft.Extensions.Diagnostics.HealthChecks;
using Recovery.BuildingBlocks.Data;

namespace Recovery.Api;

/// <summary>
/// Healthy when every schema answers and has all of its migrations applied; the data says, schema by schema, how many
/// of its known migrations are journaled (or that it did not answer).
/// </summary>
internal sealed class DatabaseHealthCheck(Database database, MigrationRunner runner, IEnumerable<ModuleSchema> schemas) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var data = new Dictionary<string, object>();
        var problems = new List<string>();
        foreach (var schema in schemas)
        {
            var expected = runner.PlanFor(schema).Count;
            try
            {
                var connection = await database.OpenAsync(schema.Schema, ct);
                try
                {
                    await using var command = connection.CreateCommand();
                    command.CommandText = $"SELECT COUNT(*) FROM {schema.Schema}.schema_migration";
                    var applied = Convert.ToInt32(await command.ExecuteScalarAsync(ct));
                    data[schema.Schema] = $"{applied} of {expected} migrations applied";
                    if (applied < expected) problems.Add($"{schema.Schema}: {applied} of {expected} migrations applied.");
                }
                finally
                {
                    database.Release(schema.Schema, connection);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                data[schema.Schema] = "not reachable";
                problems.Add($"{schema.Schema}: the database is not reachable.");
            }
        }
        return problems.Count == 0
            ? HealthCheckResult.Healthy("Every schema answers with its migrations applied.", data)
            : HealthCheckResult.Unhealthy(string.Join(" ", problems), data: data);
    }
}
