using Recovery.Debtors.Data;

namespace Recovery.Debtors.Features.Portfolios;

internal static class ListPortfolios
{
    internal sealed record Query(Guid PartnerId) : IRequest<Response>;

    internal sealed record Response(IReadOnlyList<Portfolio> Items);

    internal sealed class Handler(DebtorsDb db) : IRequestHandler<Query, Response>
    {
        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            var rows = await session.QueryAsync<Portfolio.Row>(
                $"SELECT {Portfolio.Columns} FROM debtors.portfolio WHERE partner_id = @PartnerId ORDER BY code", query);
            return new Response(rows.Select(Portfolio.From).ToList());
        }
    }

    /// <summary>Every creditor's portfolios with the creditor's name: what supervisors pick a policy or a schedule for.</summary>
    internal sealed record AllQuery : IRequest<AllResponse>;

    internal sealed record AllResponse(IReadOnlyList<Entry> Items);

    internal sealed record Entry(Guid Id, Guid PartnerId, string Creditor, string Code, string Name);

    internal sealed class AllHandler(DebtorsDb db, IMediator mediator) : IRequestHandler<AllQuery, AllResponse>
    {
        public async Task<AllResponse> Handle(AllQuery query, CancellationToken ct)
        {
            List<Portfolio> portfolios;
            await using (var session = await db.OpenAsync(ct))
                portfolios = (await session.QueryAsync<Portfolio.Row>($"SELECT {Portfolio.Columns} FROM debtors.portfolio ORDER BY code"))
                    .Select(Portfolio.From).ToList();
            var creditors = new Dictionary<Guid, string>();
            foreach (var partnerId in portfolios.Select(p => p.PartnerId).Distinct())
                creditors[partnerId] = (await mediator.Send(new Platform.Contracts.GetCreditor(partnerId), ct))?.Name ?? "";
            return new AllResponse(portfolios.Select(p => new Entry(p.Id, p.PartnerId, creditors[p.PartnerId], p.Code, p.Name))
                .OrderBy(e => e.Creditor, StringComparer.CurrentCulture).ThenBy(e => e.Code, StringComparer.Ordinal).ToList());
        }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapGet("/partners/{partnerId:guid}/portfolios", (Guid partnerId, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new Query(partnerId), ct))
            .WithName(nameof(ListPortfolios))
            .RequireAuthorization(Policies.Supervisor);

    internal static void MapAll(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/portfolios", (IMediator mediator, CancellationToken ct) => mediator.Send(new AllQuery(), ct))
            .WithTags("Debtors")
            .WithName("ListAllPortfolios")
            .RequireAuthorization(Policies.Supervisor);
}
