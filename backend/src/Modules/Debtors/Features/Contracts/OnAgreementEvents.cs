using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Debtors.Contracts;
using Recovery.Debtors.Data;
using Recovery.Debtors.Features.Invoices;
using Recovery.Debtors.Features.Debtors;
using Recovery.Negotiation.Contracts;

namespace Recovery.Debtors.Features.Contracts;

/// <summary>
/// What Negotiation's agreements do to the debts: in force, they are <c>in_agreement</c> and acknowledged (prescription
/// restarts once, Civil Code art. 202); completed, paid; broken, cancelled or refused, open again with what was paid under
/// the agreement registered as payments.
/// </summary>
internal sealed class OnAgreementEvents(DebtorsDb db, ICurrentActor actor)
    : IEventSubscriber<AgreementCreated>, IEventSubscriber<AgreementActivated>, IEventSubscriber<AgreementCompleted>, IEventSubscriber<AgreementBroken>, IEventSubscriber<AgreementCancelled>
{
    public async Task HandleAsync(AgreementActivated e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        // Only open debts enter the agreement: one paid or cancelled while the agreement waited for approval stays so.
        var entering = await InStatusAsync(tx, e.InvoiceIds, "open");
        await tx.ExecuteAsync(
            $"""
            UPDATE debtors.invoice SET status = 'in_agreement', acknowledged_on = COALESCE(acknowledged_on, @Date), updated_at = @Now
             WHERE status = 'open' AND id IN ({tx.Dialect.JsonIds("@Ids")})
            """, new { Date = e.AgreementDate, Now = envelope.OccurredAt, Ids = tx.Dialect.JsonArray(entering) });
        await DebtState.PublishAsync(tx, entering, DebtChange.AgreementInForce, envelope.OccurredAt);
        await Timeline.AppendAsync(tx, e.DebtorId, null, "agreement", $"Acordo em vigor ({Debts(e.InvoiceIds.Count)})", actor, envelope.OccurredAt,
            result: "active", subject: ("agreement", e.AgreementId));
    }

    public async Task HandleAsync(AgreementCompleted e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        var settled = await InStatusAsync(tx, e.InvoiceIds, "in_agreement");
        await tx.ExecuteAsync(
            $"UPDATE debtors.invoice SET status = 'paid', outstanding_cents = 0, updated_at = @Now WHERE status = 'in_agreement' AND id IN ({tx.Dialect.JsonIds("@Ids")})",
            new { Now = envelope.OccurredAt, Ids = tx.Dialect.JsonArray(settled) });
        await DebtState.PublishAsync(tx, settled, DebtChange.AgreementCompleted, envelope.OccurredAt);
        await Timeline.AppendAsync(tx, e.DebtorId, null, "agreement", "Acordo quitado: todas as parcelas pagas", actor, envelope.OccurredAt, result: "completed",
            subject: ("agreement", e.AgreementId), amountCents: e.PaidCents);
    }

    public Task HandleAsync(AgreementBroken e, EventEnvelope envelope, CancellationToken ct) =>
        ReopenAsync(e.AgreementId, e.DebtorId, e.InvoiceIds, e.Credits,
            $"Acordo quebrado: {(e.MissedInstallment == 0 ? "a entrada" : $"a parcela {e.MissedInstallment}")} não foi paga no prazo", "broken", envelope, ct);

    public Task HandleAsync(AgreementCancelled e, EventEnvelope envelope, CancellationToken ct) =>
        ReopenAsync(e.AgreementId, e.DebtorId, e.InvoiceIds, e.Credits,
            $"{(e.Status == AgreementStatus.Rejected ? "Acordo recusado na aprovação" : "Acordo cancelado")}: {e.Reason}", e.Status.Code(), envelope, ct);

    /// <summary>An agreement, in force or waiting for a supervisor: the history names it from the start, and who made it (an agent, or the debtor in the portal).</summary>
    public async Task HandleAsync(AgreementCreated e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        var installments = e.Installments == 0 ? "à vista" : $"entrada de {Money.Format(e.DownPaymentCents)} e {e.Installments} parcela(s)";
        var result = e.Status == AgreementStatus.PendingApproval ? "pending_approval" : "created";
        if (e.CreatedByKind == "debtor")
        {
            // The debtor made it alone in the portal: the entry is theirs.
            await Timeline.AppendAsync(tx, e.DebtorId, null, "agreement", $"Acordo de {Money.Format(e.TotalCents)} feito pelo devedor no portal ({installments})",
                new DebtorActor(e.DebtorId, e.CreatedBy), envelope.OccurredAt, channel: "portal", result: result, subject: ("agreement", e.AgreementId), amountCents: e.TotalCents);
            return;
        }
        var text = e.Status == AgreementStatus.PendingApproval
            ? $"Acordo de {Money.Format(e.TotalCents)} proposto ({installments}), aguardando aprovação"
            : $"Acordo de {Money.Format(e.TotalCents)} fechado ({installments})";
        await Timeline.AppendAsync(tx, e.DebtorId, null, "agreement", text, actor, envelope.OccurredAt, result: result,
            subject: ("agreement", e.AgreementId), amountCents: e.TotalCents, actorName: e.CreatedBy);
    }

    private static string Debts(int count) => count == 1 ? "1 débito" : $"{count} débitos";

    private async Task ReopenAsync(Guid agreementId, Guid debtorId, IReadOnlyList<Guid> invoiceIds, IReadOnlyList<AgreementCredit> credits, string text, string result,
        EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        var credited = credits.Select(c => c.InvoiceId).ToHashSet();
        foreach (var c in credits)
        {
            var inserted = await tx.ExecuteAsync(
                tx.Dialect.InsertIgnore("debtors.payment", "id, invoice_id, payment_id, amount_cents, paid_at, created_at",
                    "@Id, @InvoiceId, @PaymentId, @AmountCents, @PaidAt, @Now", "invoice_id, payment_id"),
                new { Id = Guid.CreateVersion7(), c.InvoiceId, c.PaymentId, c.AmountCents, c.PaidAt, Now = envelope.OccurredAt });
            if (inserted > 0)
                await tx.ExecuteAsync(
                    """
                    UPDATE debtors.invoice SET credit_cents = credit_cents + CASE WHEN @Amount > outstanding_cents THEN @Amount - outstanding_cents ELSE 0 END,
                           outstanding_cents = CASE WHEN @Amount > outstanding_cents THEN 0 ELSE outstanding_cents - @Amount END
                     WHERE id = @InvoiceId
                    """, new { Amount = c.AmountCents, c.InvoiceId });
        }
        var reopened = await InStatusAsync(tx, invoiceIds, "in_agreement");
        await tx.ExecuteAsync(
            $"""
            UPDATE debtors.invoice SET status = CASE WHEN outstanding_cents = 0 THEN 'paid' ELSE 'open' END, updated_at = @Now
             WHERE status = 'in_agreement' AND id IN ({tx.Dialect.JsonIds("@Ids")})
            """, new { Now = envelope.OccurredAt, Ids = tx.Dialect.JsonArray(reopened) });
        // The debts that came back, and any other whose outstanding a credit moved (a refused agreement's debts were never in it).
        await DebtState.PublishAsync(tx, reopened.Union(credited).ToList(), DebtChange.AgreementEnded, envelope.OccurredAt);
        await Timeline.AppendAsync(tx, debtorId, null, "agreement", text, actor, envelope.OccurredAt, result: result, subject: ("agreement", agreementId));
    }

    private static async Task<List<Guid>> InStatusAsync(DbSession tx, IReadOnlyCollection<Guid> invoiceIds, string status) =>
        (await tx.QueryAsync<Guid>($"SELECT id FROM debtors.invoice WHERE status = @Status AND id IN ({tx.Dialect.JsonIds("@Ids")})",
            new { Status = status, Ids = tx.Dialect.JsonArray(invoiceIds) })).ToList();
}
