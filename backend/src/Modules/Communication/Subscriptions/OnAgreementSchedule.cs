using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Communication.Data;
using Recovery.Communication.Features.Messages;
using Recovery.Negotiation.Contracts;

namespace Recovery.Communication.Subscriptions;

/// <summary>
/// Communication's copy of the agreements in force and their installments, kept only from Negotiation's events: the
/// schedule comes with <see cref="AgreementActivated"/> (events written before it carried one leave nothing to remind);
/// an installment paid, or the agreement completed, broken or cancelled, cancels the queued reminders at once, with the
/// reason, and the dispatcher checks the copy again before each send.
/// </summary>
internal sealed class OnAgreementSchedule(CommunicationDb db)
    : IEventSubscriber<AgreementActivated>, IEventSubscriber<InstallmentPaid>, IEventSubscriber<AgreementCompleted>,
      IEventSubscriber<AgreementBroken>, IEventSubscriber<AgreementCancelled>
{
    public async Task HandleAsync(AgreementActivated e, EventEnvelope envelope, CancellationToken ct)
    {
        if (e.Schedule is null || e.PortfolioId is null) return;
        await using var tx = await db.BeginAsync(ct);
        // An end that arrived first (a retried event) left its row: the agreement stays ended.
        await tx.ExecuteAsync(
            tx.Dialect.InsertIgnore("communication.agreement", "agreement_id, debtor_id, partner_id, portfolio_id, status, updated_at",
                "@AgreementId, @DebtorId, @PartnerId, @PortfolioId, 'active', @Now", "agreement_id"),
            new { e.AgreementId, e.DebtorId, e.PartnerId, e.PortfolioId, Now = envelope.OccurredAt });
        await tx.ExecuteAsync(
            tx.Dialect.InsertIgnore("communication.agreement_debt", "agreement_id, invoice_id", "@AgreementId, @InvoiceId", "agreement_id, invoice_id"),
            e.InvoiceIds.Select(id => new { e.AgreementId, InvoiceId = id }));
        await tx.ExecuteAsync(
            tx.Dialect.InsertIgnore("communication.installment", "agreement_id, number, due_date, amount_cents, status",
                "@AgreementId, @Number, @DueDate, @AmountCents, @Status", "agreement_id, number"),
            e.Schedule.Select(i => new { e.AgreementId, i.Number, i.DueDate, i.AmountCents, Status = i.PaidCents >= i.AmountCents ? "paid" : "open" }));
    }

    public async Task HandleAsync(InstallmentPaid e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        await tx.ExecuteAsync(
            "UPDATE communication.installment SET status = 'paid', paid_on = @PaidAt WHERE agreement_id = @AgreementId AND number = @Number",
            new { e.AgreementId, e.Number, e.PaidAt });
        await MessageLog.CancelRemindersAsync(tx, e.AgreementId, e.Number, "parcela paga", envelope.OccurredAt);
    }

    public Task HandleAsync(AgreementCompleted e, EventEnvelope envelope, CancellationToken ct) =>
        EndAsync(e.AgreementId, e.DebtorId, e.PartnerId, "completed", "acordo quitado", envelope, ct);

    public Task HandleAsync(AgreementBroken e, EventEnvelope envelope, CancellationToken ct) =>
        EndAsync(e.AgreementId, e.DebtorId, e.PartnerId, "broken", $"acordo quebrado (parcela {e.MissedInstallment} não paga)", envelope, ct);

    public Task HandleAsync(AgreementCancelled e, EventEnvelope envelope, CancellationToken ct) =>
        EndAsync(e.AgreementId, e.DebtorId, e.PartnerId, e.Status.Code(), e.Status == AgreementStatus.Rejected ? "acordo recusado" : "acordo cancelado",
            envelope, ct);

    private async Task EndAsync(Guid agreementId, Guid debtorId, Guid partnerId, string status, string reason, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        var args = new { AgreementId = agreementId, DebtorId = debtorId, PartnerId = partnerId, Status = status, Now = envelope.OccurredAt };
        if (await tx.ExecuteAsync("UPDATE communication.agreement SET status = @Status, updated_at = @Now WHERE agreement_id = @AgreementId", args) == 0)
            await tx.ExecuteAsync(
                tx.Dialect.InsertIgnore("communication.agreement", "agreement_id, debtor_id, partner_id, portfolio_id, status, updated_at",
                    "@AgreementId, @DebtorId, @PartnerId, @NoPortfolio, @Status, @Now", "agreement_id"),
                new { args.AgreementId, args.DebtorId, args.PartnerId, NoPortfolio = Guid.Empty, args.Status, args.Now });
        await MessageLog.CancelRemindersAsync(tx, agreementId, null, reason, envelope.OccurredAt);
    }
}
