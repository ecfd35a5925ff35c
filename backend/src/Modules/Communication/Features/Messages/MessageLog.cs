using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Messaging;
using Recovery.BuildingBlocks.Observability;
using Recovery.Communication.Contracts;

namespace Recovery.Communication.Features.Messages;

/// <summary>
/// What happened to a message, kept with it (the answer to "why was this not sent?") and told to the debtor's timeline.
/// </summary>
internal static class MessageLog
{
    /// <param name="agent">The agent who recorded the outcome (a call made, a letter posted); null for the system.</param>
    public static async Task RecordAsync(DbSession tx, MessageKey m, string outcome, string detail, DateTimeOffset now, string? agent = null)
    {
        await tx.ExecuteAsync(
            "INSERT INTO communication.message_attempt (id, message_id, at, outcome, detail) VALUES (@Id, @MessageId, @Now, @Outcome, @Detail)",
            new { Id = Guid.CreateVersion7(), MessageId = m.Id, Now = now, Outcome = outcome, Detail = detail });
        tx.AfterCommit(() => RecoveryMetrics.MessageOutcome(m.Channel, outcome));
        await tx.PublishAsync(new MessageAttempted(m.Id, m.DebtorId, m.InvoiceId, m.Channel, EventCodes.Parse<MessageOutcome>(outcome), Describe(m.Channel, outcome, detail), m.StepKey, agent,
            m.AgreementId, m.InstallmentNumber), now);
    }

    /// <summary>Cancels the queued messages of a debt (or of every debt of a debtor), recording why.</summary>
    public static async Task<int> CancelQueuedAsync(DbSession tx, Guid? invoiceId, Guid? debtorId, string reason, DateTimeOffset now)
    {
        var queued = (await tx.QueryAsync<MessageKey>(
            invoiceId is not null
                ? $"SELECT {MessageKey.Columns} FROM communication.message WHERE invoice_id = @InvoiceId AND status = 'queued'"
                : $"SELECT {MessageKey.Columns} FROM communication.message WHERE debtor_id = @DebtorId AND status = 'queued'",
            new { InvoiceId = invoiceId, DebtorId = debtorId })).ToList();
        foreach (var m in queued)
        {
            await tx.ExecuteAsync("UPDATE communication.message SET status = 'cancelled', reason = @Reason, updated_at = @Now WHERE id = @Id AND status = 'queued'",
                new { m.Id, Reason = reason, Now = now });
            await RecordAsync(tx, m, "cancelled", reason, now);
        }
        return queued.Count;
    }

    /// <summary>Cancels the queued reminders of an agreement's installment (or of all its installments), recording why.</summary>
    public static async Task<int> CancelRemindersAsync(DbSession tx, Guid agreementId, int? number, string reason, DateTimeOffset now)
    {
        var queued = (await tx.QueryAsync<MessageKey>(
            number is not null
                ? $"SELECT {MessageKey.Columns} FROM communication.message WHERE agreement_id = @AgreementId AND installment_number = @Number AND status = 'queued'"
                : $"SELECT {MessageKey.Columns} FROM communication.message WHERE agreement_id = @AgreementId AND status = 'queued'",
            new { AgreementId = agreementId, Number = number })).ToList();
        foreach (var m in queued) await CancelAsync(tx, m, reason, now);
        return queued.Count;
    }

    private static async Task CancelAsync(DbSession tx, MessageKey m, string reason, DateTimeOffset now)
    {
        if (await tx.ExecuteAsync("UPDATE communication.message SET status = 'cancelled', reason = @Reason, updated_at = @Now WHERE id = @Id AND status = 'queued'",
                new { m.Id, Reason = reason, Now = now }) > 0)
            await RecordAsync(tx, m, "cancelled", reason, now);
    }

    private static string Describe(string channel, string outcome, string detail) => $"{ChannelName(channel)}: {OutcomeName(outcome)} — {detail}";

    public static string ChannelName(string channel) => channel switch
    {
        "email" => "E-mail",
        "sms" => "SMS",
        "whatsapp" => "WhatsApp",
        "letter" => "Carta",
        "negativacao" => "Aviso de negativação",
        "call" => "Ligação",
        _ => channel,
    };

    private static string OutcomeName(string outcome) => outcome switch
    {
        "sent" => "enviado",
        "delivered" => "entregue",
        "failed" => "falhou",
        "retry" => "nova tentativa agendada",
        "blocked" => "bloqueado",
        "deferred" => "adiado",
        "cancelled" => "cancelado",
        _ => outcome,
    };
}
