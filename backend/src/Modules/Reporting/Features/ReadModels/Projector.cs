using System.Globalization;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Communication.Contracts;
using Recovery.Debtors.Contracts;
using Recovery.Negotiation.Contracts;
using Recovery.Portal.Contracts;
using Recovery.Reporting.Features.Funnel;

namespace Recovery.Reporting.Features.ReadModels;

/// <summary>
/// How each event changes the read models: the same code applies an event when it arrives and when a rebuild replays
/// the journal, inside the caller's transaction. A debt's state (status, outstanding) is Debtors' and is copied from
/// <see cref="DebtStateChanged"/> only, newer versions over older ones; nothing here derives it. Money recovered (<c>reporting.collection</c>) is a payment on a debt or an agreement's installment paid
/// in full by an agent or Pix; credits reallocated when an agreement breaks were counted when they were paid and are not
/// counted again; part of an installment counts once the installment is paid in full.
/// </summary>
internal static class Projector
{
    /// <summary>The events the read models are made of, by their stable names.</summary>
    public static readonly IReadOnlyDictionary<string, Type> Events = new[]
    {
        typeof(DebtStateChanged), typeof(PaymentReceived),
        typeof(AgreementCreated), typeof(AgreementActivated), typeof(AgreementCompleted), typeof(AgreementBroken), typeof(AgreementCancelled),
        typeof(InstallmentPaid), typeof(PromiseMade), typeof(PromiseChecked),
        typeof(MessageAttempted), typeof(NegativacaoNotified), typeof(NegativacaoRegistered), typeof(NegativacaoRemoved),
        typeof(CallOutcomeRecorded), typeof(RequestedMessageSent), typeof(PortalSessionStarted), typeof(PortalOffersShown), typeof(PortfolioPurchased), typeof(Bureau.Contracts.BureauLookupCharged),
    }.ToDictionary(EventTypes.NameOf);

    /// <summary>Every table made from the journal, emptied before a rebuild.</summary>
    public static readonly string[] Tables =
        ["reporting.debt", "reporting.collection", "reporting.agreement", "reporting.promise", "reporting.message", "reporting.negativacao",
         "reporting.call", "reporting.portal_step", "reporting.purchased_portfolio", "reporting.bureau_cost"];

    public static Task ApplyAsync(DbSession tx, object e, EventEnvelope envelope)
    {
        var on = BusinessDate.Of(envelope.OccurredAt);
        return e switch
        {
            DebtStateChanged x => DebtStateAsync(tx, x, on, envelope.OccurredAt),
            PaymentReceived x => PaymentAsync(tx, x),
            AgreementCreated x => AgreementCreatedAsync(tx, x),
            RequestedMessageSent x => PortalSteps.CodeSentAsync(tx, x, on),
            PortalSessionStarted x => PortalSteps.SessionAsync(tx, x, envelope.EventId, on),
            PortalOffersShown x => PortalSteps.OffersSeenAsync(tx, x, envelope.EventId, on),
            AgreementActivated x => tx.ExecuteAsync("UPDATE reporting.agreement SET status = 'active', activated_on = @On WHERE agreement_id = @AgreementId",
                new { x.AgreementId, On = x.AgreementDate }),
            AgreementCompleted x => AgreementEndedAsync(tx, x.AgreementId, "completed", on),
            AgreementBroken x => AgreementEndedAsync(tx, x.AgreementId, "broken", on),
            AgreementCancelled x => AgreementEndedAsync(tx, x.AgreementId, x.Status.Code(), on),
            InstallmentPaid x => InstallmentPaidAsync(tx, x),
            PromiseMade x => tx.ExecuteAsync(tx.Dialect.InsertIgnore("reporting.promise",
                "promise_id, debtor_id, agent, promised_cents, due_date, made_on, paid_cents",
                "@PromiseId, @DebtorId, @CreatedBy, @PromisedCents, @DueDate, @On, 0", "promise_id"),
                new { x.PromiseId, x.DebtorId, x.CreatedBy, x.PromisedCents, x.DueDate, On = on }),
            PromiseChecked x => tx.ExecuteAsync("UPDATE reporting.promise SET outcome = @Outcome, paid_cents = @PaidCents, checked_on = @On WHERE promise_id = @PromiseId",
                new { Outcome = x.Outcome.Code(), x.PaidCents, x.PromiseId, On = on }),
            MessageAttempted x => MessageAsync(tx, x, on),
            CallOutcomeRecorded x => tx.ExecuteAsync(tx.Dialect.InsertIgnore("reporting.call", "call_id, debtor_id, agent, outcome, effect, message_id, made_on",
                "@CallId, @DebtorId, @Agent, @Outcome, @Effect, @MessageId, @On", "call_id"),
                new { x.CallId, x.DebtorId, x.Agent, x.Outcome, Effect = x.Effect.Code(), x.MessageId, On = on }),
            NegativacaoNotified x => tx.ExecuteAsync(tx.Dialect.InsertIgnore("reporting.negativacao",
                "negativacao_id, invoice_id, debtor_id, partner_id, status, notified_on, eligible_on, removed_late",
                "@NegativacaoId, @InvoiceId, @DebtorId, @PartnerId, 'notified', @On, @EligibleOn, 0", "negativacao_id"),
                new { x.NegativacaoId, x.InvoiceId, x.DebtorId, x.PartnerId, On = on, x.EligibleOn }),
            NegativacaoRegistered x => NegativacaoAsync(tx, x.NegativacaoId, x.InvoiceId, x.DebtorId, x.PartnerId,
                "UPDATE reporting.negativacao SET status = 'registered', registered_on = @On WHERE negativacao_id = @Id", on, null, false),
            NegativacaoRemoved x => NegativacaoAsync(tx, x.NegativacaoId, x.InvoiceId, x.DebtorId, x.PartnerId,
                "UPDATE reporting.negativacao SET status = 'removed', removed_on = @On, removal_reason = @Reason, removed_late = @Late WHERE negativacao_id = @Id",
                on, x.Reason, x.Late),
            PortfolioPurchased x => PurchaseProjector.PurchasedAsync(tx, x),
            Bureau.Contracts.BureauLookupCharged x => PurchaseProjector.LookupChargedAsync(tx, x),
            _ => Task.CompletedTask,
        };
    }

