using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Communication.Contracts;
using Recovery.Communication.Features.Dispatch;

namespace Recovery.Communication.Features.Negativacao;

/// <summary>
/// The start of a negativação and the evidence of its steps. It starts when its notice, a letter on the
/// <c>negativacao</c> channel sent by a schedule step or an agent, leaves.
/// </summary>
internal static class NegativacaoSteps
{
    /// <summary>Called when a notice letter leaves: the negativação starts, registrable after the waiting period.</summary>
    public static async Task NotifiedAsync(DbSession tx, MessageRow message, DateOnly dueDate, DateOnly eligibleOn, DateTimeOffset now)
    {
        if (await tx.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM communication.negativacao WHERE invoice_id = @InvoiceId AND live = 1", new { message.InvoiceId }) > 0)
            return;
        var id = Guid.CreateVersion7();
        await tx.ExecuteAsync(
            """
            INSERT INTO communication.negativacao (id, invoice_id, debtor_id, partner_id, status, notice_message_id, notified_at, eligible_on, due_date, removed_late, live)
            VALUES (@Id, @InvoiceId, @DebtorId, @PartnerId, 'notified', @MessageId, @Now, @EligibleOn, @DueDate, 0, 1)
            """, new { Id = id, message.InvoiceId, message.DebtorId, message.PartnerId, MessageId = message.Id, Now = now, EligibleOn = eligibleOn, DueDate = dueDate });
        await StepAsync(tx, id, "notified",
            $"aviso prévio por carta (CDC art. 43 §2), mensagem {message.Id}; inclusão não antes de {eligibleOn:dd/MM/yyyy}", now);
        await tx.PublishAsync(new NegativacaoNotified(id, message.InvoiceId!.Value, message.DebtorId, message.PartnerId, eligibleOn), now);
    }

    public static Task StepAsync(DbSession tx, Guid negativacaoId, string step, string detail, DateTimeOffset now) =>
        tx.ExecuteAsync("INSERT INTO communication.negativacao_step (id, negativacao_id, at, step, detail) VALUES (@Id, @NegativacaoId, @Now, @Step, @Detail)",
            new { Id = Guid.CreateVersion7(), NegativacaoId = negativacaoId, Now = now, Step = step, Detail = detail });
}
