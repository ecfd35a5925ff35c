using System.Globalization;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Communication.Contracts;
using Recovery.Debtors.Contracts;
using Recovery.Negotiation.Contracts;

namespace Recovery.Reporting.Features.ReadModels;

/// <summary>
/// How each event changes the read models: the same code applies an event when it arrives and when a rebuild replays
/// the journal, inside the caller's transaction. Debt statuses follow Debtors': open, in_agreement, paid, cancelled,
/// prescribed. Money recovered (<c>reporting.collection</c>) is a payment on a debt or an agreement's installment paid
/// in full by an agent or Pix; credits reallocated when an agreement breaks were counted when they were paid and are not
/// counted again; part of an installment counts once the installment is paid in full.
/// </summary>
internal static class Projector
{
    /// <summary>The events the read models are made of, by their stable names.</summary>
    public static readonly IReadOnlyDictionary<string, Type> Events = new[]
    {
        typeof(InvoiceReceived), typeof(PaymentReceived), typeof(InvoiceCancelled), typeof(InvoicePrescribed),
        typeof(AgreementCreated), typeof(AgreementActivated), typeof(AgreementCompleted), typeof(AgreementBroken), typeof(AgreementCancelled),
        typeof(InstallmentPaid), typeof(PromiseMade), typeof(PromiseChecked),
        typeof(MessageAttempted), typeof(NegativacaoNotified), typeof(NegativacaoRegistered), typeof(NegativacaoRemoved),
    }.ToDictionary(EventTypes.NameOf);

    /// <summary>Every table made from the journal, emptied before a rebuild.</summary>
    public static readonly string[] Tables =
        ["reporting.debt", "reporting.collection", "reporting.agreement", "reporting.promise", "reporting.message", "reporting.negativacao"];

    public static Task ApplyAsync(DbSession tx, object e, EventEnvelope envelope)
    {
        var on = BusinessDate.Of(envelope.OccurredAt);
        return e switch
        {
            InvoiceReceived x => InvoiceAsync(tx, x, on, envelope.OccurredAt),
            PaymentReceived x => PaymentAsync(tx, x, envelope.OccurredAt),
            InvoiceCancelled x => DebtStatusAsync(tx, [x.InvoiceId], "cancelled", null, on, envelope.OccurredAt),
            InvoicePrescribed x => DebtStatusAsync(tx, [x.InvoiceId], "prescribed", "open", on, envelope.OccurredAt),
            AgreementCreated x => AgreementCreatedAsync(tx, x),
            AgreementActivated x => AgreementActivatedAsync(tx, x, on, envelope.OccurredAt),
            AgreementCompleted x => AgreementCompletedAsync(tx, x, on, envelope.OccurredAt),
            AgreementBroken x => AgreementEndedAsync(tx, x.AgreementId, x.InvoiceIds, x.Credits, "broken", on, envelope.OccurredAt),
            AgreementCancelled x => AgreementEndedAsync(tx, x.AgreementId, x.InvoiceIds, x.Credits, x.Status, on, envelope.OccurredAt),
            InstallmentPaid x => InstallmentPaidAsync(tx, x),
            PromiseMade x => tx.ExecuteAsync(tx.Dialect.InsertIgnore("reporting.promise",
                "promise_id, debtor_id, agent, promised_cents, due_date, made_on, paid_cents",
                "@PromiseId, @DebtorId, @CreatedBy, @PromisedCents, @DueDate, @On, 0", "promise_id"),
                new { x.PromiseId, x.DebtorId, x.CreatedBy, x.PromisedCents, x.DueDate, On = on }),
            PromiseChecked x => tx.ExecuteAsync("UPDATE reporting.promise SET outcome = @Outcome, paid_cents = @PaidCents WHERE promise_id = @PromiseId",
                new { x.Outcome, x.PaidCents, x.PromiseId }),
            MessageAttempted x => MessageAsync(tx, x, on),
            NegativacaoNotified x => tx.ExecuteAsync(tx.Dialect.InsertIgnore("reporting.negativacao",
                "negativacao_id, invoice_id, debtor_id, partner_id, status, notified_on, eligible_on, removed_late",
                "@NegativacaoId, @InvoiceId, @DebtorId, @PartnerId, 'notified', @On, @EligibleOn, 0", "negativacao_id"),
                new { x.NegativacaoId, x.InvoiceId, x.DebtorId, x.PartnerId, On = on, x.EligibleOn }),
            NegativacaoRegistered x => NegativacaoAsync(tx, x.NegativacaoId, x.InvoiceId, x.DebtorId, x.PartnerId,
                "UPDATE reporting.negativacao SET status = 'registered', registered_on = @On WHERE negativacao_id = @Id", on, null, false),
            NegativacaoRemoved x => NegativacaoAsync(tx, x.NegativacaoId, x.InvoiceId, x.DebtorId, x.PartnerId,
                "UPDATE reporting.negativacao SET status = 'removed', removed_on = @On, removal_reason = @Reason, removed_late = @Late WHERE negativacao_id = @Id",
                on, x.Reason, x.Late),
            _ => Task.CompletedTask,
        };
    }

