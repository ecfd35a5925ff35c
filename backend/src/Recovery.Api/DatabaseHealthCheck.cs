using Microsoft.Extensions.Diagnostics.HealthChecks;
using Recovery.BuildingBlocks.Data;

namespace Recovery.Api;

/// <summary>Healthy when every schema answers and has all of its migrations applied.</summary>
internal sealed class DatabaseHealthCheck(Database database, MigrationRunner runner, IEnumerable<ModuleSchema> schemas) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            foreach (var schema in schemas)
            {
                var connection = await database.OpenAsync(schema.Schema, ct);
                try
                {
                    await using var command = connection.CreateCommand();
                    command.CommandText = $"SELECT COUNT(*) FROM {schema.Schema}.schema_migration";
                    var applied = Convert.ToInt32(await command.ExecuteScalarAsync(ct));
                    var expected = runner.PlanFor(schema).Count;
                    if (applied < expected)
                        return HealthCheckResult.Unhealthy($"{schema.Schema}: {applied} of {expected} migrations applied.");
                }
                finally
                {
                    database.Release(schema.Schema, connection);
                }
            }
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("The database is not reachable.", ex);
        }
    }
}
