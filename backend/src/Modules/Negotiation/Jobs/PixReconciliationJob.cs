using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Negotiation.Data;
using Recovery.Negotiation.Features.Pix;

namespace Recovery.Negotiation.Jobs;

/// <summary>
/// Daily: lists at every configured PSP the Pix received from the start of <see cref="PixOptions.ReconciliationDays"/>
/// days ago (Brasília) until now, page by page, and registers each through the webhook's own path: what the webhook
/// delivered is a duplicate and changes nothing, what it missed is paid now. One page is one transaction, so a crash
/// loses at most a page's work, which the next run does again.
/// </summary>
internal sealed class PixReconciliationJob(
    IServiceProvider services, Leases leases, TimeProvider clock, IOptions<PixOptions> options, IPixPsp psp, ILogger<PixReconciliationJob> logger)
    : LeasedJob(leases, clock, logger)
{
    protected override string Schema => NegotiationDb.Name;
    public override string LeaseName => "pix-reconciliation";
    protected override TimeSpan Interval => options.Value.ReconciliationInterval;

    protected override async Task<string> RunOnceAsync(CancellationToken ct)
    {
        var accounts = options.Value.All().ToList();
        if (accounts.Count == 0) return "";
        var now = clock.GetUtcNow();
        var firstDay = clock.Today().AddDays(-Math.Max(1, options.Value.ReconciliationDays));
        var from = new DateTimeOffset(firstDay.ToDateTime(TimeOnly.MinValue), BusinessDate.Brasilia.GetUtcOffset(firstDay.ToDateTime(TimeOnly.MinValue)));
        var tally = new Tally();
        var failures = new List<string>();
        foreach (var account in accounts)
        {
            try
            {
                await ReconcileAsync(account, from, now, tally, ct);
            }
            catch (PspException ex)
            {
                // One PSP down does not keep the others from being reconciled; the next run lists its days again.
                logger.LogWarning("Listing the Pix received at {Psp} failed: {Reason}", account.BaseUrl, ex.Message);
                failures.Add(account.BaseUrl!);
            }
        }
        return $"{tally.Listed} Pix listed since {firstDay:yyyy-MM-dd}: {tally.Found} missed ones paid, {tally.Unmatched} unmatched recorded" +
               (failures.Count == 0 ? "" : $"; not reachable: {string.Join(", ", failures)}");
    }

    private async Task ReconcileAsync(PspSettings account, DateTimeOffset from, DateTimeOffset now, Tally tally, CancellationToken ct)
    {
        for (int page = 0, pages = 1; page < pages; page++)
        {
            var result = await psp.ListPixAsync(account, from, now, page, ct);
            pages = Math.Min(result.Pages, 10_000);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NegotiationDb>();
            await using var tx = await db.BeginAsync(ct);
            foreach (var pix in result.Pix)
            {
                tally.Listed++;
                if (RegisterReceivedPix.Problem(pix) is { } problem)
                {
                    logger.LogWarning("The PSP listed a Pix the reconciliation cannot read: {Problem}", problem);
                    continue;
                }
                var outcome = await RegisterReceivedPix.RegisterAsync(tx, pix, "reconciliation", clock.GetUtcNow());
                if (outcome == RegisterReceivedPix.Outcome.Matched) tally.Found++;
                if (outcome == RegisterReceivedPix.Outcome.Unmatched) tally.Unmatched++;
            }
            await tx.CommitAsync(ct);
        }
    }

    private sealed class Tally
    {
        public int Listed;
        public int Found;
        public int Unmatched;
    }
}
