using System.Text.Json;
using System.Globalization;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Negotiation.Contracts;
using Recovery.Negotiation.Data;
using Recovery.Negotiation.Features.Plans;

namespace Recovery.Negotiation.Features.Agreements;

/// <summary>
/// Makes an agreement from a plan: active when within the creator's authority (201), waiting for a supervisor or
/// administrator otherwise (202), refused when it breaks a rule nobody may grant (422 naming the rule).
/// </summary>
internal static class CreateAgreement
{
    internal sealed record Command(PlanInput Input) : ICommand<AgreementView>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider clock) => RuleFor(c => c.Input).SetValidator(new PlanInputValidator(clock)).OverridePropertyName("");
    }

    internal sealed class Handler(NegotiationDb db, IMediator mediator, ICurrentActor actor, AuditContext audit, TimeProvider clock,
        Microsoft.Extensions.Options.IOptions<Pix.PixOptions> pixOptions, IScopeGate scope)
        : IRequestHandler<Command, AgreementView>
    {
        public async Task<AgreementView> Handle(Command command, CancellationToken ct)
        {
            await scope.EnsureDebtorAsync(actor.Scope, command.Input.DebtorId!.Value, ct);
            await scope.EnsureInvoicesAsync(actor.Scope, command.Input.InvoiceIds!, ct);
            await using var tx = await db.BeginAsync(ct);
            var n = await Negotiator.PlanAsync(tx, mediator, command.Input, clock.Today(), ct);
            var plan = n.Plan;
            if (!plan.Lawful)
            {
                var broken = plan.Violations.Where(v => v.RequiredRole is null).ToList();
                throw new BusinessRuleException(ProblemTypes.Base + "plan-breaks-the-law", "The plan breaks a rule nobody may grant",
                    string.Join(" ", broken.Select(v => v.Message)))
                {
                    Extensions = new Dictionary<string, object?>
                    {
                        ["rule"] = broken[0].Rule,
                        ["violations"] = plan.Violations.Select(v => new { v.Rule, v.Message, v.RequiredRole }).ToList(),
                    },
                };
            }

            var status = Planner.MayGrant(actor.Role, plan.RequiredRole) ? "active" : "pending_approval";
            var now = clock.GetUtcNow();
            var view = await SaveAsync(tx, n, command.Input, status, plan.RequiredRole, actor, now);
            if (command.Input.AutomaticPix is { } payer)
            {
                // Pix Automático: recorded now, created at the PSP by the pix-recurrences job once the agreement is active (ADR 0021).
                if (pixOptions.Value.AutomaticFor(n.Debts[0].PortfolioId) is null || command.Input.Installments < 2)
                    throw new BusinessRuleException(ProblemTypes.Base + "automatic-pix-not-offered", "Pix Automático is not offered",
                        "Pix Automático needs a portfolio whose PSP offers it and an agreement of two installments or more.");
                await tx.ExecuteAsync(
                    """
                    INSERT INTO negotiation.pix_recurrence (agreement_id, status, payer_ispb, payer_branch, payer_account, attempts, next_attempt_at, created_at, updated_at)
                    VALUES (@Id, 'planned', @Ispb, @Branch, @Account, 0, @Now, @Now, @Now)
                    """, new { Id = view.Id, payer.Ispb, payer.Branch, payer.Account, Now = now });
                view = await AgreementStore.ViewAsync(tx, view.Id);
            }

            await tx.CommitAsync(ct);
            audit.Describe("agreement", view.Id, after: new
            {
                status, debtorId = n.Debtor.DebtorId, invoiceIds = n.Debts.Select(d => d.InvoiceId).ToList(), total = view.Total, view.DiscountPercent, view.DownPayment,
                installments = view.InstallmentCount, requiredRole = plan.RequiredRole, policyVersion = n.Policy.Version,
                violations = plan.Violations.Select(v => v.Rule),
            });
            return view;
        }
    }

    /// <summary>
    /// Writes the agreement of a plan, its debts (a debt already in a live agreement is a 409) and installments, and
    /// publishes <see cref="AgreementCreated"/> (and <see cref="AgreementActivated"/> when active), in the caller's
    /// transaction. Shared by the agents' agreements and the debtor's self-service ones.
    /// </summary>
    internal static async Task<AgreementView> SaveAsync(DbSession tx, Negotiated n, PlanInput input, string status, string? requiredRole,
        ICurrentActor actor, DateTimeOffset now)
    {
        var plan = n.Plan;
        var id = Guid.CreateVersion7();
        var first = n.Debts[0];
        await tx.ExecuteAsync(
            """
            INSERT INTO negotiation.agreement
                (id, debtor_id, partner_id, portfolio_id, status, policy_version, agreement_date, valuation_cents, discount_cents,
                 discount_e2, total_cents, down_payment_cents, installments, monthly_rate_e4, cet_monthly, cet_yearly, tolerance_days,
                 required_role, violations, created_by_id, created_by, created_by_role, created_at)
            VALUES
                (@Id, @DebtorId, @PartnerId, @PortfolioId, @Status, @PolicyVersion, @Today, @Valuation, @Discount, @DiscountE2,
                 @Total, @DownPayment, @Installments, @RateE4, @CetMonthly, @CetYearly, @Tolerance, @RequiredRole, @Violations, @ById, @By, @ByRole, @Now)
            """,
            new
            {
                Id = id, DebtorId = n.Debtor.DebtorId, first.PartnerId, first.PortfolioId, Status = status, PolicyVersion = n.Policy.Version,
                n.Today, Valuation = plan.ValuationCents, Discount = plan.DiscountCents,
                DiscountE2 = (int)(input.DiscountPercent.GetValueOrDefault() * 100), Total = plan.TotalCents,
                DownPayment = plan.DownPaymentCents, Installments = input.Installments, RateE4 = (int)(plan.MonthlyRatePercent * 10_000),
                CetMonthly = plan.CetMonthly.ToString(CultureInfo.InvariantCulture), CetYearly = plan.CetYearly.ToString(CultureInfo.InvariantCulture),
                Tolerance = n.Policy.Policy.BreachToleranceDays, RequiredRole = requiredRole, ById = actor.Id, By = actor.Name,
                Violations = plan.Violations.Count == 0 ? null
                    : JsonSerializer.Serialize(plan.Violations.Select(v => new AgreementViolation(v.Rule, v.Message, v.RequiredRole)), EventTypes.Json),
                ByRole = actor.Role ?? "system", Now = now,
            });
        using (var debt = tx.Prepare(
                   """
                   INSERT INTO negotiation.agreement_debt (agreement_id, invoice_id, external_id, due_date, principal_cents, charges_cents, live)
                   VALUES (@Id, @InvoiceId, @ExternalId, @DueDate, @Principal, @Charges, 1)
                   """, "Id", "InvoiceId", "ExternalId", "DueDate", "Principal", "Charges"))
        {
            try
            {
                for (var k = 0; k < n.Debts.Count; k++)
                    await debt.ExecuteAsync(id, n.Debts[k].InvoiceId, n.Debts[k].ExternalId, n.Debts[k].DueDate, n.Values[k].Principal, n.Values[k].Charges);
            }
            catch (Exception ex) when (tx.Dialect.IsUniqueViolation(ex))
            {
                throw new ConflictException(ProblemTypes.Base + "already-in-agreement", "Debt already in an agreement",
                    "One of the debts entered another agreement a moment ago.");
            }
        }
        using (var installment = tx.Prepare(
                   """
                   INSERT INTO negotiation.installment (agreement_id, number, due_date, amount_cents, breaks_on, txid)
                   VALUES (@Id, @Number, @DueDate, @Amount, @BreaksOn, @Txid)
                   """, "Id", "Number", "DueDate", "Amount", "BreaksOn", "Txid"))
        {
            foreach (var s in plan.Schedule)
                await installment.ExecuteAsync(id, s.Number, s.DueDate, s.AmountCents, s.DueDate.AddDays(n.Policy.Policy.BreachToleranceDays + 1), PixCode.NewTxid());
        }

        var invoiceIds = n.Debts.Select(d => d.InvoiceId).ToList();
        await tx.PublishAsync(new AgreementCreated(id, n.Debtor.DebtorId, first.PartnerId, invoiceIds, EventCodes.Parse<AgreementStatus>(status), plan.TotalCents,
            plan.DownPaymentCents, input.Installments!.Value, n.Today, actor.Name, actor.Kind.ToString().ToLowerInvariant()), now);
        if (status == "active")
            await tx.PublishAsync(new AgreementActivated(id, n.Debtor.DebtorId, first.PartnerId, invoiceIds, n.Today, first.PortfolioId,
                plan.Schedule.Select(s => new ScheduledInstallment(s.Number, s.DueDate, s.AmountCents, 0)).ToList()), now);
        return await AgreementStore.ViewAsync(tx, id);
    }

    internal static void Map(RouteGroupBuilder agreements) =>
        agreements.MapPost("/", async (PlanInput input, IMediator mediator, CancellationToken ct) =>
            {
                var view = await mediator.Send(new Command(input), ct);
                return view.Status == "active"
                    ? Results.Created($"/api/v1/agreements/{view.Id}", view)
                    : Results.Accepted($"/api/v1/agreements/{view.Id}", view);
            })
            .WithName(nameof(CreateAgreement))
            .RequireAuthorization(Policies.Agent)
            .Produces<AgreementView>(201)
            .Produces<AgreementView>(202)
            .ProducesValidationProblem()
            .ProducesProblem(404)
            .ProducesProblem(409)
            .ProducesProblem(422);
}
