using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Data;
using Recovery.Negotiation.Contracts;
using Recovery.Portal.Access;
using Recovery.Portal.Data;

namespace Recovery.Portal.Features;

/// <summary>
/// The offers for the debts the debtor chose, priced by Negotiation within the self-service authority (never a plan that
/// breaks a rule), with the CET and the total and the mínimo existencial warning. Each offer is kept for a while so that
/// the one taken is the one seen. Another debtor's debt is a 404.
/// </summary>
internal static class ListOffers
{
    internal sealed record Query(Guid DebtorId, string? InvoiceIds) : IRequest<Response>;

    /// <param name="Kind"><c>a_vista</c> (paying in full now) or <c>parcelado</c>.</param>
    /// <param name="Installments">How many installments after the down payment (1 and no down payment: in full).</param>
    internal sealed record Offer(Guid Id, string Kind, int Installments, decimal DownPayment, decimal InstallmentAmount, decimal Total,
        decimal ValuationTotal, decimal Discount, decimal DiscountPercent, decimal CetMonthly, decimal CetYearly, DateOnly FirstDueDate,
        string? Warning, DateTimeOffset ExpiresAt);

    internal sealed record Response(IReadOnlyList<Offer> Items);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator() =>
            RuleFor(q => q.InvoiceIds).NotEmpty().WithMessage("invoiceIds is required", "escolha ao menos um débito")
                .Must(v => Parse(v) is { Count: > 0 and <= 100 }).WithMessage("invoiceIds is a comma-separated list of debt ids",
                    "a lista de débitos não está no formato esperado")
                .When(q => !string.IsNullOrEmpty(q.InvoiceIds), ApplyConditionTo.CurrentValidator);
    }

    public static List<Guid>? Parse(string? value)
    {
        var ids = new List<Guid>();
        foreach (var part in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Guid.TryParse(part, out var id)) return null;
            if (!ids.Contains(id)) ids.Add(id);
        }
        return ids;
    }

    internal sealed class Handler(PortalDb db, IMediator mediator, TimeProvider clock, IOptions<PortalOptions> options) : IRequestHandler<Query, Response>
    {
        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            var ids = Parse(query.InvoiceIds)!;
            var offers = await mediator.Send(new GetSelfServiceOffers(query.DebtorId, ids), ct);
            var now = clock.GetUtcNow();
            var expires = now + options.Value.OfferLifetime;
            var items = offers.Select(o => new Offer(Guid.CreateVersion7(), o.Installments == 1 && o.DownPaymentCents == 0 ? "a_vista" : "parcelado",
                o.Installments, Money.ToReais(o.DownPaymentCents), Money.ToReais(o.InstallmentCents), Money.ToReais(o.TotalCents),
                Money.ToReais(o.ValuationCents), Money.ToReais(o.DiscountCents), o.DiscountPercent, o.CetMonthly, o.CetYearly, o.FirstDueDate,
                o.Warning, expires)).ToList();
            await using var tx = await db.BeginAsync(ct);
            await tx.ExecuteAsync("DELETE FROM portal.offer WHERE expires_at < @Stale AND agreement_id IS NULL", new { Stale = now - TimeSpan.FromDays(1) });
            for (var k = 0; k < items.Count; k++)
                await tx.ExecuteAsync(
                    """
                    INSERT INTO portal.offer (id, debtor_id, invoice_ids, installments, down_payment_cents, discount_e2, first_due_date, total_cents, created_at, expires_at)
                    VALUES (@Id, @DebtorId, @InvoiceIds, @Installments, @Down, @DiscountE2, @FirstDue, @Total, @Now, @Expires)
                    """,
                    new
                    {
                        items[k].Id, query.DebtorId, InvoiceIds = tx.Dialect.JsonArray(ids), offers[k].Installments, Down = offers[k].DownPaymentCents,
                        DiscountE2 = (int)(offers[k].DiscountPercent * 100), FirstDue = offers[k].FirstDueDate, Total = offers[k].TotalCents, Now = now,
                        Expires = expires,
                    });
            // The portal funnel's "offers seen" (Reporting, from this event only).
            await tx.PublishAsync(new Recovery.Portal.Contracts.PortalOffersShown(query.DebtorId, ids, items.Count, now), now);
            await tx.CommitAsync(ct);
            return new Response(items);
        }
    }

    internal static void Map(RouteGroupBuilder portal) =>
        portal.MapGet("/offers", (string? invoiceIds, HttpContext http, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new Query(PortalPrincipal.DebtorId(http.User), invoiceIds), ct))
            .WithName("ListPortalOffers")
            .RequireAuthorization(Policies.Debtor)
            .ProducesValidationProblem()
            .ProducesProblem(401)
            .ProducesProblem(404)
            .ProducesProblem(409);
}
