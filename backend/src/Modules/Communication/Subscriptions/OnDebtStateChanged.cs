using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Communication.Data;
using Recovery.Communication.Features.Messages;
using Recovery.Debtors.Contracts;

namespace Recovery.Communication.Subscriptions;

/// <summary>
/// Communication's copy of a debt, kept only from Debtors' <see cref="DebtStateChanged"/> and only forward: a state older
/// than the one held is ignored. A debt that is no longer open stops collection at once: its queued messages are
/// cancelled in the same transaction ("stop on payment"), and the dispatcher checks the copy again before each send.
/// </summary>
internal sealed class OnDebtStateChanged(CommunicationDb db) : IEventSubscriber<DebtStateChanged>
{
    private const string Update = """
        UPDATE communication.debt SET portfolio_id = @PortfolioId, external_id = @ExternalId, status = @Status, amount_cents = @AmountCents,
               outstanding_cents = @OutstandingCents, credit_cents = @CreditCents, due_date = @DueDate, consumer = @Consumer,
               version = @Version, updated_at = @Now
         WHERE invoice_id = @InvoiceId AND version < @Version
        """;

    public async Task HandleAsync(DebtStateChanged e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        var args = new
        {
            e.InvoiceId, e.DebtorId, e.PartnerId, e.PortfolioId, e.ExternalId, Status = e.Status.Code(), e.AmountCents, e.OutstandingCents,
            e.CreditCents, e.DueDate, e.Consumer, e.Version, Now = envelope.OccurredAt,
        };
        var applied = await tx.ExecuteAsync(Update, args) > 0
                      || await tx.ExecuteAsync(tx.Dialect.InsertIgnore("communication.debt",
                          "invoice_id, debtor_id, partner_id, portfolio_id, external_id, status, amount_cents, outstanding_cents, credit_cents, due_date, consumer, version, updated_at",
                          "@InvoiceId, @DebtorId, @PartnerId, @PortfolioId, @ExternalId, @Status, @AmountCents, @OutstandingCents, @CreditCents, @DueDate, @Consumer, @Version, @Now",
                          "invoice_id"), args) > 0;
        if (applied && StopReason(e.Status) is { } reason)
            await MessageLog.CancelQueuedAsync(tx, e.InvoiceId, null, reason, envelope.OccurredAt);
    }

    /// <summary>Why collection on a debt in this status stops (pt-BR, shown in the debtor's timeline); null while it is open.</summary>
    private static string? StopReason(DebtStatus status) => status switch
    {
        DebtStatus.Open => null,
        DebtStatus.InAgreement => "débito em acordo",
        DebtStatus.Paid => "débito pago",
        DebtStatus.Cancelled => "débito cancelado pelo credor",
        DebtStatus.Prescribed => "débito prescrito (CC art. 206 §5 I)",
        DebtStatus.WrittenOff => "débito baixado pelo credor",
        _ => "débito fora de cobrança",
    };
}