    /// <summary>A payment this many days after a message counts for it in the dunning funnel.</summary>
    public const int PaidWithinDays = 7;

    public static string Month(DateOnly date) => date.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>
    /// Debtors' state of a debt, applied only when newer than the copy. The day a debt leaves collection is the business day
    /// its new state was published (the negativação report counts the removal deadline from it); it is cleared when the
    /// debt is open again.
    /// </summary>
    private static async Task DebtStateAsync(DbSession tx, DebtStateChanged e, DateOnly on, DateTimeOffset now)
    {
        var status = e.Status.Code();
        var args = new
        {
            e.InvoiceId, e.PartnerId, e.PortfolioId, e.PortfolioCode, e.DebtorId, e.ExternalId, Status = status, e.AmountCents, e.OutstandingCents,
            e.DueDate, e.Version, PlacedOn = on, PlacedMonth = Month(on), On = on, Now = now,
            LeftOpenOn = e.Status == DebtStatus.Open ? (DateOnly?)null : on,
        };
        var updated = await tx.ExecuteAsync(
            """
            UPDATE reporting.debt SET portfolio_id = @PortfolioId, portfolio_code = @PortfolioCode, external_id = @ExternalId,
                   amount_cents = @AmountCents, outstanding_cents = @OutstandingCents, due_date = @DueDate,
                   left_open_on = CASE WHEN @Status = 'open' THEN NULL WHEN status = 'open' OR left_open_on IS NULL THEN @On ELSE left_open_on END,
                   status = @Status, version = @Version, updated_at = @Now
             WHERE invoice_id = @InvoiceId AND version < @Version
            """, args);
        if (updated == 0)
            await tx.ExecuteAsync(tx.Dialect.InsertIgnore("reporting.debt",
                "invoice_id, partner_id, portfolio_id, portfolio_code, debtor_id, external_id, status, amount_cents, outstanding_cents, paid_cents, due_date, placed_on, placed_month, left_open_on, version, updated_at",
                "@InvoiceId, @PartnerId, @PortfolioId, @PortfolioCode, @DebtorId, @ExternalId, @Status, @AmountCents, @OutstandingCents, 0, @DueDate, @PlacedOn, @PlacedMonth, @LeftOpenOn, @Version, @Now",
                "invoice_id"), args);
    }

