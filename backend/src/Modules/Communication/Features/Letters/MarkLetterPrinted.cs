using Recovery.Communication.Data;
using Recovery.Communication.Features.Messages;

namespace Recovery.Communication.Features.Letters;

/// <summary>A letter printed and posted: its message is delivered.</summary>
internal static class MarkLetterPrinted
{
    internal sealed record Command(Guid MessageId) : ICommand<MediatR.Unit>;

    internal sealed class Handler(CommunicationDb db, ICurrentActor actor, AuditContext audit, TimeProvider clock) : IRequestHandler<Command, MediatR.Unit>
    {
        public async Task<MediatR.Unit> Handle(Command command, CancellationToken ct)
        {
            await using var tx = await db.BeginAsync(ct);
            var now = clock.GetUtcNow();
            if (await tx.ExecuteAsync("UPDATE communication.letter SET printed_at = @Now, printed_by = @By WHERE message_id = @MessageId AND printed_at IS NULL",
                    new { command.MessageId, Now = now, By = actor.Name }) == 0)
                throw new NotFoundException($"There is no letter {command.MessageId} waiting to be printed.");
            var key = (await tx.QuerySingleOrDefaultAsync<MessageKey>($"SELECT {MessageKey.Columns} FROM communication.message WHERE id = @MessageId", command))!;
            await tx.ExecuteAsync("UPDATE communication.message SET status = 'delivered', delivered_at = @Now, updated_at = @Now WHERE id = @MessageId",
                new { command.MessageId, Now = now });
            await MessageLog.RecordAsync(tx, key, "delivered", $"carta impressa e postada por {actor.Name}", now, actor.Name);
            await tx.CommitAsync(ct);
            audit.Describe("letter", command.MessageId, after: new { printedAt = now });
            return MediatR.Unit.Value;
        }
    }

    internal static void Map(RouteGroupBuilder communication) =>
        communication.MapPost("/letters/{messageId:guid}/printed", async (Guid messageId, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new Command(messageId), ct);
                return TypedResults.NoContent();
            })
            .WithName(nameof(MarkLetterPrinted))
            .ScopedTo(ScopedKinds.Message, "messageId")
            .RequireAuthorization(Policies.Agent)
            .ProducesProblem(404);
}
