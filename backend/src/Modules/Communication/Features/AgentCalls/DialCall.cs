using Recovery.Communication.Contracts;
using Recovery.Communication.Data;
using Recovery.Communication.Features.Compliance;
using Recovery.Debtors.Contracts;

namespace Recovery.Communication.Features.AgentCalls;

/// <summary>
/// An agent dials one of the debtor's phones: refused when the debtor opposed contact on it or when the law does not
/// allow a call at this hour; otherwise <see cref="CallDialed"/> is published, which partners' webhooks receive as
/// <c>call.dialed</c> (the hook for a softphone or dialer, docs/partner-guide.md).
/// </summary>
internal static class DialCall
{
    internal sealed record Command(Guid DebtorId, string? Phone) : ICommand<Response>;

    [SchemaName("DialCallBody")]
    internal sealed record Body(string? Phone);

    [SchemaName("DialCallResponse")]
    internal sealed record Response(Guid DebtorId, string Phone, DateTimeOffset DialedAt);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Phone).NotEmpty().WithMessage("phone is required", "informe o telefone");
    }

    internal sealed class Handler(CommunicationDb db, IMediator mediator, ContactCalendar calendar, ICurrentActor actor, TimeProvider clock)
        : IRequestHandler<Command, Response>
    {
        public async Task<Response> Handle(Command command, CancellationToken ct)
        {
            var debtor = await mediator.Send(new GetDebtorContacts(command.DebtorId), ct)
                         ?? throw new NotFoundException($"Debtor {command.DebtorId} does not exist.");
            var phone = DebtorPhone.Find(debtor, command.Phone);
            if (phone.OptedOut)
                throw new FieldException("phone", Language.IsPortuguese ? "o devedor se opôs a contato neste número" : "the debtor opted out of contact on this phone");
            var now = clock.GetUtcNow();
            if (calendar.NextAllowed(now, debtor.State) is var (next, reason) && next != now)
                throw new ConflictException(ProblemTypes.Base + "outside-contact-hours",
                    Language.IsPortuguese ? "Fora do horário permitido" : "Outside the lawful contact hours",
                    Language.IsPortuguese ? $"Não é permitido ligar agora: {reason}." : $"Calling is not allowed now ({reason}); next at {next:O}.");
            await using var tx = await db.BeginAsync(ct);
            await tx.PublishAsync(new CallDialed(command.DebtorId, phone.Value, actor.Id, actor.Name, now), now);
            await tx.CommitAsync(ct);
            return new Response(command.DebtorId, phone.Value, now);
        }
    }

    internal static void Map(RouteGroupBuilder debtors) =>
        debtors.MapPost("/{debtorId:guid}/calls/dial", async (Guid debtorId, Body body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Accepted((string?)null, await mediator.Send(new Command(debtorId, body.Phone), ct)))
            .WithName(nameof(DialCall))
            .ScopedTo(ScopedKinds.Debtor, "debtorId")
            .RequireAuthorization(Policies.Agent)
            .ProducesValidationProblem()
            .ProducesProblem(404)
            .ProducesProblem(409);
}
