using Recovery.BuildingBlocks.Messaging;
using Recovery.BuildingBlocks;
using Recovery.Debtors.Contracts;
using Recovery.Negotiation.Data;

namespace Recovery.Negotiation.Features.Valuation;

/// <summary>
/// What each of a debtor's open debts is worth on a date (default today), with the legal caps shown and where the
/// interest rate comes from.
/// </summary>
internal static class GetValuation
{
    internal sealed record Query(Guid DebtorId, DateOnly? AsOf) : IRequest<Response>;

    internal sealed record Item(
        Guid InvoiceId, string ExternalId, DateOnly DueDate, decimal Principal, decimal Correction, decimal Fine, decimal Interest,
        decimal Total, int DaysLate, bool FineCapped, bool InterestCapped, decimal Paid, decimal Credit, string CorrectionIndex,
        InterestBasis InterestBasis);

    /// <summary>Where the interest rate comes from: the contract (or the portfolio's terms), or the law when none was agreed.</summary>
    internal enum InterestBasis { Contract, LegalRate }

    internal sealed record Response(DateOnly AsOf, IReadOnlyList<Item> Items, decimal Total);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator() =>
            RuleFor(q => q.AsOf).Must(d => d is null || (d.Value.Year >= 1990 && d.Value.Year <= 2200)).WithMessage("asOf is a date (YYYY-MM-DD)");
    }

    internal sealed class Handler(NegotiationDb db, IMediator mediator, TimeProvider clock) : IRequestHandler<Query, Response>
    {
        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            var debtor = await mediator.Send(new GetDebtorDebts(query.DebtorId), ct)
                         ?? throw new NotFoundException($"Debtor {query.DebtorId} does not exist.");
            var asOf = query.AsOf ?? clock.Today();
            var open = debtor.Debts.Where(d => d.Status == DebtStatus.Open).ToList();
            await using var session = await db.OpenAsync(ct);
            var indices = await Indices.LoadAsync(session, open.Select(d => d.CorrectionIndex));
            var items = open.Select(d => (Debt: d, Value: DebtValuation.Value(d, asOf, indices)))
                .Select(x => ToItem(x.Debt, x.Value)).ToList();
            return new Response(asOf, items, items.Sum(i => i.Total));
        }

        private static Item ToItem(Debt d, DebtValue v) => new(
            d.InvoiceId, d.ExternalId, d.DueDate, Money.ToReais(v.Principal), Money.ToReais(v.Correction), Money.ToReais(v.Fine),
            Money.ToReais(v.Interest), Money.ToReais(v.Total), v.DaysLate, v.FineCapped, v.InterestCapped, Money.ToReais(v.Paid),
            Money.ToReais(v.Credit), d.CorrectionIndex, v.LegalInterest ? InterestBasis.LegalRate : InterestBasis.Contract);
    }

    internal static void Map(RouteGroupBuilder debtors) =>
        debtors.MapGet("/{debtorId:guid}/valuation", (Guid debtorId, DateOnly? asOf, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new Query(debtorId, asOf), ct))
            .WithName(nameof(GetValuation))
            .ScopedTo(ScopedKinds.Debtor, "debtorId")
            .RequireAuthorization(Policies.Person)
            .ProducesValidationProblem()
            .ProducesProblem(404);
}
