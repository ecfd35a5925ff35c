using Recovery.BuildingBlocks.Errors;
using System.Text.Json;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Debtors.Contracts;
using Recovery.Negotiation.Data;

namespace Recovery.Negotiation.Features.Plans;

/// <summary>Reading and saving a portfolio's negotiation policy; each save is a new version.</summary>
internal static class PolicySlices
{
    internal sealed record Get(Guid PortfolioId) : IRequest<PolicyVersion>;

    internal sealed class GetHandler(NegotiationDb db, IMediator mediator) : IRequestHandler<Get, PolicyVersion>
    {
        public async Task<PolicyVersion> Handle(Get query, CancellationToken ct)
        {
            _ = await mediator.Send(new GetPortfolio(query.PortfolioId), ct)
                ?? throw new NotFoundException($"Portfolio {query.PortfolioId} does not exist.");
            await using var session = await db.OpenAsync(ct);
            return await PolicyStore.CurrentAsync(session, query.PortfolioId);
        }
    }

    [AuditAction("SavePolicy")]
    internal sealed record Save(Guid PortfolioId, Policy? Policy) : ICommand<PolicyVersion>;

    internal sealed class SaveValidator : AbstractValidator<Save>
    {
        public SaveValidator()
        {
            RuleFor(c => c.Policy).NotNull().WithMessage("the policy is required", "informe a política");
            RuleFor(c => c.Policy!).SetValidator(new PolicyValidator()).OverridePropertyName("").When(c => c.Policy is not null);
        }
    }

    /// <summary>Every field of a policy, under its JSON path in the body.</summary>
    internal sealed class PolicyValidator : AbstractValidator<Policy>
    {
        private static bool Percent(decimal p) => p >= 0 && p <= 100 && decimal.Round(p, 2) == p;

        public PolicyValidator()
        {
            RuleFor(p => p.Buckets).NotEmpty().WithMessage("buckets must list at least one delinquency bucket", "informe ao menos uma faixa de atraso")
                .Must(Contiguous).WithMessage("buckets must start at day 1, follow each other without gaps and end open (toDays null)", "as faixas começam no dia 1, seguem sem lacunas e a última fica em aberto (sem \"até\")");
            RuleForEach(p => p.Buckets).NotNull().WithMessage("a bucket cannot be null", "a faixa não pode ficar vazia").ChildRules(b =>
            {
                b.RuleFor(x => x.MaxChargesDiscountPercent).Must(Percent).WithMessage("a percentage from 0 to 100", "um percentual de 0 a 100");
                b.RuleFor(x => x.MaxPrincipalDiscountPercent).Must(Percent).WithMessage("a percentage from 0 to 100", "um percentual de 0 a 100");
                b.RuleFor(x => x.MinDownPaymentPercent).Must(Percent).WithMessage("a percentage from 0 to 100", "um percentual de 0 a 100");
                b.RuleFor(x => x.MaxInstallments).InclusiveBetween(1, 120);
                // The debtor alone never gets more than an agent could give.
                b.RuleFor(x => x.SelfService!.MaxChargesDiscountPercent).Must(Percent).LessThanOrEqualTo(x => x.MaxChargesDiscountPercent)
                    .WithMessage("at most the agent's discount on charges", "no máximo o desconto nos encargos do agente")
                    .OverridePropertyName("selfService.maxChargesDiscountPercent").When(x => x.SelfService is not null);
                b.RuleFor(x => x.SelfService!.MaxPrincipalDiscountPercent).Must(Percent).LessThanOrEqualTo(x => x.MaxPrincipalDiscountPercent)
                    .WithMessage("at most the agent's discount on principal", "no máximo o desconto no principal do agente")
                    .OverridePropertyName("selfService.maxPrincipalDiscountPercent").When(x => x.SelfService is not null);
                b.RuleFor(x => x.SelfService!.CashExtraPrincipalDiscountPercent).Must(Percent)
                    .WithMessage("a percentage from 0 to 100", "um percentual de 0 a 100")
                    .OverridePropertyName("selfService.cashExtraPrincipalDiscountPercent").When(x => x.SelfService is not null);
                b.RuleFor(x => x.SelfService!.MaxInstallments).InclusiveBetween(1, 120).LessThanOrEqualTo(x => x.MaxInstallments)
                    .WithMessage("from 1 to the agent's maximum installments", "de 1 até o máximo de parcelas do agente")
                    .OverridePropertyName("selfService.maxInstallments").When(x => x.SelfService is not null);
            });
            RuleForEach(p => p.Buckets).Must((p, b) => b?.SelfService is null || b.SelfService.CashExtraPrincipalDiscountPercent <= p.CashExtraPrincipalDiscountPercent)
                .WithMessage("selfService.cashExtraPrincipalDiscountPercent is at most the policy's cashExtraPrincipalDiscountPercent",
                    "o extra à vista do autoatendimento é no máximo o da política");
            RuleFor(p => p.MinInstallment).Must(m => m >= 0 && decimal.Round(m, 2) == m).WithMessage("minInstallment is an amount in reais", "parcela mínima em reais");
            RuleFor(p => p.MonthlyRatePercent).Must(r => r >= 0 && r <= 20 && decimal.Round(r, 4) == r)
                .WithMessage("monthlyRatePercent is from 0 to 20 with at most 4 decimals", "juros de 0 a 20% ao mês, com até 4 decimais");
            // The planner refuses every instalment plan of such a policy (Planner.Check, "compounding"): say so when it is saved.
            RuleFor(p => p.MonthlyRatePercent).Equal(0m)
                .When(p => !p.FinancialInstitution && string.IsNullOrWhiteSpace(p.CompoundingLegalBasis))
                .WithMessage(
                    "an instalment rate needs a financial institution or a compoundingLegalBasis (MP 2.170-36/2001; STJ Súmulas 539 and 541): without one no instalment plan would be lawful",
                    "juros no parcelamento só para instituição financeira ou com a base legal da capitalização informada (MP 2.170-36/2001; STJ Súmulas 539 e 541): sem ela nenhum parcelamento seria lícito");
            RuleFor(p => p.CashExtraPrincipalDiscountPercent).Must(Percent).WithMessage("a percentage from 0 to 100", "um percentual de 0 a 100");
            RuleFor(p => p.SupervisorExtraPrincipalDiscountPercent).Must(Percent).WithMessage("a percentage from 0 to 100", "um percentual de 0 a 100");
            RuleFor(p => p.FirstDueMaxDays).InclusiveBetween(0, 365);
            RuleFor(p => p.BreachToleranceDays).InclusiveBetween(0, 365);
            RuleFor(p => p.CompoundingLegalBasis).MaximumLength(500);
            When(p => p.Pix is not null, () =>
            {
                RuleFor(p => p.Pix!.Key).NotEmpty().MaximumLength(77).OverridePropertyName("pix.key");
                RuleFor(p => p.Pix!.MerchantName).NotEmpty().MaximumLength(25).OverridePropertyName("pix.merchantName");
                RuleFor(p => p.Pix!.City).NotEmpty().MaximumLength(15).OverridePropertyName("pix.city");
            });
        }

