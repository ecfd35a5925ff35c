using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Recovery.BuildingBlocks.Observability;

namespace Recovery.BuildingBlocks.Messaging;

/// <summary>
/// A background job that runs every <see cref="Interval"/> on one instance at a time (a lease in its schema). A failed
/// run is logged and tried again at the next interval; the clock is the injected <see cref="TimeProvider"/>, so tests
/// that move it move the job. An administrator can also run it at once (<see cref="RunNowAsync"/>); within one
/// instance runs never overlap.
/// </summary>
public abstract class LeasedJob(Leases leases, TimeProvider clock, ILogger logger) : BackgroundService
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    protected abstract string Schema { get; }

    /// <summary>The lease's name, which is also the job's name for administrators.</summary>
    public abstract string LeaseName { get; }

    protected abstract TimeSpan Interval { get; }

    /// <summary>One run; returns what it did, in a sentence an operator can read.</summary>
    protected abstract Task<string> RunOnceAsync(CancellationToken ct);

    /// <summary>How long the lease lasts without renewal; a run renews it every third of that while it goes.</summary>
    protected virtual TimeSpan LeaseDuration => TimeSpan.FromMinutes(10);

    /// <summary>Runs now when this instance holds (or takes) the lease; null when another instance holds it.</summary>
    public async Task<JobRun?> RunNowAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (!await leases.TryAcquireAsync(Schema, LeaseName, LeaseDuration, ct)) return null;
            var started = clock.GetUtcNow();
            var watch = Stopwatch.StartNew();
            using var run = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var done = new CancellationTokenSource();
            var renewal = KeepLeaseAsync(run, done.Token);
            string outcome;
            var result = "failure";
            // A run is a span (a trace of its own in the background, a child of the request when an administrator runs it)
            // with its statements as children, and a measure of the job's duration.
            using var activity = RecoveryMetrics.Source.StartActivity($"job {LeaseName}", ActivityKind.Internal);
            activity?.SetTag("recovery.job", LeaseName);
            try
            {
                outcome = await RunOnceAsync(run.Token);
                result = "success";
            }
            catch (OperationCanceledException)
            {
                result = "cancelled";
                throw;
            }
            finally
            {
                await done.CancelAsync();
                await renewal;
                RecoveryMetrics.JobRun(LeaseName, watch.Elapsed, result);
                activity?.SetTag("recovery.outcome", result);
                if (result == "failure") activity?.SetStatus(ActivityStatusCode.Error);
            }
            return new JobRun(LeaseName, started, Math.Round(watch.Elapsed.TotalMilliseconds, 1), outcome);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Renews the lease while a run goes, so that a long run is never joined by a second instance. When the lease cannot
    /// be renewed (this instance was cut off long enough for another to take it), the run is cancelled.
    /// </summary>
    private async Task KeepLeaseAsync(CancellationTokenSource run, CancellationToken done)
    {
        try
        {
            while (true)
            {
                await Task.Delay(LeaseDuration / 3, clock, done);
                bool renewed;
                try { renewed = await leases.TryAcquireAsync(Schema, LeaseName, LeaseDuration, done); }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(Redaction.Exception(ex), "Renewing the {Job} lease failed; trying again", LeaseName);
                    continue;
                }
                if (renewed) continue;
                logger.LogWarning("The {Job} lease went to another instance during a run; the run stops", LeaseName);
                await run.CancelAsync();
                return;
            }
        }
        catch (OperationCanceledException) when (done.IsCancellationRequested) { }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        if (!leases.Schedules(LeaseName)) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var run = await RunNowAsync(stoppingToken);
                if (run is not null && run.Outcome.Length > 0) logger.LogInformation("{Job}: {Outcome}", run.Job, run.Outcome);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception ex) { logger.LogError(Redaction.Exception(ex), "The {Job} run failed; it runs again at the next interval", LeaseName); }
            try { await Task.Delay(Interval, clock, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }
}

/// <summary>One run of a job: when it started, how long it took and what it did.</summary>
public sealed record JobRun(string Job, DateTimeOffset StartedAt, double ElapsedMs, string Outcome);

public static class LeasedJobRegistration
{
    /// <summary>Registers the job once, as a hosted service and as a <see cref="LeasedJob"/> administrators can run.</summary>
    public static IServiceCollection AddLeasedJob<TJob>(this IServiceCollection services) where TJob : LeasedJob
    {
        services.AddSingleton<TJob>();
        services.AddSingleton<LeasedJob>(sp => sp.GetRequiredService<TJob>());
        services.AddHostedService(sp => sp.GetRequiredService<TJob>());
        return services;
    }
}
