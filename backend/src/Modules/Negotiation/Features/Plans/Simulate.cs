using Recovery.BuildingBlocks.Messaging;
using Recovery.BuildingBlocks.Errors;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Data;
using Recovery.Debtors.Contracts;
using Recovery.Negotiation.Data;
using Recovery.Negotiation.Features.Valuation;

namespace Recovery.Negotiation.Features.Plans;

/// <summary>What an agent asks for: the debts, the down payment, the installments, the first due date, the discount.</summary>
/// <param name="AutomaticPix">Creating an agreement only: the debtor's account to send the Pix Automático authorisation request to.</param>
internal sealed record PlanInput(Guid? DebtorId, List<Guid>? InvoiceIds, decimal? DownPayment, int? Installments, DateOnly? FirstDueDate,
    decimal? DiscountPercent, PayerAccount? AutomaticPix = null);

/// <summary>The debtor's account at their PSP: the ISPB (8 characters), the branch (up to 4 digits, when it has one) and the account.</summary>
internal sealed record PayerAccount(string? Ispb, string? Branch, string? Account);

internal sealed class PlanInputValidator : AbstractValidator<PlanInput>
{
    public PlanInputValidator(TimeProvider clock)
    {
        RuleFor(p => p.DebtorId).NotEmpty().WithMessage("debtorId is required", "informe o devedor");
        RuleFor(p => p.InvoiceIds).NotEmpty().WithMessage("invoiceIds must list at least one debt", "escolha ao menos um débito")
            .Must(i => i is null || i.Count <= 100).WithMessage("at most 100 debts in one agreement", "no máximo 100 débitos em um acordo")
            .Must(i => i is null || i.Distinct().Count() == i.Count).WithMessage("a debt is listed twice", "um débito aparece duas vezes");
        RuleFor(p => p.DownPayment).Must(d => d is null || (d >= 0 && Money.HasAtMostTwoDecimals(d.Value) && d <= Money.MaxAmount))
            .WithMessage("downPayment is zero or more, in reais with at most two decimals", "a entrada é zero ou mais, em reais com até dois decimais");
        RuleFor(p => p.Installments).NotNull().WithMessage("installments is required", "informe o número de parcelas")
            .InclusiveBetween(1, 120).WithMessage("installments is from 1 to 120", "de 1 a 120 parcelas");
        RuleFor(p => p.FirstDueDate).NotNull().WithMessage("firstDueDate is required (YYYY-MM-DD)", "informe o primeiro vencimento")
            .Must(d => d is null || d >= clock.Today()).WithMessage("firstDueDate must not be in the past", "o primeiro vencimento não pode ser no passado");
        RuleFor(p => p.DiscountPercent).Must(d => d is null || (d >= 0 && d <= 100 && Money.HasAtMostTwoDecimals(d.Value)))
            .WithMessage("discountPercent is from 0 to 100 with at most two decimals", "desconto de 0 a 100%, com até dois decimais");
        RuleFor(p => p.AutomaticPix!.Ispb).Matches("^[0-9A-Z]{8}$").When(p => p.AutomaticPix is not null)
            .WithMessage("automaticPix.ispb is the PSP's ISPB, 8 digits or upper-case letters", "informe o ISPB do banco do devedor (8 caracteres)");
        RuleFor(p => p.AutomaticPix!.Branch).Matches(@"^\d{1,4}$").When(p => p.AutomaticPix?.Branch is not null)
            .WithMessage("automaticPix.branch has up to 4 digits", "a agência tem até 4 dígitos");
        RuleFor(p => p.AutomaticPix!.Account).Matches("^[0-9A-Za-z]{1,20}$").When(p => p.AutomaticPix is not null)
            .WithMessage("automaticPix.account is up to 20 digits or letters", "informe a conta do devedor (até 20 caracteres)");
    }
}

/// <summary>The plan for an input, with everything it was made from.</summary>
/// <param name="OtherInstallmentsCents">What the debtor already pays a month under other agreements (the mínimo existencial check).</param>
internal sealed record Negotiated(DebtorDebts Debtor, IReadOnlyList<Debt> Debts, IReadOnlyList<DebtValue> Values, PolicyVersion Policy, Plan Plan,
    DateOnly Today, long OtherInstallmentsCents = 0);

