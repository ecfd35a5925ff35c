using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Recovery.Analytics.Data;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Messaging;

namespace Recovery.Analytics.Features.Scores;

/// <summary>
/// Keeps a score of today for every open debt: those of debtors with news (their scores were dropped) and, after
/// midnight, all of them (days late moved). Batches of debtors, each committed on its own, so reads stay fast and a
/// crash resumes where it stopped.
/// </summary>
internal sealed class ScoringJob(IServiceProvider services, Leases leases, TimeProvider clock, ILogger<ScoringJob> logger)
    : LeasedJob(leases, clock, logger)
{
    private const int Batch = 500;
    private static readonly TimeSpan RunFor = TimeSpan.FromSeconds(30);

    protected override string Schema => AnalyticsDb.Name;
    public override string LeaseName => "analytics-scoring";
    protected override TimeSpan Interval => TimeSpan.FromSeconds(5);

    protected override async Task<string> RunOnceAsync(CancellationToken ct)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var scored = 0;
        while (watch.Elapsed < RunFor)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AnalyticsDb>();
            var scoring = scope.ServiceProvider.GetRequiredService<Scoring>();
            var today = clock.Today();
            await using var tx = await db.BeginIndependentAsync(ct);
            var debtors = (await tx.QueryAsync<Guid>(tx.Dialect.Limit(
                """
                SELECT DISTINCT d.debtor_id FROM analytics.debt d
                 WHERE d.status = 'open'
                   AND NOT EXISTS (SELECT 1 FROM analytics.score s WHERE s.invoice_id = d.invoice_id AND s.scored_on = @Today)
                 ORDER BY d.debtor_id
                """, "@Take"), new { Today = today, Take = Batch })).ToList();
            if (debtors.Count == 0) break;
            var scores = await scoring.ScoreAsync(tx, debtors, today, ct);
            await Scoring.SaveAsync(tx, debtors, scores, today, clock.GetUtcNow());
            await tx.CommitAsync(ct);
            scored += scores.Count;
            if (scores.Count == 0) break;   // nothing scorable left among them: wait for their news
            if (debtors.Count < Batch) break;
        }
        return scored == 0 ? "" : $"{scored} open debts scored";
    }
}
