using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks.Messaging;
using Recovery.BuildingBlocks.Observability;
using Recovery.Bureau.Client;
using Recovery.Bureau.Data;
using Recovery.Bureau.Features;

namespace Recovery.Bureau.Jobs;

/// <summary>
/// Monitoring by polling: each debtor with an open debt in a portfolio with monitoring on, whose last paid answer is older
/// than <see cref="BureauOptions.MonitoringOptions.Every"/>, is looked up again (paid from the portfolio's budget; skipped
/// when it is spent) and the answer compared with the one before (<see cref="Alerts"/>): each change is an alert, kept and
/// published in the answer's transaction. The first answer on a debtor is the baseline and raises nothing.
/// </summary>
internal sealed class MonitoringJob(IServiceProvider services, IOptions<BureauOptions> options, Leases leases, TimeProvider clock,
    ILogger<MonitoringJob> logger) : LeasedJob(leases, clock, logger)
{
    protected override string Schema => BureauDb.Name;
    public override string LeaseName => "bureau-monitoring";
    protected override TimeSpan Interval => options.Value.Monitoring.Interval;

    private const string Due = """
        SELECT DISTINCT d.debtor_id, d.portfolio_id
          FROM bureau.debt d JOIN bureau.settings s ON s.portfolio_id = d.portfolio_id AND s.monitoring = 1
         WHERE d.status = 'open'
           AND NOT EXISTS (SELECT 1 FROM bureau.lookup l
                            WHERE l.debtor_id = d.debtor_id AND l.cached_from IS NULL AND l.report IS NOT NULL AND l.requested_at > @Since)
        """;

    protected override async Task<string> RunOnceAsync(CancellationToken ct)
    {
        List<Monitored> due;
        await using (var scope = services.CreateAsyncScope())
        await using (var session = await scope.ServiceProvider.GetRequiredService<BureauDb>().OpenAsync(ct))
            due = (await session.QueryAsync<Monitored>(Due, new { Since = clock.GetUtcNow() - options.Value.Monitoring.Every })).GroupBy(m => m.DebtorId).Select(g => g.First()).Take(1000).ToList();
        int looked = 0, alerts = 0, skipped = 0, failed = 0;
        foreach (var m in due)
        {
            await using var scope = services.CreateAsyncScope();
            try
            {
                var raised = 0;
                var outcome = await scope.ServiceProvider.GetRequiredService<Lookups>().LookUpAsync(
                    new Lookups.Ask(m.DebtorId, m.PortfolioId, "monitoring", null, "monitoramento do birô", UseCache: false), refuse: false, ct,
                    async (tx, lookup, previous) =>
                    {
                        if (previous is null) return;
                        var changes = Alerts.Compare(previous, new BureauReport(lookup.Protocol, lookup.Score, lookup.Restrictions, lookup.Contacts),
                            options.Value.Monitoring.ScoreThreshold);
                        await Alerts.RaiseAsync(tx, m.DebtorId, lookup.Id, changes, lookup.RequestedAt);
                        raised = changes.Count;
                    });
                if (outcome is null) { skipped++; continue; }
                looked++;
                alerts += raised;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failed++;
                logger.LogWarning(Redaction.Exception(ex), "Monitoring the debtor {DebtorId} failed; tried again at the next run", m.DebtorId);
            }
        }
        return $"{looked} looked up, {alerts} alerts, {skipped} skipped (budget spent), {failed} failed";
    }

    private sealed class Monitored
    {
        public Guid DebtorId { get; init; }
        public Guid PortfolioId { get; init; }
    }
}
