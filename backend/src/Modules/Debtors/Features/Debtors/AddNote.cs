using Recovery.BuildingBlocks.Errors;
using Recovery.Debtors.Data;

namespace Recovery.Debtors.Features.Debtors;

internal static class AddNote
{
    internal sealed record Command(Guid DebtorId, string? Text) : ICommand<Response>;

    internal sealed record Body(string? Text);

    internal sealed record Response(Guid DebtorId);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Text).NotEmpty().WithMessage("text is required", "escreva a anotação").MaximumLength(2000);
    }

    internal sealed class Handler(DebtorsDb db, ICurrentActor actor, AuditContext audit, TimeProvider clock) : IRequestHandler<Command, Response>
    {
        public async Task<Response> Handle(Command command, CancellationToken ct)
        {
            await using var tx = await db.BeginAsync(ct);
            await EnsureDebtorAsync(tx, command.DebtorId);
            await Timeline.AppendAsync(tx, command.DebtorId, null, "note", command.Text!.Trim(), actor, clock.GetUtcNow());
            await tx.CommitAsync(ct);
            audit.Describe("debtor", command.DebtorId);
            return new Response(command.DebtorId);
        }
    }

    internal static async Task EnsureDebtorAsync(Recovery.BuildingBlocks.Data.DbSession tx, Guid debtorId)
    {
        if (await tx.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM debtors.debtor WHERE id = @Id", new { Id = debtorId }) == 0)
            throw new NotFoundException($"Debtor {debtorId} does not exist.");
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapPost("/{debtorId:guid}/notes", async (Guid debtorId, Body body, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new Command(debtorId, body.Text), ct);
                return TypedResults.Created($"/api/v1/debtors/{debtorId}/timeline");
            })
            .WithName(nameof(AddNote))
            .ScopedTo(ScopedKinds.Debtor, "debtorId")
            .RequireAuthorization(Policies.Agent)
            .ProducesValidationProblem()
            .ProducesProblem(404);
}
