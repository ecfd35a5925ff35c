using Recovery.BuildingBlocks;
using Recovery.Negotiation.Contracts;
using Recovery.Negotiation.Data;
using Recovery.Negotiation.Features.Agreements;
using Recovery.Negotiation.Features.Plans;

namespace Recovery.Negotiation.Features.SelfService;

/// <summary>
/// The debtor takes an offer in the portal: priced again now by the same planner, refused (422) unless still within the
/// self-service authority, and made active at once (Pix per installment as for any agreement). Audited as the debtor's.
/// </summary>
internal static class CreateSelfServiceAgreements
{
    [AuditAction("CreateSelfServiceAgreement")]
    internal sealed record Command(CreateSelfServiceAgreement Request) : ICommand<AgreementView>;

    internal sealed class Handler(NegotiationDb db, IMediator mediator, ICurrentActor actor, AuditContext audit, TimeProvider clock)
        : IRequestHandler<Command, AgreementView>
    {
        public async Task<AgreementView> Handle(Command command, CancellationToken ct)
        {
            var r = command.Request;
            await SelfServiceChecks.EnsureNegotiableAsync(mediator, r.DebtorId, r.InvoiceIds, ct);
            var today = clock.Today();
            var input = new PlanInput(r.DebtorId, r.InvoiceIds.ToList(), Money.ToReais(r.DownPaymentCents), r.Installments,
                r.FirstDueDate < today ? today : r.FirstDueDate, r.DiscountPercent);
            await using var tx = await db.BeginAsync(ct);
            var n = await Negotiator.PlanAsync(tx, mediator, input, today, ct);
            if (!SelfServiceAuthority.Allows(n.Plan, n.Policy.Policy))
                throw new BusinessRuleException(ProblemTypes.Base + "outside-self-service", "Oferta indisponível",
                    "Esta oferta não está mais disponível. Veja as ofertas de novo ou fale com a nossa equipe.");
            var view = await CreateAgreement.SaveAsync(tx, n, input, "active", SelfServiceAuthority.Role, actor, clock.GetUtcNow());
            await tx.CommitAsync(ct);
            audit.Describe("agreement", view.Id, after: new
            {
                status = view.Status, debtorId = r.DebtorId, invoiceIds = r.InvoiceIds, total = view.Total, view.DiscountPercent, view.DownPayment,
                installments = view.InstallmentCount, requiredRole = SelfServiceAuthority.Role, policyVersion = n.Policy.Version,
                violations = n.Plan.Violations.Select(v => v.Rule),
            });
            return view;
        }
    }

    internal sealed class ContractHandler(IMediator mediator) : IRequestHandler<CreateSelfServiceAgreement, SelfServiceAgreement>
    {
        public async Task<SelfServiceAgreement> Handle(CreateSelfServiceAgreement request, CancellationToken ct)
        {
            var a = await mediator.Send(new Command(request), ct);
            return new SelfServiceAgreement(a.Id, a.Status, a.AgreementDate, Money.ToCents(a.ValuationTotal), Money.ToCents(a.Discount),
                Money.ToCents(a.Total), Money.ToCents(a.DownPayment), a.InstallmentCount, a.CetMonthly, a.CetYearly,
                a.Installments.Select(i => new SelfServiceInstallment(i.Number, i.DueDate, Money.ToCents(i.Amount), i.PixPayload)).ToList());
        }
    }
}
