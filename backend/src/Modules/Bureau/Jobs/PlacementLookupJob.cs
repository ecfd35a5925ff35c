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
/// The placement rule: looks up each debtor queued when their first debt reached a portfolio with lookups at placement on,
/// paid from that portfolio's budget (skipped, not refused, when the budget is spent). A failed lookup stays queued.
/// </summary>
internal sealed class PlacementLookupJob(IServiceProvider services, IOptions<BureauOptions> options, Leases leases, TimeProvider clock,
    ILogger<PlacementLookupJob> logger) : LeasedJob(leases, clock, logger)
{
    protected override string Schema => BureauDb.Name;
    public override string LeaseName => "bureau-placement";
    protected override TimeSpan Interval => options.Value.PlacementInterval;

    protected override async Task<string> RunOnceAsync(CancellationToken ct)
    {
        List<Pending> pending;
        await using (var scope = services.CreateAsyncScope())
        await using (var session = await scope.ServiceProvider.GetRequiredService<BureauDb>().OpenAsync(ct))
            pending = (await session.QueryAsync<Pending>("SELECT debtor_id, portfolio_id FROM bureau.pending_lookup ORDER BY queued_at")).Take(500).ToList();
        int done = 0, skipped = 0, failed = 0;
        foreach (var p in pending)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BureauDb>();
            try
            {
                var outcome = await scope.ServiceProvider.GetRequiredService<Lookups>()
                    .LookUpAsync(new Lookups.Ask(p.DebtorId, p.PortfolioId, "placement", null, "régua de consulta na entrada"), refuse: false, ct);
                if (outcome is null) skipped++; else done++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failed++;
                logger.LogWarning(Redaction.Exception(ex), "The placement lookup of debtor {DebtorId} failed; it stays queued", p.DebtorId);
                continue;
            }
            await using var tx = await db.BeginAsync(ct);
            await tx.ExecuteAsync("DELETE FROM bureau.pending_lookup WHERE debtor_id = @DebtorId AND portfolio_id = @PortfolioId", p);
            await tx.CommitAsync(ct);
        }
        return $"{done} looked up, {skipped} skipped (budget spent), {failed} failed";
    }

    private sealed class Pending
    {
        public Guid DebtorId { get; init; }
        public Guid PortfolioId { get; init; }
    }
}
