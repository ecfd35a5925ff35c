using Recovery.Communication.Data;

namespace Recovery.Communication.Features.Calls;

/// <summary>A call made, with what came of it: its message is delivered.</summary>
internal static class RecordCallOutcome
{
    internal sealed record Command(Guid MessageId, string? Outcome) : ICommand<MediatR.Unit>;

    [SchemaName("QueuesCallDoneBody")]
    internal sealed record Body(string? Outcome);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Outcome).NotEmpty().WithMessage("outcome is required (e.g. \"atendeu, prometeu pagar dia 10\")", "descreva o resultado da ligação (ex.: \"atendeu, prometeu pagar dia 10\")").MaximumLength(200);
    }

    internal sealed class Handler(CommunicationDb db, ICurrentActor actor, AuditContext audit, TimeProvider clock) : IRequestHandler<Command, MediatR.Unit>
    {
        public async Task<MediatR.Unit> Handle(Command command, CancellationToken ct)
        {
            await using var tx = await db.BeginAsync(ct);
            var now = clock.GetUtcNow();
            await CallTask.CloseAsync(tx, command.MessageId, null, command.Outcome!.Trim(), actor.Name, now);
            await tx.CommitAsync(ct);
            audit.Describe("call", command.MessageId, after: new { outcome = command.Outcome });
            return MediatR.Unit.Value;
        }
    }

    internal static void Map(RouteGroupBuilder communication) =>
        communication.MapPost("/calls/{messageId:guid}/outcome", async (Guid messageId, Body body, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new Command(messageId, body.Outcome), ct);
                return TypedResults.NoContent();
            })
            .WithName(nameof(RecordCallOutcome))
            .ScopedTo(ScopedKinds.Message, "messageId")
            .RequireAuthorization(Policies.Agent)
            .ProducesValidationProblem()
            .ProducesProblem(404);
}
