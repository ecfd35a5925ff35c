using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Negotiation.Contracts;
using Recovery.Negotiation.Data;
using Recovery.BuildingBlocks;
using Recovery.Negotiation.Features.Agreements;

namespace Recovery.Negotiation.Features.Pix;

/// <summary>
/// What the agreement's events ask of the PSP, written as rows for the pix-charges job (ADR 0017): an activated agreement
/// whose portfolio has a PSP wants a cobv per unpaid installment; a cancelled, rejected or broken agreement, or an
/// installment paid another way, wants its charge removed. Nothing here calls the PSP: each runs in the event's inbox
/// transaction, so a redelivery changes nothing.
/// </summary>
internal static class PlanCharges
{
    /// <summary>The txid of an installment's cobv: 'R', the agreement id's 32 hex digits and the number (2 digits), 35 characters.</summary>
    public static string Txid(Guid agreementId, int number) => $"R{agreementId:N}{number:D2}";

    internal sealed class OnActivated(NegotiationDb db, IOptions<PixOptions> options, TimeProvider clock) : IEventSubscriber<AgreementActivated>
    {
        public async Task HandleAsync(AgreementActivated e, EventEnvelope envelope, CancellationToken ct)
        {
            await using var tx = await db.BeginAsync(ct);
            var a = await AgreementStore.FindAsync(tx, e.AgreementId);
            if (a is null || a.Status != "active" || options.Value.For(a.PortfolioId) is null) return;
            // Pix Automático asked for the agreement: the recurrence covers the installments, cobv only what it cannot (ADR 0021).
            if (await PlanRecurrence.StartAsync(tx, a, options.Value, clock.Today(), envelope.OccurredAt) is { } covered)
                await CobvAsync(tx, a.Id, n => !covered.Contains(n), envelope.OccurredAt);
            else
                await CobvAsync(tx, a.Id, _ => true, envelope.OccurredAt);
        }
    }

    /// <summary>A cobv to create for each open installment <paramref name="which"/> chooses (none twice: the txid is the installment's).</summary>
    public static async Task CobvAsync(Recovery.BuildingBlocks.Data.DbSession tx, Guid agreementId, Func<int, bool> which, DateTimeOffset now)
    {
        var open = (await AgreementStore.InstallmentsAsync(tx, agreementId)).Where(i => i.PaidCents < i.AmountCents && which(i.Number)).ToList();
        if (open.Count == 0) return;
        await tx.ExecuteAsync(
            tx.Dialect.InsertIgnore("negotiation.pix_charge",
                "txid, agreement_id, number, status, amount_cents, attempts, next_attempt_at, created_at, updated_at",
                "@Txid, @AgreementId, @Number, 'to_create', @Amount, 0, @Now, @Now, @Now", "txid"),
            open.Select(i => new { Txid = Txid(agreementId, i.Number), AgreementId = agreementId, i.Number, Amount = i.AmountCents - i.PaidCents, Now = now }));
    }

    internal sealed class OnCancelled(NegotiationDb db) : IEventSubscriber<AgreementCancelled>
    {
        public async Task HandleAsync(AgreementCancelled e, EventEnvelope envelope, CancellationToken ct)
        {
            await using var tx = await db.BeginAsync(ct);
            await RemoveAsync(tx, e.AgreementId, null, envelope.OccurredAt);
            await PlanRecurrence.EndAsync(tx, e.AgreementId, envelope.OccurredAt);
        }
    }

    internal sealed class OnBroken(NegotiationDb db) : IEventSubscriber<AgreementBroken>
    {
        public async Task HandleAsync(AgreementBroken e, EventEnvelope envelope, CancellationToken ct)
        {
            await using var tx = await db.BeginAsync(ct);
            await RemoveAsync(tx, e.AgreementId, null, envelope.OccurredAt);
            await PlanRecurrence.EndAsync(tx, e.AgreementId, envelope.OccurredAt);
        }
    }

    /// <summary>Every installment paid: the recurrence has nothing more to charge.</summary>
    internal sealed class OnCompleted(NegotiationDb db) : IEventSubscriber<AgreementCompleted>
    {
        public async Task HandleAsync(AgreementCompleted e, EventEnvelope envelope, CancellationToken ct)
        {
            await using var tx = await db.BeginAsync(ct);
            await PlanRecurrence.EndAsync(tx, e.AgreementId, envelope.OccurredAt);
        }
    }

    /// <summary>An installment paid by anything but its own cobv (which is then already 'paid'): the cobv must not be paid too.</summary>
    internal sealed class OnInstallmentPaid(NegotiationDb db) : IEventSubscriber<InstallmentPaid>
    {
        public async Task HandleAsync(InstallmentPaid e, EventEnvelope envelope, CancellationToken ct)
        {
            await using var tx = await db.BeginAsync(ct);
            await RemoveAsync(tx, e.AgreementId, e.Number, envelope.OccurredAt);
            await PlanRecurrence.RemoveChargesAsync(tx, e.AgreementId, e.Number, envelope.OccurredAt);
        }
    }

    /// <summary>
    /// Charges never sent go straight to 'removed'; those the PSP has (or may have: an attempt was made) wait for the job's PATCH.
    /// </summary>
    private static Task RemoveAsync(Recovery.BuildingBlocks.Data.DbSession tx, Guid agreementId, int? number, DateTimeOffset now) =>
        tx.ExecuteAsync(
            """
            UPDATE negotiation.pix_charge
               SET status = CASE WHEN status = 'to_create' AND attempts = 0 THEN 'removed' ELSE 'to_remove' END,
                   next_attempt_at = @Now, updated_at = @Now
             WHERE agreement_id = @AgreementId AND (@Number IS NULL OR number = @Number) AND status IN ('to_create', 'active', 'failed')
            """, new { AgreementId = agreementId, Number = number, Now = now });
}