    /// <summary>A payment on a debt is money recovered (its state comes with <see cref="DebtStateChanged"/>).</summary>
    private static async Task PaymentAsync(DbSession tx, PaymentReceived e)
    {
        await tx.ExecuteAsync("UPDATE reporting.debt SET paid_cents = paid_cents + @AmountCents WHERE invoice_id = @InvoiceId",
            new { e.InvoiceId, e.AmountCents });
        await tx.ExecuteAsync(
            """
            INSERT INTO reporting.collection (id, invoice_id, agreement_id, debtor_id, partner_id, portfolio_id, portfolio_code, agent, placed_month, paid_on, paid_month, amount_cents)
            SELECT @Id, @InvoiceId, NULL, @DebtorId, @PartnerId, d.portfolio_id, d.portfolio_code, NULL, d.placed_month, @PaidAt, @PaidMonth, @AmountCents
              FROM (SELECT 1 AS one) x LEFT JOIN reporting.debt d ON d.invoice_id = @InvoiceId
             WHERE NOT EXISTS (SELECT 1 FROM reporting.collection c WHERE c.id = @Id)
            """, new { Id = $"p:{e.InvoiceId}:{e.PaymentId}", e.InvoiceId, e.DebtorId, e.PartnerId, e.PaidAt, PaidMonth = Month(e.PaidAt), e.AmountCents });
    }

    private static async Task AgreementCreatedAsync(DbSession tx, AgreementCreated e)
    {
        // The agreement is the first debt's portfolio's; its cohort the month its oldest debt was placed.
        await tx.ExecuteAsync(
            $"""
            INSERT INTO reporting.agreement (agreement_id, partner_id, portfolio_id, portfolio_code, debtor_id, agent, status, placed_month,
                   created_on, created_month, total_cents, down_payment_cents, installments, paid_cents)
            SELECT @AgreementId, @PartnerId, first.portfolio_id, first.portfolio_code, @DebtorId, @CreatedBy, @Status,
                   (SELECT MIN(d.placed_month) FROM reporting.debt d WHERE d.invoice_id IN ({tx.Dialect.JsonIds("@Ids")})),
                   @AgreementDate, @CreatedMonth, @TotalCents, @DownPaymentCents, @Installments, 0
              FROM (SELECT 1 AS one) x LEFT JOIN reporting.debt first ON first.invoice_id = @First
             WHERE NOT EXISTS (SELECT 1 FROM reporting.agreement a WHERE a.agreement_id = @AgreementId)
            """,
            new
            {
                e.AgreementId, e.PartnerId, e.DebtorId, e.CreatedBy, Status = e.Status.Code(), e.AgreementDate, CreatedMonth = Month(e.AgreementDate),
                e.TotalCents, e.DownPaymentCents, e.Installments, First = e.InvoiceIds[0], Ids = tx.Dialect.JsonArray(e.InvoiceIds),
            });
        await PortalSteps.AgreementAsync(tx, e);
    }

    private static Task AgreementEndedAsync(DbSession tx, Guid agreementId, string status, DateOnly on) =>
        tx.ExecuteAsync("UPDATE reporting.agreement SET status = @Status, ended_on = @On WHERE agreement_id = @AgreementId",
            new { AgreementId = agreementId, Status = status, On = on });

    /// <summary>
    /// An installment paid in full. One the partner paid against a debt was counted as that debt's payment already
    /// (<see cref="PaymentReceived"/>); agents' and Pix payments reach only the agreement and are counted here.
    /// </summary>
    private static async Task InstallmentPaidAsync(DbSession tx, InstallmentPaid e)
    {
        await tx.ExecuteAsync("UPDATE reporting.agreement SET paid_cents = paid_cents + @AmountCents WHERE agreement_id = @AgreementId",
            new { e.AgreementId, e.AmountCents });
        await PortalSteps.FirstPaidAsync(tx, e);
        // The installment's reminders: those sent by then count as "paid after the reminder" in the funnel.
        await tx.ExecuteAsync(
            "UPDATE reporting.message SET installment_paid_on = @PaidAt WHERE agreement_id = @AgreementId AND installment_number = @Number AND installment_paid_on IS NULL",
            new { e.AgreementId, e.Number, e.PaidAt });
        if (e.Source == "partner") return;
        await tx.ExecuteAsync(
            """
            INSERT INTO reporting.collection (id, invoice_id, agreement_id, debtor_id, partner_id, portfolio_id, portfolio_code, agent, placed_month, paid_on, paid_month, amount_cents)
            SELECT @Id, NULL, @AgreementId, @DebtorId, @PartnerId, a.portfolio_id, a.portfolio_code, a.agent, a.placed_month, @PaidAt, @PaidMonth, @AmountCents
              FROM (SELECT 1 AS one) x LEFT JOIN reporting.agreement a ON a.agreement_id = @AgreementId
             WHERE NOT EXISTS (SELECT 1 FROM reporting.collection c WHERE c.id = @Id)
            """, new { Id = $"i:{e.AgreementId}:{e.Number}", e.AgreementId, e.DebtorId, e.PartnerId, e.PaidAt, PaidMonth = Month(e.PaidAt), e.AmountCents });
    }

