using Recovery.Debtors.Contracts;
using Recovery.Debtors.Data;

namespace Recovery.Debtors.Features.Debtors;

/// <summary>The debtor asked not to be contacted at this address or number: it stops for every channel that uses it.</summary>
internal static class OptOutContact
{
    internal sealed record Command(Guid DebtorId, Guid ContactId, string? Reason) : ICommand<Response>;

    internal sealed record Body(string? Reason);

    internal sealed record Response(Guid ContactId, DateTimeOffset OptedOutAt);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Reason).MaximumLength(500);
    }

    internal sealed class Handler(DebtorsDb db, ICurrentActor actor, AuditContext audit, TimeProvider clock) : IRequestHandler<Command, Response>
    {
        public async Task<Response> Handle(Command command, CancellationToken ct)
        {
            await using var tx = await db.BeginAsync(ct);
            var contact = await tx.QuerySingleOrDefaultAsync<ContactRow>(
                              "SELECT id, channel, value, opted_out_at FROM debtors.contact WHERE id = @ContactId AND debtor_id = @DebtorId", command)
                          ?? throw new NotFoundException($"Contact {command.ContactId} of debtor {command.DebtorId} does not exist.");
            if (contact.OptedOutAt is { } already) return new Response(contact.Id, already);
            var now = clock.GetUtcNow();
            await tx.ExecuteAsync("UPDATE debtors.contact SET opted_out_at = @Now WHERE id = @Id", new { Now = now, contact.Id });
            await Timeline.AppendAsync(tx, command.DebtorId, null, "opt_out", command.Reason, actor, now, channel: contact.Channel);
            await tx.PublishAsync(new ContactOptedOut(command.DebtorId, contact.Id, contact.Channel, contact.Value), now);
            await tx.CommitAsync(ct);
            audit.Describe("debtor", command.DebtorId, after: new { contactId = contact.Id, contact.Channel, optedOutAt = now });
            return new Response(contact.Id, now);
        }
    }

    private sealed class ContactRow
    {
        public Guid Id { get; init; }
        public string Channel { get; init; } = "";
        public string Value { get; init; } = "";
        public DateTimeOffset? OptedOutAt { get; init; }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapPost("/{debtorId:guid}/contacts/{contactId:guid}/opt-out", (Guid debtorId, Guid contactId, Body body, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new Command(debtorId, contactId, body.Reason), ct))
            .WithName(nameof(OptOutContact))
            .ScopedTo(ScopedKinds.Debtor, "debtorId")
            .RequireAuthorization(Policies.Agent)
            .ProducesValidationProblem()
            .ProducesProblem(404);
}
