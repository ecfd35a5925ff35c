using Recovery.BuildingBlocks;
using Recovery.Escalation.Data;

namespace Recovery.Escalation.Features.Statements;

/// <summary>
/// The agencies compared by placement cohort (the month debts were placed): how much each placed cohort was, how much of
/// it the agency has recovered so far, its commission, and the recovery rate.
/// </summary>
internal static class AgencyPerformance
{
    internal sealed record Query : IRequest<Response>;

    internal sealed record Item(Guid AgencyId, string Agency, string Cohort, int Placements, int Debts, decimal Placed, decimal Recovered,
        decimal Commission, decimal? RecoveryRate);

    internal sealed record Response(IReadOnlyList<Item> Items);

    internal sealed class Handler(EscalationDb db, ICurrentActor actor) : IRequestHandler<Query, Response>
    {
        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            var rows = (await session.QueryAsync<Row>(
                """
                SELECT p.id, p.agency_id, a.name AS agency, p.placed_on,
                       (SELECT COUNT(*) FROM escalation.placed_debt pd WHERE pd.placement_id = p.id) AS debts,
                       (SELECT COALESCE(SUM(pd.outstanding_cents), 0) FROM escalation.placed_debt pd WHERE pd.placement_id = p.id) AS placed_cents,
                       (SELECT COALESCE(SUM(r.amount_cents), 0) FROM escalation.recovery r WHERE r.placement_id = p.id) AS recovered_cents,
                       (SELECT COALESCE(SUM(r.commission_cents), 0) FROM escalation.recovery r WHERE r.placement_id = p.id) AS commission_cents
                  FROM escalation.placement p JOIN escalation.agency a ON a.id = p.agency_id
                 WHERE (@AgencyId IS NULL OR p.agency_id = @AgencyId)
                """, new { actor.Scope.AgencyId })).ToList();
            return new Response(rows.GroupBy(r => (r.AgencyId, r.Agency, Cohort: r.PlacedOn.ToString("yyyy-MM"))).Select(g =>
                {
                    long placed = g.Sum(r => r.PlacedCents), recovered = g.Sum(r => r.RecoveredCents);
                    return new Item(g.Key.AgencyId, g.Key.Agency, g.Key.Cohort, g.Count(), g.Sum(r => r.Debts), Money.ToReais(placed),
                        Money.ToReais(recovered), Money.ToReais(g.Sum(r => r.CommissionCents)),
                        placed == 0 ? null : decimal.Round(recovered * 100m / placed, 2, MidpointRounding.AwayFromZero));
                })
                .OrderByDescending(i => i.Cohort).ThenByDescending(i => i.RecoveryRate).ToList());
        }
    }

    private sealed class Row
    {
        public Guid Id { get; init; }
        public Guid AgencyId { get; init; }
        public string Agency { get; init; } = "";
        public DateOnly PlacedOn { get; init; }
        public int Debts { get; init; }
        public long PlacedCents { get; init; }
        public long RecoveredCents { get; init; }
        public long CommissionCents { get; init; }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapGet("/performance", (IMediator mediator, CancellationToken ct) => mediator.Send(new Query(), ct))
            .WithName(nameof(AgencyPerformance))
            .WithSummary("Agencies compared by placement cohort: placed, recovered, commission, recovery rate")
            .RequireAuthorization(Policies.Agent);
}
