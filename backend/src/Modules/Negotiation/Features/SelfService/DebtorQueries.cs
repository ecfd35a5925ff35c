using Recovery.BuildingBlocks;
using Recovery.Debtors.Contracts;
using Recovery.Negotiation.Contracts;
using Recovery.Negotiation.Data;
using Recovery.Negotiation.Features.Agreements;
using Recovery.Negotiation.Features.Valuation;

namespace Recovery.Negotiation.Features.SelfService;

/// <summary>What the portal shows the debtor of Negotiation's: the open debts valued today, and an agreement's terms.</summary>
internal static class DebtorQueries
{
    internal sealed class ValuationHandler(NegotiationDb db, IMediator mediator, TimeProvider clock) : IRequestHandler<GetDebtorValuation, DebtorValuation?>
    {
        public async Task<DebtorValuation?> Handle(GetDebtorValuation query, CancellationToken ct)
        {
            if (await mediator.Send(new GetDebtorDebts(query.DebtorId), ct) is not { } debtor) return null;
            var today = clock.Today();
            var open = debtor.Debts.Where(d => d.Status == DebtStatus.Open).ToList();
            await using var session = await db.OpenAsync(ct);
            var indices = await Indices.LoadAsync(session, open.Select(d => d.CorrectionIndex));
            return new DebtorValuation(today, open.Select(d => (Debt: d, Value: DebtValuation.Value(d, today, indices)))
                .Select(x => new ValuedDebt(x.Debt.InvoiceId, x.Debt.PartnerId, x.Debt.PortfolioId, x.Debt.ExternalId, x.Debt.Description,
                    x.Debt.DueDate, x.Debt.AmountCents, x.Value.Total, x.Value.DaysLate)).ToList());
        }
    }

    internal sealed class TermsHandler(NegotiationDb db, IMediator mediator) : IRequestHandler<GetDebtorAgreementTerms, DebtorDocument?>
    {
        public async Task<DebtorDocument?> Handle(GetDebtorAgreementTerms query, CancellationToken ct)
        {
            await using (var session = await db.OpenAsync(ct))
                if (await AgreementStore.FindAsync(session, query.AgreementId) is not { } row || row.DebtorId != query.DebtorId) return null;
            var pdf = await mediator.Send(new PrintAgreementTerms.Query(query.AgreementId), ct);
            return new DebtorDocument(pdf.Content, pdf.FileName);
        }
    }
}

/// <summary>The debtor's own promise, recorded as the agents' promises are (validated and audited there).</summary>
internal sealed class MakePromise(IMediator mediator) : IRequestHandler<MakeDebtorPromise, Guid>
{
    public async Task<Guid> Handle(MakeDebtorPromise request, CancellationToken ct) =>
        (await mediator.Send(new Features.Promises.Promises.Create(request.DebtorId, Money.ToReais(request.AmountCents), request.DueDate,
            "Promessa feita pelo devedor no portal"), ct)).Id;
}