    /// <summary>A payment this many days after a message counts for it in the dunning funnel.</summary>
    public const int PaidWithinDays = 7;

    public static string Month(DateOnly date) => date.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static async Task InvoiceAsync(DbSession tx, InvoiceReceived e, DateOnly on, DateTimeOffset now)
    {
        var args = new
        {
            e.InvoiceId, e.PartnerId, e.PortfolioId, e.PortfolioCode, e.DebtorId, e.ExternalId, e.Status, e.AmountCents, e.OutstandingCents, e.DueDate,
            PlacedOn = on, PlacedMonth = Month(on), Now = now, LeftOpenOn = e.Status == "open" ? (DateOnly?)null : on,
        };
        var updated = await tx.ExecuteAsync(
            """
            UPDATE reporting.debt SET portfolio_id = @PortfolioId, portfolio_code = COALESCE(@PortfolioCode, portfolio_code), status = @Status,
                   amount_cents = @AmountCents, outstanding_cents = @OutstandingCents, due_date = @DueDate, updated_at = @Now
             WHERE invoice_id = @InvoiceId
            """, args);
        if (updated == 0)
            await tx.ExecuteAsync(tx.Dialect.InsertIgnore("reporting.debt",
                "invoice_id, partner_id, portfolio_id, portfolio_code, debtor_id, external_id, status, amount_cents, outstanding_cents, paid_cents, due_date, placed_on, placed_month, left_open_on, updated_at",
                "@InvoiceId, @PartnerId, @PortfolioId, @PortfolioCode, @DebtorId, @ExternalId, @Status, @AmountCents, @OutstandingCents, 0, @DueDate, @PlacedOn, @PlacedMonth, @LeftOpenOn, @Now",
                "invoice_id"), args);
    }

    private static async Task PaymentAsync(DbSession tx, PaymentReceived e, DateTimeOffset now)
    {
        var settled = e.Settled ? 1 : 0;
        await tx.ExecuteAsync(
            """
            UPDATE reporting.debt SET outstanding_cents = @OutstandingCents, paid_cents = paid_cents + @AmountCents,
                   left_open_on = CASE WHEN @Settled = 1 AND status = 'open' THEN @PaidAt ELSE left_open_on END,
                   status = CASE WHEN @Settled = 1 AND status = 'open' THEN 'paid' ELSE status END, updated_at = @Now
             WHERE invoice_id = @InvoiceId
            """, new { e.InvoiceId, e.OutstandingCents, e.AmountCents, Settled = settled, e.PaidAt, Now = now });
        await tx.ExecuteAsync(
            """
            INSERT INTO reporting.collection (id, invoice_id, agreement_id, debtor_id, partner_id, portfolio_id, portfolio_code, agent, placed_month, paid_on, paid_month, amount_cents)
            SELECT @Id, @InvoiceId, NULL, @DebtorId, @PartnerId, d.portfolio_id, d.portfolio_code, NULL, d.placed_month, @PaidAt, @PaidMonth, @AmountCents
              FROM (SELECT 1 AS one) x LEFT JOIN reporting.debt d ON d.invoice_id = @InvoiceId
             WHERE NOT EXISTS (SELECT 1 FROM reporting.collection c WHERE c.id = @Id)
            """, new { Id = $"p:{e.InvoiceId}:{e.PaymentId}", e.InvoiceId, e.DebtorId, e.PartnerId, e.PaidAt, PaidMonth = Month(e.PaidAt), e.AmountCents });
    }

