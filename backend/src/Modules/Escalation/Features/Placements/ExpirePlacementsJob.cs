using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Escalation.Data;

namespace Recovery.Escalation.Features.Placements;

/// <summary>
/// Ends the placements whose period is over, the reason <c>expired</c> (the agency's people stopped seeing the debts at
/// the end already: Debtors' copy keeps the end). One instance at a time, by lease.
/// </summary>
internal sealed class ExpirePlacementsJob(IServiceProvider services, Leases leases, TimeProvider clock, ILogger<ExpirePlacementsJob> logger)
    : LeasedJob(leases, clock, logger)
{
    protected override string Schema => EscalationDb.Name;
    public override string LeaseName => "placement-expiry";
    protected override TimeSpan Interval => TimeSpan.FromMinutes(5);

    protected override async Task<string> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EscalationDb>();
        await using var tx = await db.BeginAsync(ct);
        var due = (await tx.QueryAsync<(Guid Id, Guid AgencyId, DateTimeOffset EndsAt)>(
            "SELECT id, agency_id, ends_at FROM escalation.placement WHERE ended_at IS NULL AND ends_at <= @Now", new { Now = clock.GetUtcNow() })).ToList();
        foreach (var p in due) await RecallPlacement.EndAsync(tx, p.Id, p.AgencyId, "expired", null, p.EndsAt);
        await tx.CommitAsync(ct);
        return due.Count == 0 ? "" : $"{due.Count} placements expired";
    }
}