    private static async Task MessageAsync(DbSession tx, MessageAttempted e, DateOnly on)
    {
        await tx.ExecuteAsync(tx.Dialect.InsertIgnore("reporting.message",
            "message_id, invoice_id, debtor_id, channel, step_key, status, created_on, sent, delivered, failed, agreement_id, installment_number",
            "@MessageId, @InvoiceId, @DebtorId, @Channel, @StepKey, 'queued', @On, 0, 0, 0, @AgreementId, @InstallmentNumber", "message_id"),
            // A resend of a Pix names its own message in its step key ("reenvio-pix:<id>"): the funnel counts them under one step.
            new { e.MessageId, e.InvoiceId, e.DebtorId, e.Channel, StepKey = e.StepKey?.Split(':')[0], On = on, e.AgreementId, e.InstallmentNumber });
        // Calls and letters are "delivered" by the agent who made or posted them, without a "sent" before.
        var reached = e.Outcome is MessageOutcome.Sent or MessageOutcome.Delivered;
        await tx.ExecuteAsync(
            """
            UPDATE reporting.message SET
                   status = CASE WHEN @Outcome IN ('sent', 'delivered', 'failed', 'cancelled', 'blocked') THEN @Outcome ELSE status END,
                   sent = CASE WHEN @Reached = 1 THEN 1 ELSE sent END,
                   sent_on = CASE WHEN @Reached = 1 AND sent_on IS NULL THEN @On ELSE sent_on END,
                   window_ends_on = CASE WHEN @Reached = 1 AND sent_on IS NULL THEN @WindowEndsOn ELSE window_ends_on END,
                   delivered = CASE WHEN @Outcome = 'delivered' THEN 1 ELSE delivered END,
                   failed = CASE WHEN @Outcome = 'failed' THEN 1 ELSE failed END,
                   deferred = CASE WHEN @Outcome = 'deferred' THEN 1 ELSE deferred END,
                   reason = CASE WHEN @Outcome IN ('blocked', 'cancelled') THEN @Reason ELSE reason END,
                   agent = COALESCE(@Agent, agent)
             WHERE message_id = @MessageId
            """, new
            {
                e.MessageId, Outcome = e.Outcome.Code(), Reached = reached ? 1 : 0, On = on, WindowEndsOn = on.AddDays(PaidWithinDays), e.Agent,
                Reason = Reason(e.Detail),
            });
    }

    /// <summary>The reason in a blocked or cancelled message's detail ("E-mail: bloqueado — sem e-mail do devedor"); null without one.</summary>
    private static string? Reason(string detail)
    {
        var dash = detail.IndexOf(" — ", StringComparison.Ordinal);
        var reason = dash < 0 ? detail : detail[(dash + 3)..];
        return reason.Length == 0 ? null : reason.Length > 500 ? reason[..500] : reason;
    }

    private static async Task NegativacaoAsync(DbSession tx, Guid id, Guid invoiceId, Guid debtorId, Guid partnerId, string update, DateOnly on,
        string? reason, bool late)
    {
        // Registered or removed before Reporting saw the notice (events written before the notice event existed).
        await tx.ExecuteAsync(tx.Dialect.InsertIgnore("reporting.negativacao",
            "negativacao_id, invoice_id, debtor_id, partner_id, status, removed_late", "@Id, @InvoiceId, @DebtorId, @PartnerId, 'notified', 0", "negativacao_id"),
            new { Id = id, InvoiceId = invoiceId, DebtorId = debtorId, PartnerId = partnerId });
        await tx.ExecuteAsync(update, new { Id = id, On = on, Reason = reason, Late = late ? 1 : 0 });
    }
}
