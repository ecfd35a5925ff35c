using Recovery.Escalation.Data;

namespace Recovery.Escalation.Features.Agencies;

/// <summary>The agencies with their commission tiers; an agency's own people see only their agency.</summary>
internal static class ListAgencies
{
    internal sealed record Query : IRequest<Response>;

    internal sealed record Response(IReadOnlyList<CreateAgency.Agency> Items);

    internal sealed class Handler(EscalationDb db, ICurrentActor actor) : IRequestHandler<Query, Response>
    {
        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            var agencies = (await session.QueryAsync<(Guid Id, string Name, string Document)>(
                "SELECT id, name, document FROM escalation.agency WHERE (@Own IS NULL OR id = @Own) ORDER BY name", new { Own = actor.Scope.AgencyId })).ToList();
            var tiers = (await session.QueryAsync<(Guid AgencyId, long MinDaysLate, long RateBp)>(
                "SELECT agency_id, min_days_late, rate_bp FROM escalation.commission_tier ORDER BY agency_id, min_days_late")).ToLookup(t => t.AgencyId);
            return new Response(agencies.Select(a => new CreateAgency.Agency(a.Id, a.Name, a.Document,
                tiers[a.Id].Select(t => new CreateAgency.TierView((int)t.MinDaysLate, t.RateBp / 100m)).ToList())).ToList());
        }
    }

    /// <summary>An agency's tiers, for placing debts with it.</summary>
    internal static async Task<List<Tier>> TiersAsync(Recovery.BuildingBlocks.Data.DbSession session, Guid agencyId) =>
        (await session.QueryAsync<(long MinDaysLate, long RateBp)>(
            "SELECT min_days_late, rate_bp FROM escalation.commission_tier WHERE agency_id = @AgencyId", new { AgencyId = agencyId }))
        .Select(t => new Tier((int)t.MinDaysLate, (int)t.RateBp)).ToList();

    internal static void Map(RouteGroupBuilder group) =>
        group.MapGet("/agencies", (IMediator mediator, CancellationToken ct) => mediator.Send(new Query(), ct))
            .WithName(nameof(ListAgencies))
            .RequireAuthorization(Policies.Agent);
}
