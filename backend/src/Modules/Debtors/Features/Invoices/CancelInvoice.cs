using Recovery.BuildingBlocks.Idempotency;
using Recovery.Debtors.Contracts;
using Recovery.Debtors.Data;
using Recovery.Debtors.Features.Debtors;

namespace Recovery.Debtors.Features.Invoices;

/// <summary>The partner withdraws an invoice; collection on it stops at once (InvoiceCancelled).</summary>
internal static class CancelInvoice
{
    internal sealed record Command(Guid PartnerId, string ExternalId, string? Reason) : ICommand<InvoiceView>;

    internal sealed record Body(string? Reason);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Reason).NotEmpty().WithMessage("reason is required").MaximumLength(500);
    }

    internal sealed class Handler(DebtorsDb db, AuditContext audit, ICurrentActor actor, TimeProvider clock) : IRequestHandler<Command, InvoiceView>
    {
        public async Task<InvoiceView> Handle(Command command, CancellationToken ct)
        {
            await using var tx = await db.BeginAsync(ct);
            var invoice = await tx.QuerySingleOrDefaultAsync<InvoiceRow>(
                              "SELECT id, debtor_id, status FROM debtors.invoice WHERE partner_id = @PartnerId AND external_id = @ExternalId", command)
                          ?? throw GetInvoice.NotFound(command.ExternalId);
            if (invoice.Status == "paid")
                throw new ConflictException(ProblemTypes.Base + "invoice-paid", "Invoice already paid", "A paid invoice cannot be cancelled.");
            if (invoice.Status != "cancelled")
            {
                var now = clock.GetUtcNow();
                await tx.ExecuteAsync("UPDATE debtors.invoice SET status = 'cancelled', cancel_reason = @Reason, updated_at = @Now WHERE id = @Id",
                    new { command.Reason, Now = now, invoice.Id });
                await Timeline.AppendAsync(tx, invoice.DebtorId, invoice.Id, "invoice_cancelled", command.Reason, actor, now);
                await DebtState.PublishAsync(tx, invoice.Id, DebtChange.Cancelled, now);
                await tx.PublishAsync(new InvoiceCancelled(invoice.Id, command.PartnerId, invoice.DebtorId, command.Reason!), now);
                audit.Describe("invoice", invoice.Id, before: new { invoice.Status }, after: new { status = "cancelled", command.Reason });
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
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapPost("/invoices/{externalId}/cancel", (string externalId, Body body, ICurrentActor actor, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new Command(actor.PartnerId!.Value, GetInvoice.ExternalIdFromRoute(externalId), body.Reason), ct))
            .WithName(nameof(CancelInvoice))
            .RequireAuthorization(Policies.Partner)
            .WithIdempotency<DebtorsDb>()
            .ProducesValidationProblem()
            .ProducesProblem(404)
            .ProducesProblem(409);
}