        private static bool Contiguous(IReadOnlyList<BucketRule>? buckets)
        {
            if (buckets is null || buckets.Count == 0 || buckets.Any(b => b is null)) return true;  // each item's own rule says it
            if (buckets[0].FromDays != 1 || buckets[^1].ToDays is not null) return false;
            for (var i = 0; i < buckets.Count - 1; i++)
                if (buckets[i].ToDays is not { } to || to < buckets[i].FromDays || buckets[i + 1].FromDays != to + 1) return false;
            return true;
        }
    }

    internal sealed class SaveHandler(NegotiationDb db, IMediator mediator, ICurrentActor actor, AuditContext audit, TimeProvider clock)
        : IRequestHandler<Save, PolicyVersion>
    {
        public async Task<PolicyVersion> Handle(Save command, CancellationToken ct)
        {
            var portfolio = await mediator.Send(new GetPortfolio(command.PortfolioId), ct)
                            ?? throw new NotFoundException($"Portfolio {command.PortfolioId} does not exist.");
            await using var tx = await db.BeginAsync(ct);
            var current = await PolicyStore.CurrentAsync(tx, command.PortfolioId);
            var now = clock.GetUtcNow();
            var saved = new PolicyVersion(command.PortfolioId, current.Version + 1, command.Policy!, actor.Name, now);
            await tx.ExecuteAsync(
                """
                INSERT INTO negotiation.policy (id, portfolio_id, partner_id, version, document, created_by, created_at)
                VALUES (@Id, @PortfolioId, @PartnerId, @Version, @Document, @By, @Now)
                """,
                new
                {
                    Id = Guid.CreateVersion7(), command.PortfolioId, portfolio.PartnerId, saved.Version,
                    Document = JsonSerializer.Serialize(saved.Policy, EventTypes.Json), By = actor.Name, Now = now,
                });
            await tx.CommitAsync(ct);
            audit.Describe("policy", command.PortfolioId, before: new { current.Version, current.Policy }, after: new { saved.Version, saved.Policy });
            return saved;
        }
    }

    internal static void Map(RouteGroupBuilder portfolios)
    {
        portfolios.MapGet("/{portfolioId:guid}/policy", (Guid portfolioId, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new Get(portfolioId), ct))
            .WithName("GetPolicy")
            .RequireAuthorization(Policies.Person)
            .ProducesProblem(404);

        portfolios.MapPut("/{portfolioId:guid}/policy", (Guid portfolioId, Policy policy, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new Save(portfolioId, policy), ct))
            .WithName("SavePolicy")
            .RequireAuthorization(Policies.Supervisor)
            .ProducesValidationProblem()
            .ProducesProblem(404);
    }
}
