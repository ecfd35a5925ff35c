using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Idempotency;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Debtors.Contracts;
using Recovery.Negotiation.Data;

namespace Recovery.Negotiation.Features.Agreements;

/// <summary>
/// Payments on agreements: registered by an agent, received by Pix and matched by txid (the creditor's bank reports it
/// through the partner API), or pushed by the partner against one of the debts (Debtors' PaymentReceived). Each counts
/// once, whatever path brings it again.
/// </summary>
internal static class AgreementPayments
{
    internal sealed record Register(Guid AgreementId, string? PaymentId, decimal? Amount, DateOnly? PaidAt) : ICommand<AgreementView>;

    internal sealed record RegisterBody(string? PaymentId, decimal? Amount, DateOnly? PaidAt);

    internal sealed class RegisterValidator : AbstractValidator<Register>
    {
        public RegisterValidator(TimeProvider clock)
        {
            RuleFor(c => c.PaymentId).NotEmpty().WithMessage("paymentId is required").MaximumLength(64);
            RuleFor(c => c.Amount).MustBeAmount();
            RuleFor(c => c.PaidAt).NotNull().WithMessage("paidAt is required (YYYY-MM-DD)")
                .Must(d => d is null || d <= clock.Today()).WithMessage("paidAt must not be in the future");
        }
    }

    internal sealed class RegisterHandler(NegotiationDb db, ICurrentActor actor, AuditContext audit, TimeProvider clock)
        : IRequestHandler<Register, AgreementView>
    {
        public async Task<AgreementView> Handle(Register command, CancellationToken ct)
        {
            await using var tx = await db.BeginAsync(ct);
            var a = await AgreementStore.GetAsync(tx, command.AgreementId);
            if (a.Status != "active")
                throw new ConflictException(ProblemTypes.Base + "agreement-not-active", "Agreement not active",
                    $"The agreement is {a.Status}: payments are registered on active agreements.");
            var amount = Money.ToCents(command.Amount!.Value);
            var applied = await AgreementStore.ApplyPaymentAsync(tx, a,
                new PaymentRecord($"agent:{a.Id:N}:{command.PaymentId}", "agent", a.DebtorId, null, amount, command.PaidAt!.Value, actor.Name),
                clock.GetUtcNow());
            var view = await AgreementStore.ViewAsync(tx, a.Id);
            await tx.CommitAsync(ct);
            audit.Describe("agreement", a.Id, after: new { payment = command.PaymentId, amount = command.Amount, command.PaidAt, applied, view.Status });
            return view;
        }
    }

    internal sealed record Pix(Guid PartnerId, string? Txid, string? EndToEndId, decimal? Amount, DateOnly? PaidAt) : ICommand<PixResponse>;

    internal sealed record PixBody(string? Txid, string? EndToEndId, decimal? Amount, DateOnly? PaidAt);

    internal sealed record PixResponse(bool Applied, Guid AgreementId, int Installment, string AgreementStatus);

    internal sealed class PixValidator : AbstractValidator<Pix>
    {
        public PixValidator(TimeProvider clock)
        {
            RuleFor(c => c.Txid).NotEmpty().WithMessage("txid is required").MaximumLength(35);
            RuleFor(c => c.EndToEndId).NotEmpty().WithMessage("endToEndId is required (the Pix E2E id)").MaximumLength(64);
            RuleFor(c => c.Amount).MustBeAmount();
            RuleFor(c => c.PaidAt).NotNull().WithMessage("paidAt is required (YYYY-MM-DD)")
                .Must(d => d is null || d <= clock.Today().AddDays(1)).WithMessage("paidAt must not be in the future");
        }
    }

    internal sealed class PixHandler(NegotiationDb db, AuditContext audit, TimeProvider clock) : IRequestHandler<Pix, PixResponse>
    {
        public async Task<PixResponse> Handle(Pix command, CancellationToken ct)
        {
            await using var tx = await db.BeginAsync(ct);
            var match = await tx.QuerySingleOrDefaultAsync<Match>(
                """
                SELECT i.agreement_id, i.number FROM negotiation.installment i JOIN negotiation.agreement a ON a.id = i.agreement_id
                 WHERE i.txid = @Txid AND a.partner_id = @PartnerId
                """, command) ?? throw new NotFoundException($"No installment has txid {command.Txid}.");
            var a = await AgreementStore.GetAsync(tx, match.AgreementId);
            var applied = await AgreementStore.ApplyPaymentAsync(tx, a.Status == "active" ? a : null,
                new PaymentRecord($"pix:{command.EndToEndId}", "pix", a.DebtorId, null, Money.ToCents(command.Amount!.Value), command.PaidAt!.Value,
                    "pix"), clock.GetUtcNow());
            var status = (await AgreementStore.GetAsync(tx, a.Id)).Status;
            await tx.CommitAsync(ct);
            audit.Describe("agreement", a.Id, after: new { command.Txid, command.EndToEndId, command.Amount, applied, status });
            return new PixResponse(applied, a.Id, match.Number, status);
        }
    }

    private sealed class Match
    {
        public Guid AgreementId { get; init; }
        public int Number { get; init; }
    }

    /// <summary>
    /// Every partner payment is recorded (promises are checked against them); one against a debt in an active agreement
    /// pays the agreement's installments.
    /// </summary>
    internal sealed class OnPaymentReceived(NegotiationDb db) : IEventSubscriber<PaymentReceived>
    {
        public async Task HandleAsync(PaymentReceived e, EventEnvelope envelope, CancellationToken ct)
        {
            await using var tx = await db.BeginAsync(ct);
            var agreementId = await tx.ExecuteScalarAsync<Guid?>(
                """
                SELECT d.agreement_id FROM negotiation.agreement_debt d JOIN negotiation.agreement a ON a.id = d.agreement_id
                 WHERE d.invoice_id = @InvoiceId AND d.live = 1 AND a.status = 'active'
                """, new { e.InvoiceId });
            var a = agreementId is { } id ? await AgreementStore.FindAsync(tx, id) : null;
            await AgreementStore.ApplyPaymentAsync(tx, a,
                new PaymentRecord($"partner:{e.InvoiceId:N}:{e.PaymentId}", "partner", e.DebtorId, e.InvoiceId, e.AmountCents, e.PaidAt, "partner"),
                envelope.OccurredAt);
        }
    }

    internal static void Map(RouteGroupBuilder agreements, RouteGroupBuilder partner)
    {
        agreements.MapPost("/{id:guid}/payments", (Guid id, RegisterBody body, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new Register(id, body.PaymentId, body.Amount, body.PaidAt), ct))
            .WithName("RegisterAgreementPayment")
            .ScopedTo(ScopedKinds.Agreement, "id")
            .RequireAuthorization(Policies.Agent)
            .ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);

        partner.MapPost("/pix/payments", (PixBody body, ICurrentActor actor, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new Pix(actor.PartnerId!.Value, body.Txid, body.EndToEndId, body.Amount, body.PaidAt), ct))
            .WithName("ReceivePixPayment")
            .WithSummary("A Pix received by the creditor, matched to an installment by its txid; the same endToEndId again changes nothing")
            .RequireAuthorization(Policies.Partner)
            .WithIdempotency<NegotiationDb>()
            .ProducesValidationProblem().ProducesProblem(404);
    }
}
