using Recovery.BuildingBlocks;
using Recovery.Bureau.Data;

namespace Recovery.Bureau.Features;

/// <summary>The debtor's lookups, newest first, with the alerts monitoring raised and whether the debtor is monitored.</summary>
internal static class ListBureauLookups
{
    internal sealed record Query(Guid DebtorId) : IRequest<Response>;

    internal sealed record Response(IReadOnlyList<LookupView> Items, IReadOnlyList<Alert> Alerts, bool Monitored);

    internal sealed class Alert
    {
        public Guid Id { get; init; }
        public Guid LookupId { get; init; }
        public string Kind { get; init; } = "";
        public string Summary { get; init; } = "";
        public int? ScoreBefore { get; init; }
        public int? ScoreAfter { get; init; }
        public DateTimeOffset RaisedAt { get; init; }
    }

    internal sealed class Handler(BureauDb db) : IRequestHandler<Query, Response>
    {
        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            var lookups = await session.QueryAsync<LookupView.Row>(
                $"SELECT {LookupView.Columns} FROM bureau.lookup WHERE debtor_id = @DebtorId AND report IS NOT NULL ORDER BY requested_at DESC, id DESC", query);
            var alerts = await session.QueryAsync<Alert>(
                "SELECT id, lookup_id, kind, summary, score_before, score_after, raised_at FROM bureau.alert WHERE debtor_id = @DebtorId ORDER BY raised_at DESC", query);
            var monitored = await session.ExecuteScalarAsync<int>(
                """
                SELECT COUNT(*) FROM bureau.debt d JOIN bureau.settings s ON s.portfolio_id = d.portfolio_id
                 WHERE d.debtor_id = @DebtorId AND d.status = 'open' AND s.monitoring = 1
                """, query) > 0;
            return new Response(lookups.Select(LookupView.From).ToList(), alerts.ToList(), monitored);
        }
    }

    internal static void Map(RouteGroupBuilder debtors) =>
        debtors.MapGet("/{debtorId:guid}/bureau-lookups", (Guid debtorId, IMediator mediator, CancellationToken ct) => mediator.Send(new Query(debtorId), ct))
            .ScopedTo(ScopedKinds.Debtor, "debtorId")
            .WithName(nameof(ListBureauLookups))
            .WithSummary("The debtor's credit-bureau lookups (who asked, why, the legal basis, the cost, the answer) and monitoring alerts")
            .RequireAuthorization(Policies.Agent);
}
