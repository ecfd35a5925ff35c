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

    internal static void Map(RouteGroupBuilder group) =>
        group.MapGet("/partners/{partnerId:guid}/portfolios", (Guid partnerId, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new Query(partnerId), ct))
            .WithName(nameof(ListPortfolios))
            .RequireAuthorization(Policies.Supervisor);
}
