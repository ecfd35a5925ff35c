using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Idempotency;
using Recovery.Debtors.Contracts;
using Recovery.Debtors.Data;
using Recovery.Debtors.Features.Debtors;

namespace Recovery.Debtors.Features.Invoices;

/// <summary>
/// A payment the partner received, once per paymentId: the same paymentId again changes nothing (charging twice is what
/// CDC art. 42 punishes). Covering the outstanding amount makes the invoice paid; beyond it, the rest is the debtor's credit.
/// </summary>
internal static class RegisterPayment
{
    internal sealed record Command(Guid PartnerId, string ExternalId, string? PaymentId, decimal? Amount, DateOnly? PaidAt) : ICommand<Response>;

    internal sealed record Body(string? PaymentId, decimal? Amount, DateOnly? PaidAt);

    internal sealed record Response(bool Created, Guid Id, string PaymentId, decimal Amount, DateOnly PaidAt, DateTimeOffset CreatedAt,
        decimal Outstanding, decimal Credit, InvoiceView Invoice);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(c => c.PaymentId).NotEmpty().WithMessage("paymentId is required")
                .Matches(InvoiceRules.ExternalId()).WithMessage("paymentId must have 1 to 64 of A-Z a-z 0-9 . _ : / -");
            RuleFor(c => c.Amount).MustBeAmount();
            RuleFor(c => c.PaidAt).NotNull().WithMessage("paidAt is required (YYYY-MM-DD)")
                .Must(d => d is null || d <= clock.Today().AddDays(1))
                .WithMessage("paidAt must not be in the future");
        }
    }

    internal sealed class Handler(DebtorsDb db, AuditContext audit, ICurrentActor actor, TimeProvider clock) : IRequestHandler<Command, Response>
    {
        private const string SelectInvoice = """
            SELECT id, debtor_id, status, outstanding_cents, credit_cents FROM debtors.invoice
             WHERE partner_id = @PartnerId AND external_id = @ExternalId
            """;

        private const string LockInvoice =
            "UPDATE debtors.invoice SET updated_at = updated_at WHERE partner_id = @PartnerId AND external_id = @ExternalId";

        private const string SelectPayment = """
            SELECT id, payment_id, amount_cents, paid_at, created_at FROM debtors.payment WHERE invoice_id = @InvoiceId AND payment_id = @PaymentId
            """;

        public async Task<Response> Handle(Command command, CancellationToken ct)
        {
            await using var tx = await db.BeginAsync(ct);
            // The invoice's row is locked before it is read, so that payments arriving together (on SQL Server; SQLite's
            // writers already queue) see each other: the same payment id finds the first, different ones add up.
            await tx.ExecuteAsync(LockInvoice, command);
            var invoice = await tx.QuerySingleOrDefaultAsync<InvoiceRow>(SelectInvoice, command)
                          ?? throw GetInvoice.NotFound(command.ExternalId);
            var existing = await tx.QuerySingleOrDefaultAsync<PaymentRow>(SelectPayment, new { InvoiceId = invoice.Id, command.PaymentId });
            if (existing is not null)
                return await RespondAsync(tx, command.PartnerId, invoice.Id, existing, invoice.CreditCents, created: false);
            if (invoice.Status == "cancelled")
                throw new ConflictException(ProblemTypes.Base + "invoice-cancelled", "Invoice cancelled",
                    "The invoice was cancelled; a payment cannot be registered against it.");

            var now = clock.GetUtcNow();
            var amount = Money.ToCents(command.Amount!.Value);
            var remaining = invoice.OutstandingCents - amount;
            var outstanding = Math.Max(0, remaining);
            var credit = invoice.CreditCents + Math.Max(0, -remaining);
            var status = outstanding == 0 && invoice.Status is "open" or "prescribed" or "written_off" ? "paid" : invoice.Status;
            var payment = new PaymentRow { Id = Guid.CreateVersion7(), PaymentId = command.PaymentId!, AmountCents = amount, PaidAt = command.PaidAt!.Value, CreatedAt = now };
            await tx.ExecuteAsync(
                "INSERT INTO debtors.payment (id, invoice_id, payment_id, amount_cents, paid_at, created_at) VALUES (@Id, @InvoiceId, @PaymentId, @AmountCents, @PaidAt, @CreatedAt)",
                new { payment.Id, InvoiceId = invoice.Id, payment.PaymentId, payment.AmountCents, payment.PaidAt, payment.CreatedAt });
            await tx.ExecuteAsync(
                "UPDATE debtors.invoice SET outstanding_cents = @Outstanding, credit_cents = @Credit, status = @Status, updated_at = @Now WHERE id = @Id",
                new { Outstanding = outstanding, Credit = credit, Status = status, Now = now, invoice.Id });
            await DebtState.PublishAsync(tx, invoice.Id, DebtChange.Payment, now);
            await tx.PublishAsync(new PaymentReceived(invoice.Id, command.PartnerId, invoice.DebtorId, payment.PaymentId, amount,
                payment.PaidAt, outstanding, credit, Settled: outstanding == 0), now);
            await Timeline.AppendAsync(tx, invoice.DebtorId, invoice.Id, "payment",
                $"Pagamento {command.PaymentId} de {Money.Format(amount)} informado pelo credor", actor, now, result: status, amountCents: amount);
            var response = await RespondAsync(tx, command.PartnerId, invoice.Id, payment, credit, created: true);
            await tx.CommitAsync(ct);
            audit.Describe("invoice", invoice.Id,
                before: new { outstanding = Money.ToReais(invoice.OutstandingCents), invoice.Status },
                after: new { payment.PaymentId, amount = Money.ToReais(amount), outstanding = Money.ToReais(outstanding), status });
            return response;
        }

        private static async Task<Response> RespondAsync(Recovery.BuildingBlocks.Data.DbSession tx, Guid partnerId, Guid invoiceId, PaymentRow p,
            long credit, bool created)
        {
            var view = (await GetInvoice.LoadAsync(tx, partnerId, invoiceId))!;
            return new Response(created, p.Id, p.PaymentId, Money.ToReais(p.AmountCents), p.PaidAt, p.CreatedAt, view.Outstanding, Money.ToReais(credit), view);
        }
    }

    private sealed class InvoiceRow
    {
        public Guid Id { get; init; }
        public Guid DebtorId { get; init; }
        public string Status { get; init; } = "";
        public long OutstandingCents { get; init; }
        public long CreditCents { get; init; }
    }

    private sealed class PaymentRow
    {
        public Guid Id { get; init; }
        public string PaymentId { get; init; } = "";
        public long AmountCents { get; init; }
        public DateOnly PaidAt { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapPost("/invoices/{externalId}/payments", async (string externalId, Body body, ICurrentActor actor, IMediator mediator, CancellationToken ct) =>
            {
                var r = await mediator.Send(new Command(actor.PartnerId!.Value, GetInvoice.ExternalIdFromRoute(externalId), body.PaymentId, body.Amount, body.PaidAt), ct);
                return r.Created ? Results.Created($"/api/v1/partner/invoices/{externalId}/payments/{r.PaymentId}", r) : Results.Ok(r);
            })
            .WithName(nameof(RegisterPayment))
            .RequireAuthorization(Policies.Partner)
            .WithIdempotency<DebtorsDb>()
            .Produces<Response>(201)
            .Produces<Response>(200)
            .ProducesValidationProblem()
            .ProducesProblem(404)
            .ProducesProblem(409);
}
