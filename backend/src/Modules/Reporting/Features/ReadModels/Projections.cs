using System.Text.Json;
using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Communication.Contracts;
using Recovery.Debtors.Contracts;
using Recovery.Negotiation.Contracts;
using Recovery.Reporting.Data;

namespace Recovery.Reporting.Features.ReadModels;

/// <summary>
/// Receives the other modules' events through the inbox (each applied once), journals each and applies it to the read
/// models in the same transaction; while a rebuild runs it only journals, and the rebuild applies it in its turn.
/// </summary>
internal sealed class Projections(ReportingDb db)
    : IEventSubscriber<DebtStateChanged>, IEventSubscriber<PaymentReceived>,
      IEventSubscriber<AgreementCreated>, IEventSubscriber<AgreementActivated>, IEventSubscriber<AgreementCompleted>,
      IEventSubscriber<AgreementBroken>, IEventSubscriber<AgreementCancelled>, IEventSubscriber<InstallmentPaid>,
      IEventSubscriber<PromiseMade>, IEventSubscriber<PromiseChecked>, IEventSubscriber<MessageAttempted>,
      IEventSubscriber<NegativacaoNotified>, IEventSubscriber<NegativacaoRegistered>, IEventSubscriber<NegativacaoRemoved>,
      IEventSubscriber<CallOutcomeRecorded>, IEventSubscriber<RequestedMessageSent>, IEventSubscriber<Portal.Contracts.PortalSessionStarted>,
      IEventSubscriber<Portal.Contracts.PortalOffersShown>, IEventSubscriber<PortfolioPurchased>, IEventSubscriber<Bureau.Contracts.BureauLookupCharged>
{
    /// <summary>
    /// Taken first by every transaction that journals or replays: on SQL Server the row lock orders them, so a rebuild
    /// that finds the journal drained cannot miss an event committed after it looked (SQLite writes one at a time anyway).
    /// </summary>
    internal const string LockState = "UPDATE reporting.projection_state SET journaled = journaled + @Added WHERE id = 1";

    // The debtor's declared income is Analytics' (capacity to pay); no report needs it, so it never reaches the journal.
    public Task HandleAsync(DebtStateChanged e, EventEnvelope envelope, CancellationToken ct) => RecordAsync(e with { MonthlyIncomeCents = null }, envelope, ct);
    public Task HandleAsync(PaymentReceived e, EventEnvelope envelope, CancellationToken ct) => RecordAsync(e, envelope, ct);
    public Task HandleAsync(AgreementCreated e, EventEnvelope envelope, CancellationToken ct) => RecordAsync(e, envelope, ct);
    public Task HandleAsync(AgreementActivated e, EventEnvelope envelope, CancellationToken ct) => RecordAsync(e, envelope, ct);
    public Task HandleAsync(AgreementCompleted e, EventEnvelope envelope, CancellationToken ct) => RecordAsync(e, envelope, ct);
    public Task HandleAsync(AgreementBroken e, EventEnvelope envelope, CancellationToken ct) => RecordAsync(e, envelope, ct);
    public Task HandleAsync(AgreementCancelled e, EventEnvelope envelope, CancellationToken ct) => RecordAsync(e, envelope, ct);
    public Task HandleAsync(InstallmentPaid e, EventEnvelope envelope, CancellationToken ct) => RecordAsync(e, envelope, ct);
    public Task HandleAsync(PromiseMade e, EventEnvelope envelope, CancellationToken ct) => RecordAsync(e, envelope, ct);
    public Task HandleAsync(PromiseChecked e, EventEnvelope envelope, CancellationToken ct) => RecordAsync(e, envelope, ct);
    // The detail may name the recipient; reports never need it, so it never reaches the journal. That of a message blocked
    // or cancelled is the contact policy's reason, which names no contact: the funnel counts the reminders stopped by it.
    public Task HandleAsync(MessageAttempted e, EventEnvelope envelope, CancellationToken ct) =>
        RecordAsync(e with { Detail = e.Outcome is MessageOutcome.Blocked or MessageOutcome.Cancelled ? e.Detail : "" }, envelope, ct);
    public Task HandleAsync(NegativacaoNotified e, EventEnvelope envelope, CancellationToken ct) => RecordAsync(e, envelope, ct);
    public Task HandleAsync(NegativacaoRegistered e, EventEnvelope envelope, CancellationToken ct) => RecordAsync(e, envelope, ct);
    public Task HandleAsync(NegativacaoRemoved e, EventEnvelope envelope, CancellationToken ct) => RecordAsync(e, envelope, ct);
    // The phone and the agent's note are personal data no report needs: they never reach the journal.
    public Task HandleAsync(CallOutcomeRecorded e, EventEnvelope envelope, CancellationToken ct) =>
        RecordAsync(e with { Phone = "", Note = null }, envelope, ct);

    public Task HandleAsync(RequestedMessageSent e, EventEnvelope envelope, CancellationToken ct) => RecordAsync(e, envelope, ct);
    public Task HandleAsync(Portal.Contracts.PortalSessionStarted e, EventEnvelope envelope, CancellationToken ct) => RecordAsync(e, envelope, ct);
    public Task HandleAsync(Portal.Contracts.PortalOffersShown e, EventEnvelope envelope, CancellationToken ct) => RecordAsync(e, envelope, ct);
    public Task HandleAsync(PortfolioPurchased e, EventEnvelope envelope, CancellationToken ct) => RecordAsync(e, envelope, ct);
    // The purpose says nothing about the person and stays; the debtor's id is the only link to them.
    public Task HandleAsync(Bureau.Contracts.BureauLookupCharged e, EventEnvelope envelope, CancellationToken ct) => RecordAsync(e, envelope, ct);

    private async Task RecordAsync<TEvent>(TEvent e, EventEnvelope envelope, CancellationToken ct) where TEvent : notnull
    {
        await using var tx = await db.BeginAsync(ct);
        await tx.ExecuteAsync(LockState, new { Added = 1 });
        await tx.ExecuteAsync(
            "INSERT INTO reporting.event_journal (event_id, type, source_schema, occurred_at, payload) VALUES (@EventId, @Type, @SourceSchema, @OccurredAt, @Payload)",
            new
            {
                envelope.EventId, Type = EventTypes.NameOf(typeof(TEvent)), envelope.SourceSchema, envelope.OccurredAt,
                Payload = JsonSerializer.Serialize(e, EventTypes.Json),
            });
        if (await tx.ExecuteScalarAsync<int>("SELECT rebuilding FROM reporting.projection_state WHERE id = 1") == 0)
            await Projector.ApplyAsync(tx, e, envelope);
    }
}
