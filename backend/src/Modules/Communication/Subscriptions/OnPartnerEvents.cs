using System.Text.Json;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Communication.Contracts;
using Recovery.Communication.Data;
using Recovery.Communication.Features.Webhooks;
using Recovery.Debtors.Contracts;
using Recovery.Negotiation.Contracts;

namespace Recovery.Communication.Subscriptions;

/// <summary>
/// Turns the modules' events into the partner's webhook events, one delivery per partner and event (the source event's
/// id is the <c>Recovery-Event-Id</c>, so a replayed event is not delivered twice).
/// </summary>
internal sealed class OnPartnerEvents(CommunicationDb db)
    : IEventSubscriber<PaymentReceived>, IEventSubscriber<InvoiceCancelled>, IEventSubscriber<AgreementCreated>,
      IEventSubscriber<InstallmentPaid>, IEventSubscriber<AgreementCompleted>, IEventSubscriber<AgreementBroken>,
      IEventSubscriber<NegativacaoRegistered>, IEventSubscriber<NegativacaoRemoved>, IEventSubscriber<CallDialed>,
      IEventSubscriber<CallbackRequested>,
      IEventSubscriber<Bureau.Contracts.BureauAlertRaised>
{
    /// <summary>The credit bureau's monitoring saw a change: every partner with a debt of the debtor that asked for <c>bureau.alert</c>.</summary>
    public async Task HandleAsync(Bureau.Contracts.BureauAlertRaised e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        var debts = (await tx.QueryAsync<PartnerDebt>(
            "SELECT partner_id, external_id FROM communication.debt WHERE debtor_id = @DebtorId AND status = 'open'", new { e.DebtorId })).ToList();
        foreach (var partner in debts.GroupBy(d => d.PartnerId))
            await EnqueueAsync(partner.Key, "bureau.alert", envelope, _ => Task.FromResult<object>(new
            {
                alertId = e.AlertId, debtorId = e.DebtorId, kind = e.Kind, scoreBefore = e.ScoreBefore, scoreAfter = e.ScoreAfter,
                externalIds = partner.Select(d => d.ExternalId).Order(StringComparer.Ordinal).ToList(), raisedAt = e.RaisedAt,
            }), ct);
    }

    public async Task HandleAsync(PaymentReceived e, EventEnvelope envelope, CancellationToken ct)
    {
        if (!e.Settled) return;
        await EnqueueAsync(e.PartnerId, "invoice.paid", envelope, async tx => new
        {
            invoiceId = e.InvoiceId, externalId = await ExternalIdAsync(tx, e.InvoiceId), paymentId = e.PaymentId,
            amount = Money.ToReais(e.AmountCents), paidAt = e.PaidAt,
        }, ct);
    }

    public Task HandleAsync(InvoiceCancelled e, EventEnvelope envelope, CancellationToken ct) =>
        EnqueueAsync(e.PartnerId, "invoice.cancelled", envelope, async tx => new
        {
            invoiceId = e.InvoiceId, externalId = await ExternalIdAsync(tx, e.InvoiceId), reason = e.Reason,
        }, ct);

    public Task HandleAsync(AgreementCreated e, EventEnvelope envelope, CancellationToken ct) =>
        EnqueueAsync(e.PartnerId, "agreement.created", envelope, tx => Task.FromResult<object>(new
        {
            agreementId = e.AgreementId, debtorId = e.DebtorId, invoiceIds = e.InvoiceIds, status = e.Status, total = Money.ToReais(e.TotalCents),
            downPayment = Money.ToReais(e.DownPaymentCents), installments = e.Installments, agreementDate = e.AgreementDate,
            // Who made it: "user" (an agent), "debtor" (the debtor alone, in the self-service portal).
            actorKind = e.CreatedByKind ?? "user",
        }), ct);

    public Task HandleAsync(InstallmentPaid e, EventEnvelope envelope, CancellationToken ct) =>
        EnqueueAsync(e.PartnerId, "agreement.installment_paid", envelope, tx => Task.FromResult<object>(new
        {
            agreementId = e.AgreementId, number = e.Number, amount = Money.ToReais(e.AmountCents), paidAt = e.PaidAt,
        }), ct);

    public Task HandleAsync(AgreementCompleted e, EventEnvelope envelope, CancellationToken ct) =>
        EnqueueAsync(e.PartnerId, "agreement.completed", envelope, tx => Task.FromResult<object>(new
        {
            agreementId = e.AgreementId, invoiceIds = e.InvoiceIds, paid = Money.ToReais(e.PaidCents),
        }), ct);

    public Task HandleAsync(AgreementBroken e, EventEnvelope envelope, CancellationToken ct) =>
        EnqueueAsync(e.PartnerId, "agreement.broken", envelope, tx => Task.FromResult<object>(new
        {
            agreementId = e.AgreementId, invoiceIds = e.InvoiceIds, missedInstallment = e.MissedInstallment,
        }), ct);

    public Task HandleAsync(NegativacaoRegistered e, EventEnvelope envelope, CancellationToken ct) =>
        EnqueueAsync(e.PartnerId, "negativacao.registered", envelope, async tx => new
        {
            negativacaoId = e.NegativacaoId, invoiceId = e.InvoiceId, externalId = await ExternalIdAsync(tx, e.InvoiceId), protocol = e.Protocol,
        }, ct);

    public Task HandleAsync(NegativacaoRemoved e, EventEnvelope envelope, CancellationToken ct) =>
        EnqueueAsync(e.PartnerId, "negativacao.removed", envelope, async tx => new
        {
            negativacaoId = e.NegativacaoId, invoiceId = e.InvoiceId, externalId = await ExternalIdAsync(tx, e.InvoiceId), reason = e.Reason, late = e.Late,
        }, ct);

    /// <summary>The dialer hook: every partner with a debt of the debtor that asked for <c>call.dialed</c> (ADR 0022).</summary>
    public async Task HandleAsync(CallDialed e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        var partners = await tx.QueryAsync<Guid>("SELECT DISTINCT partner_id FROM communication.debt WHERE debtor_id = @DebtorId", new { e.DebtorId });
        foreach (var partnerId in partners)
            await EnqueueAsync(partnerId, "call.dialed", envelope, _ => Task.FromResult<object>(new
            {
                debtorId = e.DebtorId, phone = e.Phone, agentId = e.AgentId, agent = e.Agent, dialedAt = e.DialedAt,
            }), ct);
    }

    /// <summary>The debtor asked in the portal to be called back: every partner with a debt of the debtor that asked for <c>callback.requested</c>.</summary>
    public async Task HandleAsync(CallbackRequested e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        var partners = await tx.QueryAsync<Guid>("SELECT DISTINCT partner_id FROM communication.debt WHERE debtor_id = @DebtorId", new { e.DebtorId });
        foreach (var partnerId in partners)
            await EnqueueAsync(partnerId, "callback.requested", envelope, _ => Task.FromResult<object>(new
            {
                debtorId = e.DebtorId, callbackAt = e.CallbackAt, requestedAt = e.RequestedAt, actorKind = "debtor",
            }), ct);
    }

    private async Task EnqueueAsync(Guid partnerId, string type, EventEnvelope envelope, Func<DbSession, Task<object>> data, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        var webhook = await Webhook.FindAsync(tx, partnerId);
        if (webhook is null || !webhook.Events.Contains(type)) return;
        var payload = JsonSerializer.Serialize(new { id = envelope.EventId, type, occurredAt = envelope.OccurredAt, data = await data(tx) }, JsonSerializerOptions.Web);
        await tx.ExecuteAsync(
            tx.Dialect.InsertIgnore("communication.webhook_delivery",
                "id, partner_id, event_id, event, payload, status, attempts, next_attempt_at, created_at",
                "@Id, @PartnerId, @EventId, @Event, @Payload, @Status, @Attempts, @Now, @Now2", "partner_id, event_id"),
            new { Id = Guid.CreateVersion7(), PartnerId = partnerId, envelope.EventId, Event = type, Payload = payload, Status = "pending", Attempts = 0, Now = envelope.OccurredAt, Now2 = envelope.OccurredAt });
    }

    private static Task<string?> ExternalIdAsync(DbSession tx, Guid invoiceId) =>
        tx.QuerySingleOrDefaultAsync<string>("SELECT external_id FROM communication.debt WHERE invoice_id = @InvoiceId", new { InvoiceId = invoiceId });

    private sealed class PartnerDebt
    {
        public Guid PartnerId { get; init; }
        public string ExternalId { get; init; } = "";
    }
}
