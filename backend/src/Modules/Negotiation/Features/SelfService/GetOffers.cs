using Recovery.BuildingBlocks;
using Recovery.Debtors.Contracts;
using Recovery.Negotiation.Contracts;
using Recovery.Negotiation.Data;
using Recovery.Negotiation.Features.Plans;

namespace Recovery.Negotiation.Features.SelfService;

/// <summary>
/// The debtor's offers for the portal: paying in full now with the largest self-service discount, and installment plans
/// (the bucket's least down payment, the first installment a month ahead at most), each made by the same planner as the
/// agents' simulator and kept only when within the self-service authority.
/// </summary>
internal sealed class GetOffers(NegotiationDb db, IMediator mediator, TimeProvider clock)
    : IRequestHandler<GetSelfServiceOffers, IReadOnlyList<SelfServiceOffer>>
{
    private static readonly int[] Counts = [2, 3, 4, 5, 6, 8, 10, 12, 18, 24];

    public async Task<IReadOnlyList<SelfServiceOffer>> Handle(GetSelfServiceOffers query, CancellationToken ct)
    {
        await SelfServiceChecks.EnsureNegotiableAsync(mediator, query.DebtorId, query.InvoiceIds, ct);
        var today = clock.Today();
        await using var session = await db.OpenAsync(ct);
        var cash = new PlanInput(query.DebtorId, query.InvoiceIds.ToList(), 0m, 1, today, 0m);
        var n = await Negotiator.PlanAsync(session, mediator, cash, today, ct);
        var policy = n.Policy.Policy;
        var limits = SelfServiceAuthority.LimitsFor(policy, n.Plan.Bucket);
        var offers = new List<SelfServiceOffer>();

        var cashDiscount = SelfServiceAuthority.MaxDiscountPercent(n.Plan.ValuationCents, n.Plan.PrincipalCents, limits.MaxChargesDiscountPercent,
            limits.MaxPrincipalDiscountPercent + limits.CashExtraPrincipalDiscountPercent);
        if (Best(n, 0, 1, today, cashDiscount) is { } full) offers.Add(full);

        var discount = SelfServiceAuthority.MaxDiscountPercent(n.Plan.ValuationCents, n.Plan.PrincipalCents, limits.MaxChargesDiscountPercent,
            limits.MaxPrincipalDiscountPercent);
        var firstDue = today.AddDays(Math.Min(30, policy.FirstDueMaxDays));
        foreach (var count in Counts.Where(c => c <= limits.MaxInstallments))
        {
            var total = n.Plan.ValuationCents - Money.Round(n.Plan.ValuationCents * discount / 100m);
            var bucket = n.Plan.Bucket;
            var down = bucket.MinDownPaymentPercent == 0 ? 0 : Money.Round(total * bucket.MinDownPaymentPercent / 100m);
            if (Best(n, down, count, firstDue, discount) is { } offer) offers.Add(offer);
        }
        return offers;
    }

    /// <summary>The plan at this discount, or a centésimo less where rounding tips it over a limit; null when none is within authority.</summary>
    private static SelfServiceOffer? Best(Negotiated n, long downCents, int installments, DateOnly firstDue, decimal discount)
    {
        for (var step = 0; step < 5; step++)
        {
            var percent = Math.Max(0m, discount - step * 0.01m);
            var plan = Planner.Make(new PlanRequest(n.Values, downCents, installments, firstDue, percent, n.Today), n.Policy.Policy,
                n.Debtor.MonthlyIncomeCents, n.OtherInstallmentsCents);
            if (plan.FinancedCents <= 0) return null;
            if (SelfServiceAuthority.Allows(plan, n.Policy.Policy))
                return new SelfServiceOffer(installments, downCents, plan.Schedule.Where(s => s.Number > 0).Max(s => s.AmountCents), plan.TotalCents,
                    plan.ValuationCents, plan.DiscountCents, percent, plan.CetMonthly, plan.CetYearly, firstDue, SelfServiceAuthority.Warning(plan));
            if (percent == 0m) return null;
        }
        return null;
    }
}

/// <summary>The checks the portal's requests share, with what the debtor reads (pt-BR).</summary>
internal static class SelfServiceChecks
{
    /// <summary>Every debt is the debtor's (else 404, which says nothing of other debtors), open, and of one creditor.</summary>
    public static async Task EnsureNegotiableAsync(IMediator mediator, Guid debtorId, IReadOnlyList<Guid> invoiceIds, CancellationToken ct)
    {
        var debtor = await mediator.Send(new GetDebtorDebts(debtorId), ct) ?? throw new NotFoundException("Débito não encontrado.");
        var byId = debtor.Debts.ToDictionary(d => d.InvoiceId);
        if (invoiceIds.Any(id => !byId.ContainsKey(id))) throw new NotFoundException("Débito não encontrado.");
        if (invoiceIds.Any(id => byId[id].Status != DebtStatus.Open))
            throw new ConflictException(ProblemTypes.Base + "debt-not-negotiable", "Débito indisponível",
                "Um dos débitos escolhidos não está mais em aberto para negociação.");
        if (invoiceIds.Select(id => byId[id].PartnerId).Distinct().Count() > 1)
            throw new FieldException("invoiceIds", "Um acordo reúne débitos de um só credor: escolha débitos do mesmo credor.");
    }
}
