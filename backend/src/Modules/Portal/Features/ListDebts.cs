using Recovery.BuildingBlocks;
using Recovery.Negotiation.Contracts;
using Recovery.Platform.Contracts;
using Recovery.Portal.Access;

namespace Recovery.Portal.Features;

/// <summary>
/// The debtor's open debts across creditors, valued today by Negotiation, each with its creditor's name and CNPJ
/// (CDC art. 42-A).
/// </summary>
internal static class ListDebts
{
    internal sealed record Query(Guid DebtorId) : IRequest<Response>;

    /// <param name="Amount">The debt as it was charged; <paramref name="TotalToday"/> what it is worth today.</param>
    internal sealed record Item(Guid InvoiceId, string Creditor, string CreditorDocument, string? Description, DateOnly DueDate, decimal Amount,
        decimal TotalToday, int DaysLate);

    internal sealed record Response(DateOnly AsOf, IReadOnlyList<Item> Items, decimal Total);

    internal sealed class Handler(IMediator mediator) : IRequestHandler<Query, Response>
    {
        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            var valuation = await mediator.Send(new GetDebtorValuation(query.DebtorId), ct) ?? throw new UnauthorizedException("Entre no portal de novo.");
            var creditors = new Dictionary<Guid, Creditor?>();
            foreach (var partnerId in valuation.Items.Select(i => i.PartnerId).Distinct())
                creditors[partnerId] = await mediator.Send(new GetCreditor(partnerId), ct);
            var items = valuation.Items.Select(i => new Item(i.InvoiceId, creditors[i.PartnerId]?.Name ?? "—",
                creditors[i.PartnerId] is { } c ? Documents.Format(c.Document) : "—", i.Description, i.DueDate, Money.ToReais(i.AmountCents),
                Money.ToReais(i.TotalCents), i.DaysLate)).ToList();
            return new Response(valuation.AsOf, items, items.Sum(i => i.TotalToday));
        }
    }

    internal static void Map(RouteGroupBuilder portal) =>
        portal.MapGet("/debts", (HttpContext http, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new Query(PortalPrincipal.DebtorId(http.User)), ct))
            .WithName("ListPortalDebts")
            .RequireAuthorization(Policies.Debtor)
            .ProducesProblem(401);
}