internal static class Negotiator
{
    /// <summary>
    /// Loads and checks the debts (the debtor's own, open, of one creditor, in no live agreement), values them today and
    /// makes the plan under the policy of the oldest debt's portfolio.
    /// </summary>
    public static async Task<Negotiated> PlanAsync(DbSession session, IMediator mediator, PlanInput input, DateOnly today, CancellationToken ct)
    {
        var ids = input.InvoiceIds!;
        var debtor = await mediator.Send(new GetDebtorDebts(input.DebtorId!.Value), ct)
                     ?? throw new NotFoundException($"Debtor {input.DebtorId} does not exist.");
        var byId = debtor.Debts.ToDictionary(d => d.InvoiceId);
        for (var i = 0; i < ids.Count; i++)
            if (!byId.ContainsKey(ids[i]))
                throw new FieldException($"invoiceIds[{i}]", $"Invoice {ids[i]} is not a debt of this debtor.");
        var debts = ids.Select(id => byId[id]).OrderBy(d => d.DueDate).ToList();
        for (var i = 0; i < ids.Count; i++)
            if (byId[ids[i]].Status != DebtStatus.Open)
                throw new ConflictException(ProblemTypes.Base + "debt-not-negotiable", "Debt not negotiable",
                    $"invoiceIds[{i}]: invoice {byId[ids[i]].ExternalId} is {byId[ids[i]].Status.Code()}; only open debts can be negotiated.");
        if (debts.Select(d => d.PartnerId).Distinct().Count() > 1)
            throw new FieldException("invoiceIds", "An agreement settles the debts of one creditor: these belong to different creditors.");

        var live = (await session.QueryAsync<Guid>(
            $"SELECT invoice_id FROM negotiation.agreement_debt WHERE live = 1 AND invoice_id IN ({session.Dialect.JsonIds("@Ids")})",
            new { Ids = session.Dialect.JsonArray(ids) })).ToHashSet();
        if (live.Count > 0)
        {
            var i = ids.FindIndex(live.Contains);
            throw new ConflictException(ProblemTypes.Base + "already-in-agreement", "Debt already in an agreement",
                $"invoiceIds[{i}]: invoice {byId[ids[i]].ExternalId} is already in an agreement.");
        }

        var indices = await Indices.LoadAsync(session, debts.Select(d => d.CorrectionIndex));
        var values = debts.Select(d => DebtValuation.Value(d, today, indices)).ToList();
        var policy = await PolicyStore.CurrentAsync(session, debts[0].PortfolioId);
        var others = await session.ExecuteScalarAsync<long?>(
            """
            SELECT SUM(i.amount_cents) FROM negotiation.installment i JOIN negotiation.agreement a ON a.id = i.agreement_id
             WHERE a.debtor_id = @DebtorId AND a.status = 'active' AND i.number = 1
            """, new { input.DebtorId }) ?? 0;
        var plan = Planner.Make(new PlanRequest(values, Money.ToCents(input.DownPayment ?? 0m), input.Installments!.Value,
            input.FirstDueDate!.Value, input.DiscountPercent ?? 0m, today), policy.Policy, debtor.MonthlyIncomeCents, others);
        if (plan.FinancedCents <= 0)
            throw new FieldException("downPayment", $"The down payment must leave something to the installments: the total is {Money.Format(plan.TotalCents)}.");
        return new Negotiated(debtor, debts, values, policy, plan, today, others);
    }
}

/// <summary>The simulator: the plan, its CET, the role it needs and every rule it breaks, before anything is saved.</summary>
internal static class Simulate
{
    internal sealed record Query(PlanInput Input) : IRequest<Response>;

    internal sealed record Installment(int Number, DateOnly DueDate, decimal Amount);

    internal sealed record ViolationView(string Rule, string Message, string? RequiredRole);

    internal sealed record Response(
        decimal ValuationTotal, decimal Principal, decimal Charges, decimal Discount, decimal ChargesDiscountPercent,
        decimal PrincipalDiscountPercent, decimal Total, decimal DownPayment, decimal Financed, decimal MonthlyRatePercent,
        IReadOnlyList<Installment> Installments, decimal CetMonthly, decimal CetYearly, string? RequiredRole, bool Lawful,
        IReadOnlyList<ViolationView> Violations, int DaysLate, string Bucket, int PolicyVersion, decimal TotalPayable,
        bool AutomaticPixOffered);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator(TimeProvider clock) => RuleFor(q => q.Input).SetValidator(new PlanInputValidator(clock)).OverridePropertyName("");
    }

    internal sealed class Handler(NegotiationDb db, IMediator mediator, TimeProvider clock, Microsoft.Extensions.Options.IOptions<Pix.PixOptions> pix,
        ICurrentActor actor, IScopeGate scope)
        : IRequestHandler<Query, Response>
    {
        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            await scope.EnsureDebtorAsync(actor.Scope, query.Input.DebtorId!.Value, ct);
            await scope.EnsureInvoicesAsync(actor.Scope, query.Input.InvoiceIds!, ct);
            await using var session = await db.OpenAsync(ct);
            var n = await Negotiator.PlanAsync(session, mediator, query.Input, clock.Today(), ct);
            // Pix Automático is offered when the portfolio's PSP offers it and there are installments to debit (ADR 0021).
            var automatic = pix.Value.AutomaticFor(n.Debts[0].PortfolioId) is not null && query.Input.Installments >= 2;
            return View(n.Plan, n.Policy.Version, automatic);
        }
    }

    public static Response View(Plan p, int policyVersion, bool automaticPixOffered) => new(
        Money.ToReais(p.ValuationCents), Money.ToReais(p.PrincipalCents), Money.ToReais(p.ChargesCents), Money.ToReais(p.DiscountCents),
        p.ChargesDiscountPercent, p.PrincipalDiscountPercent, Money.ToReais(p.TotalCents), Money.ToReais(p.DownPaymentCents),
        Money.ToReais(p.FinancedCents), p.MonthlyRatePercent,
        p.Schedule.Select(s => new Installment(s.Number, s.DueDate, Money.ToReais(s.AmountCents))).ToList(),
        p.CetMonthly, p.CetYearly, p.RequiredRole, p.Lawful, p.Violations.Select(v => new ViolationView(v.Rule, v.Message, v.RequiredRole)).ToList(),
        p.DaysLate, $"{p.Bucket.FromDays}-{p.Bucket.ToDays?.ToString() ?? ""}", policyVersion, Money.ToReais(p.Schedule.Sum(s => s.AmountCents)),
        automaticPixOffered);

    internal static void Map(RouteGroupBuilder negotiations) =>
        negotiations.MapPost("/simulate", (PlanInput input, IMediator mediator, CancellationToken ct) => mediator.Send(new Query(input), ct))
            .WithName(nameof(Simulate))
            .RequireAuthorization(Policies.Agent)
            .ProducesValidationProblem()
            .ProducesProblem(404)
            .ProducesProblem(409);
}
