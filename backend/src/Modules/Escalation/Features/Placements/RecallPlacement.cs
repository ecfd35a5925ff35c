using Recovery.Escalation.Contracts;
using Recovery.Escalation.Data;

namespace Recovery.Escalation.Features.Placements;

/// <summary>
/// A supervisor recalls a placement before its end, with the reason: the agency's people lose its debts on their next
/// request. <see cref="ExpirePlacementsJob"/> ends the placements whose period is over, the reason <c>expired</c>.
/// </summary>
internal static class RecallPlacement
{
    internal sealed record Command(Guid PlacementId, string? Reason) : ICommand;

    internal sealed record Body(string? Reason);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Reason).NotEmpty().WithMessage("reason is required", "informe o motivo").MaximumLength(500).OverridePropertyName("reason");
    }

    internal sealed class Handler(EscalationDb db, AuditContext audit, TimeProvider clock, ICurrentActor actor) : IRequestHandler<Command, MediatR.Unit>
    {
        public async Task<MediatR.Unit> Handle(Command command, CancellationToken ct)
        {
            audit.Describe("placement", command.PlacementId);
            if (actor.Scope.AgencyId is not null) throw new ForbiddenException("An agency's people do not recall placements.");
            var now = clock.GetUtcNow();
            await using var tx = await db.BeginAsync(ct);
            var agency = (await tx.QueryAsync<Guid>("SELECT agency_id FROM escalation.placement WHERE id = @PlacementId", command)).FirstOrDefault();
            if (agency == Guid.Empty) throw new NotFoundException($"Placement {command.PlacementId} does not exist.");
            await EndAsync(tx, command.PlacementId, agency, "recalled", command.Reason!.Trim(), now);
            await tx.CommitAsync(ct);
            audit.Describe("placement", command.PlacementId, after: new { ended = "recalled", reason = command.Reason });
            return MediatR.Unit.Value;
        }
    }

    /// <summary>Ends a placement still running, and tells the others; one already ended is a 409.</summary>
    internal static async Task EndAsync(Recovery.BuildingBlocks.Data.DbSession tx, Guid placementId, Guid agencyId, string reason, string? note, DateTimeOffset at)
    {
        var ended = await tx.ExecuteAsync(
            "UPDATE escalation.placement SET ended_at = @At, end_reason = @Reason, end_note = @Note WHERE id = @Id AND ended_at IS NULL",
            new { Id = placementId, At = at, Reason = reason, Note = note });
        if (ended == 0)
            throw new ConflictException(ProblemTypes.Base + "placement-ended", "Placement already ended", $"Placement {placementId} has already ended.");
        await tx.PublishAsync(new PlacementEnded(placementId, agencyId, at, reason), at);
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapPost("/placements/{id:guid}/recall", async (Guid id, Body body, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new Command(id, body.Reason), ct);
                return TypedResults.NoContent();
            })
            .WithName(nameof(RecallPlacement))
            .RequireAuthorization(Policies.Supervisor)
            .ProducesValidationProblem()
            .ProducesProblem(404)
            .ProducesProblem(409);
}
