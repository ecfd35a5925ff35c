using Recovery.BuildingBlocks;
using Recovery.Escalation.Data;

namespace Recovery.Escalation.Features.Placements;

/// <summary>The placements, newest first, with what each placed and recovered; an agency's people see their agency's.</summary>
internal static class ListPlacements
{
    internal sealed record Query(Guid? AgencyId) : IRequest<Response>;

    internal sealed record Response(IReadOnlyList<Item> Items);

    /// <param name="Status">active, recalled or expired.</param>
    internal sealed record Item(Guid Id, Guid AgencyId, string Agency, DateOnly PlacedOn, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Status,
        string? EndNote, int Debts, decimal Placed, decimal Recovered, decimal Commission);

    internal sealed class Handler(EscalationDb db, ICurrentActor actor, TimeProvider clock) : IRequestHandler<Query, Response>
    {
        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            var agency = actor.Scope.AgencyId ?? query.AgencyId;
            await using var session = await db.OpenAsync(ct);
            var rows = await session.QueryAsync<Row>(db.Dialect.Limit(
                """
                SELECT p.id, p.agency_id, a.name AS agency, p.placed_on, p.starts_at, p.ends_at, p.ended_at, p.end_reason, p.end_note,
                       (SELECT COUNT(*) FROM escalation.placed_debt pd WHERE pd.placement_id = p.id) AS debts,
                       (SELECT COALESCE(SUM(pd.outstanding_cents), 0) FROM escalation.placed_debt pd WHERE pd.placement_id = p.id) AS placed_cents,
                       (SELECT COALESCE(SUM(r.amount_cents), 0) FROM escalation.recovery r WHERE r.placement_id = p.id) AS recovered_cents,
                       (SELECT COALESCE(SUM(r.commission_cents), 0) FROM escalation.recovery r WHERE r.placement_id = p.id) AS commission_cents
                  FROM escalation.placement p JOIN escalation.agency a ON a.id = p.agency_id
                 WHERE (@AgencyId IS NULL OR p.agency_id = @AgencyId)
                 ORDER BY p.starts_at DESC, p.id
                """, "@Take"), new { AgencyId = agency, Take = 500 });
            var now = clock.GetUtcNow();
            return new Response(rows.Select(r => new Item(r.Id, r.AgencyId, r.Agency, r.PlacedOn, r.StartsAt, r.EndsAt,
                r.EndReason ?? (r.EndsAt <= now ? "expired" : "active"), r.EndNote, r.Debts, Money.ToReais(r.PlacedCents), Money.ToReais(r.RecoveredCents),
                Money.ToReais(r.CommissionCents))).ToList());
        }
    }

    private sealed class Row
    {
        public Guid Id { get; init; }
        public Guid AgencyId { get; init; }
        public string Agency { get; init; } = "";
        public DateOnly PlacedOn { get; init; }
        public DateTimeOffset StartsAt { get; init; }
        public DateTimeOffset EndsAt { get; init; }
        public DateTimeOffset? EndedAt { get; init; }
        public string? EndReason { get; init; }
        public string? EndNote { get; init; }
        public int Debts { get; init; }
        public long PlacedCents { get; init; }
        public long RecoveredCents { get; init; }
        public long CommissionCents { get; init; }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapGet("/placements", (Guid? agencyId, IMediator mediator, CancellationToken ct) => mediator.Send(new Query(agencyId), ct))
            .WithName(nameof(ListPlacements))
            .RequireAuthorization(Policies.Agent);
}
