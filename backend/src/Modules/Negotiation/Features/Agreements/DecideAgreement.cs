using Recovery.BuildingBlocks.Messaging;
using Recovery.BuildingBlocks.Errors;
using Recovery.Debtors.Contracts;
using Recovery.Negotiation.Contracts;
using Recovery.Negotiation.Data;
using Recovery.Negotiation.Features.Plans;

namespace Recovery.Negotiation.Features.Agreements;

/// <summary>
/// The approval queue's decisions (approve, reject) and cancellation with reason; each is audited. Only someone whose
/// authority covers what the agreement needs may approve it.
/// </summary>
internal static class DecideAgreement
{
    internal sealed record Command(Guid Id, string Decision, string? Reason) : ICommand<AgreementView>;

    internal sealed record Body(string? Reason);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() =>
            RuleFor(c => c.Reason).NotEmpty().When(c => c.Decision != "approve").WithMessage("reason is required", "informe o motivo").MaximumLength(500);
    }

    internal sealed class Handler(NegotiationDb db, IMediator mediator, ICurrentActor actor, AuditContext audit, TimeProvider clock)
        : IRequestHandler<Command, AgreementView>
    {
        public async Task<AgreementView> Handle(Command command, CancellationToken ct)
        {
            await using var tx = await db.BeginAsync(ct);
            var a = await AgreementStore.GetAsync(tx, command.Id);
            var now = clock.GetUtcNow();
            var expected = command.Decision == "cancel" ? "active" : "pending_approval";
            if (a.Status != expected && !(command.Decision == "cancel" && a.Status == "pending_approval"))
                throw new ConflictException(ProblemTypes.Base + "agreement-not-" + expected.Replace('_', '-'), "Agreement in another state",
                    $"The agreement is {a.Status}; {command.Decision} needs it {expected}.");
            var invoiceIds = (await AgreementStore.DebtsAsync(tx, a.Id)).Select(d => d.InvoiceId).ToList();

            switch (command.Decision)
            {
                case "approve":
                    if (!Planner.MayGrant(actor.Role, a.RequiredRole))
                        throw new ForbiddenException($"This agreement needs the authority of a {a.RequiredRole}.");
                    await EnsureDebtsStillOpenAsync(mediator, a.DebtorId, invoiceIds, ct);
                    await tx.ExecuteAsync("UPDATE negotiation.agreement SET status = 'active', decided_by = @By, decided_at = @Now WHERE id = @Id",
                        new { By = actor.Name, Now = now, a.Id });
                    await tx.PublishAsync(new AgreementApproved(a.Id, a.DebtorId, a.PartnerId, actor.Name), now);
                    var schedule = (await AgreementStore.InstallmentsAsync(tx, a.Id))
                        .Select(i => new ScheduledInstallment(i.Number, i.DueDate, i.AmountCents, i.PaidCents)).ToList();
                    await tx.PublishAsync(new AgreementActivated(a.Id, a.DebtorId, a.PartnerId, invoiceIds, a.AgreementDate, a.PortfolioId, schedule), now);
                    break;
                case "reject":
                    await tx.ExecuteAsync("UPDATE negotiation.agreement SET decided_by = @By, decided_at = @Now WHERE id = @Id",
                        new { By = actor.Name, Now = now, a.Id });
                    await AgreementStore.EndAsync(tx, a.Id, "rejected", command.Reason!.Trim(), now);
                    await tx.PublishAsync(new AgreementCancelled(a.Id, a.DebtorId, a.PartnerId, invoiceIds, [], AgreementStatus.Rejected, command.Reason.Trim()), now);
                    break;
                default:
                    var credits = await AgreementStore.CreditsAsync(tx, a.Id);
                    await AgreementStore.EndAsync(tx, a.Id, "cancelled", command.Reason!.Trim(), now);
                    await tx.PublishAsync(new AgreementCancelled(a.Id, a.DebtorId, a.PartnerId, invoiceIds, credits, AgreementStatus.Cancelled, command.Reason.Trim()), now);
                    break;
            }
            var view = await AgreementStore.ViewAsync(tx, a.Id);
            await tx.CommitAsync(ct);
            audit.Describe("agreement", a.Id, before: new { a.Status }, after: new { view.Status, decision = command.Decision, command.Reason });
            return view;
        }
    }

    /// <summary>
    /// Debtors' word on the debts, asked at the moment of approval: one paid, cancelled or prescribed while the agreement
    /// waited must not be negotiated (CDC art. 42); the supervisor rejects the agreement and a new one is made.
    /// </summary>
    private static async Task EnsureDebtsStillOpenAsync(IMediator mediator, Guid debtorId, IReadOnlyCollection<Guid> invoiceIds, CancellationToken ct)
    {
        var debts = (await mediator.Send(new GetDebtorDebts(debtorId, invoiceIds), ct))?.Debts ?? [];
        var closed = debts.Where(d => d.Status != DebtStatus.Open).ToList();
        if (closed.Count > 0 || debts.Count < invoiceIds.Count)
            throw new ConflictException(ProblemTypes.Base + "agreement-debts-not-open", "A debt is no longer open",
                $"The agreement cannot come into force: {string.Join(", ", closed.Select(d => $"{d.ExternalId} is {d.Status.Code()}"))}. Reject it and negotiate the open debts again.");
    }

    internal static void Map(RouteGroupBuilder agreements)
    {
        foreach (var decision in new[] { "approve", "reject", "cancel" })
            agreements.MapPost($"/{{id:guid}}/{decision}", (Guid id, Body? body, IMediator mediator, CancellationToken ct) =>
                    mediator.Send(new Command(id, decision, body?.Reason), ct))
                .WithName(decision switch { "approve" => "ApproveAgreement", "reject" => "RejectAgreement", _ => "CancelAgreement" })
                .ScopedTo(ScopedKinds.Agreement, "id")
                .RequireAuthorization(Policies.Supervisor)
                .ProducesValidationProblem()
                .ProducesProblem(403)
                .ProducesProblem(404)
                .ProducesProblem(409);
    }
}
