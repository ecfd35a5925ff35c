using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Communication.Data;
using Recovery.Communication.Features.Dispatch;
using Recovery.Communication.Features.Runs;

namespace Recovery.Communication.Jobs;

/// <summary>Starts the day's run by itself once the configured local hour has come, if the day has no completed run yet.</summary>
internal sealed class DunningJob(IServiceProvider services, RunPlanner planner, IOptions<CommunicationOptions> options, Leases leases, TimeProvider clock,
    ILogger<DunningJob> logger) : LeasedJob(leases, clock, logger)
{
    protected override string Schema => CommunicationDb.Name;
    public override string LeaseName => "dunning";
    protected override TimeSpan Interval => TimeSpan.FromMinutes(5);

    protected override async Task<string> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now.ToOffset(TimeSpan.FromHours(-3)).Hour < options.Value.DailyRunHour) return "";
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CommunicationDb>();
            await using var session = await db.OpenAsync(ct);
            if (await session.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM communication.run WHERE business_date = @Today AND status = 'completed'",
                    new { Today = clock.Today() }) > 0) return "";
        }
        var run = await planner.RunAsync("system", ct);
        return run is null ? "" : $"dunning run {run.Status}: {run.Planned} messages planned over {run.StepsDone} steps";
    }
}
