using Recovery.BuildingBlocks.Data;
using Recovery.Communication.Features.Messages;

namespace Recovery.Communication.Features.Calls;

/// <summary>A dunning call task done: closed with its outcome, and its message delivered.</summary>
internal static class CallTask
{
    /// <param name="debtorId">When given, the task must be the debtor's.</param>
    public static async Task CloseAsync(DbSession tx, Guid messageId, Guid? debtorId, string outcome, string agent, DateTimeOffset now)
    {
        if (await tx.ExecuteAsync(
                "UPDATE communication.call_task SET done_at = @Now, done_by = @By, outcome = @Outcome WHERE message_id = @MessageId AND done_at IS NULL AND (@DebtorId IS NULL OR debtor_id = @DebtorId)",
                new { MessageId = messageId, DebtorId = debtorId, Now = now, By = agent, Outcome = outcome }) == 0)
            throw debtorId is null
                ? new NotFoundException($"There is no open call {messageId}.")
                : new FieldException("messageId", $"There is no open call {messageId} of this debtor.");
        var key = (await tx.QuerySingleOrDefaultAsync<MessageKey>($"SELECT {MessageKey.Columns} FROM communication.message WHERE id = @MessageId", new { MessageId = messageId }))!;
        await tx.ExecuteAsync("UPDATE communication.message SET status = 'delivered', delivered_at = @Now, updated_at = @Now WHERE id = @MessageId",
            new { MessageId = messageId, Now = now });
        await MessageLog.RecordAsync(tx, key, "delivered", $"{outcome} ({agent})", now, agent);
    }
}
