using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recovery.Analytics.Data;
using Recovery.Analytics.Features.History;
using Recovery.Analytics.Features.Propensity;
using Recovery.Analytics.Features.Scores;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Messaging;

namespace Recovery.Analytics.Features.Models;

/// <summary>
/// Trains the queued runs one at a time: the whole history's examples (snapshots every <see cref="AnalyticsOptions.SnapshotDays"/>
/// with their 90-day outcomes), a time split, FastTree and Platt calibration; stores the version with its quality, or
/// fails the run saying why (too few outcomes, one outcome only).
/// </summary>
internal sealed class TrainingJob(IServiceProvider services, Leases leases, TimeProvider clock, ILogger<TrainingJob> logger)
    : LeasedJob(leases, clock, logger)
{
    protected override string Schema => AnalyticsDb.Name;
    public override string LeaseName => "analytics-training";
    protected override TimeSpan Interval => TimeSpan.FromSeconds(2);
    protected override TimeSpan LeaseDuration => TimeSpan.FromMinutes(30);

    protected override async Task<string> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AnalyticsDb>();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<AnalyticsOptions>>().Value;
        var now = clock.GetUtcNow();
        Guid? runId;
        await using (var session = await db.OpenAsync(ct))
            runId = await session.QueryFirstOrDefaultAsync<Guid?>(session.Dialect.Limit(
                "SELECT run_id FROM analytics.training_run WHERE status IN ('queued', 'running') ORDER BY requested_at", "@One"), new { One = 1 });
        if (runId is null) return "";
        await UpdateAsync(db, runId.Value, "running", 5, null, null, ct, started: now);
        try
        {
            Dictionary<Guid, List<Fact>> facts;
            await using (var session = await db.OpenForScanAsync(ct))
                facts = (await session.QueryAsync<History.History.FactRow>(
                        "SELECT debtor_id, invoice_id, kind, on_date, amount_cents, code, ref_id FROM analytics.fact ORDER BY seq"))
                    .GroupBy(r => r.DebtorId).ToDictionary(g => g.Key, g => g.Select(r => r.ToFact()).ToList());
            await UpdateAsync(db, runId.Value, "running", 20, null, null, ct);
            var examples = TrainingSet.Build(facts.Values, clock.Today(), options.SnapshotDays, options.MaxTrainingRows);
            var positives = examples.Count(e => e.Label);
            var least = options.MinOutcomes / 10;
            if (examples.Count < options.MinOutcomes || positives < least || examples.Count - positives < least)
                throw new InsufficientOutcomesException(
                    $"{examples.Count} snapshots with {positives} recovered: at least {options.MinOutcomes} with {least} of each outcome are needed; the scorecard goes on");
            await UpdateAsync(db, runId.Value, "running", 40, null, null, ct);
            var trained = PropensityModel.Train(examples);
            var portfolios = examples.GroupBy(e => e.Features.PortfolioId)
                .ToDictionary(g => g.Key, g => new PortfolioOutcomes(g.Count(), g.Count(e => e.Label)));
            int version;
            await using (var tx = await db.BeginIndependentAsync(ct))
            {
                version = (await tx.ExecuteScalarAsync<int?>("SELECT MAX(version) FROM analytics.model") ?? 0) + 1;
                await tx.ExecuteAsync(
                    """
                    INSERT INTO analytics.model (version, run_id, trained_at, row_count, auc, ks, brier, platt_a, platt_b, calibration, portfolios, payload, active)
                    VALUES (@Version, @RunId, @Now, @Rows, @Auc, @Ks, @Brier, @PlattA, @PlattB, @Calibration, @Portfolios, @Payload, 0)
                    """, new
                    {
                        Version = version, RunId = runId.Value, Now = clock.GetUtcNow(), trained.Rows, trained.Auc, trained.Ks, trained.Brier,
                        trained.PlattA, trained.PlattB, Calibration = JsonSerializer.Serialize(trained.Calibration, Scoring.Json),
                        Portfolios = JsonSerializer.Serialize(portfolios, Scoring.Json), trained.Payload,
                    });
                await tx.CommitAsync(ct);
            }
            await UpdateAsync(db, runId.Value, "succeeded", 100, $"version {version}: AUC {trained.Auc:F3} on {trained.ValidationRows} later snapshots", version, ct,
                finished: clock.GetUtcNow());
            return $"propensity model version {version} trained on {trained.Rows} snapshots";
        }
        catch (Exception e) when (e is InsufficientOutcomesException or InvalidOperationException)
        {
            await UpdateAsync(db, runId.Value, "failed", 100, e.Message, null, ct, finished: clock.GetUtcNow());
            return $"propensity training failed: {e.Message}";
        }
    }

    private static async Task UpdateAsync(AnalyticsDb db, Guid runId, string status, int progress, string? message, int? version, CancellationToken ct,
        DateTimeOffset? started = null, DateTimeOffset? finished = null)
    {
        await using var tx = await db.BeginIndependentAsync(ct);
        await tx.ExecuteAsync(
            """
            UPDATE analytics.training_run SET status = @Status, progress = @Progress, message = COALESCE(@Message, message), version = COALESCE(@Version, version),
                   started_at = COALESCE(@Started, started_at), finished_at = COALESCE(@Finished, finished_at)
             WHERE run_id = @RunId
            """, new { RunId = runId, Status = status, Progress = progress, Message = message, Version = version, Started = started, Finished = finished });
        await tx.CommitAsync(ct);
    }

    private sealed class InsufficientOutcomesException(string message) : Exception(message);
}
