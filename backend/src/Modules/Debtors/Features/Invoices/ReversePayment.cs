using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Idempotency;
using Recovery.Debtors.Contracts;
using Recovery.Debtors.Data;
using Recovery.Debtors.Features.Debtors;

namespace Recovery.Debtors.Features.Invoices;

/// <summary>
/// The partner reverses a payment it had registered (estorno): the amount first takes back the credit it made, the rest
/// is owed again, and a paid debt is open again. Once per payment: a second reversal changes nothing.
/// </summary>
internal static class ReversePayment
{
    internal sealed record Command(Guid PartnerId, string ExternalId, string PaymentId) : ICommand<InvoiceView>;

    internal sealed class Handler(DebtorsDb db, AuditContext audit, ICurrentActor actor, TimeProvider clock) : IRequestHandler<Command, InvoiceView>
    {
        public async Task<InvoiceView> Handle(Command command, CancellationToken ct)
        {
            await using var tx = await db.BeginAsync(ct);
            await tx.ExecuteAsync("UPDATE debtors.invoice SET updated_at = updated_at WHERE partner_id = @PartnerId AND external_id = @ExternalId", command);
            var invoice = await tx.QuerySingleOrDefaultAsync<InvoiceRow>(
                              "SELECT id, debtor_id, status, outstanding_cents, credit_cents FROM debtors.invoice WHERE partner_id = @PartnerId AND external_id = @ExternalId",
                              command) ?? throw GetInvoice.NotFound(command.ExternalId);
            var payment = await tx.QuerySingleOrDefaultAsync<PaymentRow>(
                              "SELECT id, amount_cents, reversed_at FROM debtors.payment WHERE invoice_id = @InvoiceId AND payment_id = @PaymentId",
                              new { InvoiceId = invoice.Id, command.PaymentId })
                          ?? throw new NotFoundException($"The invoice has no payment {command.PaymentId}.");
            if (payment.ReversedAt is null)
            {
                var now = clock.GetUtcNow();
                var fromCredit = Math.Min(invoice.CreditCents, payment.AmountCents);
                var outstanding = invoice.OutstandingCents + payment.AmountCents - fromCredit;
                var status = invoice.Status == "paid" && outstanding > 0 ? "open" : invoice.Status;
                await tx.ExecuteAsync("UPDATE debtors.payment SET reversed_at = @Now WHERE id = @Id", new { payment.Id, Now = now });
                await tx.ExecuteAsync(
                    "UPDATE debtors.invoice SET outstanding_cents = @Outstanding, credit_cents = @Credit, status = @Status, updated_at = @Now WHERE id = @Id",
                    new { invoice.Id, Outstanding = outstanding, Credit = invoice.CreditCents - fromCredit, Status = status, Now = now });
                await DebtState.PublishAsync(tx, invoice.Id, DebtChange.Payment, now);
                await tx.PublishAsync(new PaymentReversed(invoice.Id, command.PartnerId, invoice.DebtorId, command.PaymentId, payment.AmountCents,
                    clock.Today()), now);
                await Timeline.AppendAsync(tx, invoice.DebtorId, invoice.Id, "payment",
                    $"Estorno do pagamento {command.PaymentId} de {Money.Format(payment.AmountCents)} informado pelo credor", actor, now, result: status,
                    amountCents: -payment.AmountCents);
                audit.Describe("invoice", invoice.Id, before: new { outstanding = Money.ToReais(invoice.OutstandingCents), invoice.Status },
                    after: new { reversed = command.PaymentId, outstanding = Money.ToReais(outstanding), status });
            }
            var view = (await GetInvoice.LoadAsync(tx, command.PartnerId, invoice.Id))!;
            await tx.CommitAsync(ct);
            return view;
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
        public long AmountCents { get; init; }
        public DateTimeOffset? ReversedAt { get; init; }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapPost("/invoices/{externalId}/payments/{paymentId}/reversal", (string externalId, string paymentId, ICurrentActor actor, IMediator mediator,
                CancellationToken ct) => mediator.Send(new Command(actor.PartnerId!.Value, GetInvoice.ExternalIdFromRoute(externalId), paymentId), ct))
            .WithName(nameof(ReversePayment))
            .WithSummary("Reverses a payment (estorno): the amount is owed again")
            .RequireAuthorization(Policies.Partner)
            .WithIdempotency<DebtorsDb>()
            .ProducesProblem(404);
}