    private static Task DebtStatusAsync(DbSession tx, IReadOnlyCollection<Guid> invoiceIds, string status, string? from, DateOnly on, DateTimeOffset now) =>
        tx.ExecuteAsync(
            $"""
            UPDATE reporting.debt SET status = @Status, updated_at = @Now,
                   left_open_on = CASE WHEN @Status = 'open' THEN NULL WHEN status = 'open' THEN @On ELSE left_open_on END
             WHERE invoice_id IN ({tx.Dialect.JsonIds("@Ids")}) {(from is null ? "" : "AND status = @From")}
            """,
            new { Status = status, From = from, On = on, Now = now, Ids = tx.Dialect.JsonArray(invoiceIds) });

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
                e.AgreementId, e.PartnerId, e.DebtorId, e.CreatedBy, e.Status, e.AgreementDate, CreatedMonth = Month(e.AgreementDate),
                e.TotalCents, e.DownPaymentCents, e.Installments, First = e.InvoiceIds[0], Ids = tx.Dialect.JsonArray(e.InvoiceIds),
            });
    }

    private static async Task AgreementActivatedAsync(DbSession tx, AgreementActivated e, DateOnly on, DateTimeOffset now)
    {
        await tx.ExecuteAsync("UPDATE reporting.agreement SET status = 'active', activated_on = @On WHERE agreement_id = @AgreementId",
            new { e.AgreementId, On = e.AgreementDate });
        await DebtStatusAsync(tx, e.InvoiceIds, "in_agreement", "open", on, now);
    }

    private static async Task AgreementCompletedAsync(DbSession tx, AgreementCompleted e, DateOnly on, DateTimeOffset now)
    {
        await tx.ExecuteAsync("UPDATE reporting.agreement SET status = 'completed', ended_on = @On WHERE agreement_id = @AgreementId",
            new { e.AgreementId, On = on });
        await tx.ExecuteAsync(
            $"UPDATE reporting.debt SET status = 'paid', outstanding_cents = 0, updated_at = @Now WHERE status = 'in_agreement' AND invoice_id IN ({tx.Dialect.JsonIds("@Ids")})",
            new { Now = now, Ids = tx.Dialect.JsonArray(e.InvoiceIds) });
    }

    private static async Task AgreementEndedAsync(DbSession tx, Guid agreementId, IReadOnlyList<Guid> invoiceIds, IReadOnlyList<AgreementCredit> credits,
        string status, DateOnly on, DateTimeOffset now)
    {
        await tx.ExecuteAsync("UPDATE reporting.agreement SET status = @Status, ended_on = @On WHERE agreement_id = @AgreementId",
            new { AgreementId = agreementId, Status = status, On = on });
        foreach (var c in credits)
            await tx.ExecuteAsync(
                """
                UPDATE reporting.debt SET paid_cents = paid_cents + @AmountCents,
                       outstanding_cents = CASE WHEN outstanding_cents > @AmountCents THEN outstanding_cents - @AmountCents ELSE 0 END
                 WHERE invoice_id = @InvoiceId
                """, new { c.InvoiceId, c.AmountCents });
        await tx.ExecuteAsync(
            $"""
            UPDATE reporting.debt SET status = CASE WHEN outstanding_cents = 0 THEN 'paid' ELSE 'open' END, updated_at = @Now,
                   left_open_on = CASE WHEN outstanding_cents = 0 THEN left_open_on ELSE NULL END
             WHERE status = 'in_agreement' AND invoice_id IN ({tx.Dialect.JsonIds("@Ids")})
            """, new { Now = now, Ids = tx.Dialect.JsonArray(invoiceIds) });
    }

    /// <summary>
    /// An installment paid in full. One the partner paid against a debt was counted as that debt's payment already
    /// (<see cref="PaymentReceived"/>); agents' and Pix payments reach only the agreement and are counted here.
    /// </summary>
    private static async Task InstallmentPaidAsync(DbSession tx, InstallmentPaid e)
    {
        await tx.ExecuteAsync("UPDATE reporting.agreement SET paid_cents = paid_cents + @AmountCents WHERE agreement_id = @AgreementId",
            new { e.AgreementId, e.AmountCents });
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
            "message_id, invoice_id, debtor_id, channel, step_key, status, created_on, sent, delivered, failed",
            "@MessageId, @InvoiceId, @DebtorId, @Channel, @StepKey, 'queued', @On, 0, 0, 0", "message_id"),
            new { e.MessageId, e.InvoiceId, e.DebtorId, e.Channel, e.StepKey, On = on });
        // Calls and letters are "delivered" by the agent who made or posted them, without a "sent" before.
        var reached = e.Outcome is "sent" or "delivered";
        await tx.ExecuteAsync(
            """
            UPDATE reporting.message SET
                   status = CASE WHEN @Outcome IN ('sent', 'delivered', 'failed', 'cancelled', 'blocked') THEN @Outcome ELSE status END,
                   sent = CASE WHEN @Reached = 1 THEN 1 ELSE sent END,
                   sent_on = CASE WHEN @Reached = 1 AND sent_on IS NULL THEN @On ELSE sent_on END,
                   window_ends_on = CASE WHEN @Reached = 1 AND sent_on IS NULL THEN @WindowEndsOn ELSE window_ends_on END,
                   delivered = CASE WHEN @Outcome = 'delivered' THEN 1 ELSE delivered END,
                   failed = CASE WHEN @Outcome = 'failed' THEN 1 ELSE failed END,
                   agent = COALESCE(@Agent, agent)
             WHERE message_id = @MessageId
            """, new { e.MessageId, e.Outcome, Reached = reached ? 1 : 0, On = on, WindowEndsOn = on.AddDays(PaidWithinDays), e.Agent });
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
