using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Recovery.BuildingBlocks.Messaging;

/// <summary>
/// A background job that runs every <see cref="Interval"/> on one instance at a time (a lease in its schema). A failed
/// run is logged and tried again at the next interval; the clock is the injected <see cref="TimeProvider"/>, so tests
/// that move it move the job.
/// </summary>
public abstract class LeasedJob(Leases leases, TimeProvider clock, ILogger logger) : BackgroundService
{
    protected abstract string Schema { get; }
    protected abstract string LeaseName { get; }
    protected abstract TimeSpan Interval { get; }

    protected abstract Task RunOnceAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await leases.TryAcquireAsync(Schema, LeaseName, TimeSpan.FromMinutes(10), stoppingToken))
                    await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception ex) { logger.LogError(ex, "The {Job} run failed; it runs again at the next interval", LeaseName); }
            try { await Task.Delay(Interval, clock, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }
}
