using Recovery.BuildingBlocks.Errors;
using Recovery.Debtors.Contracts;
using Recovery.Debtors.Data;

namespace Recovery.Debtors.Features.Debtors;

/// <summary>Ends a hold; collection may resume. A supervisor's decision.</summary>
internal static class LiftHold
{
    internal sealed record Command(Guid DebtorId, Guid HoldId, string? Reason) : ICommand<Hold>;

    internal sealed record Body(string? Reason);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Reason).NotEmpty().WithMessage("reason is required", "informe o motivo").MaximumLength(500);
    }

    internal sealed class Handler(DebtorsDb db, ICurrentActor actor, AuditContext audit, TimeProvider clock) : IRequestHandler<Command, Hold>
    {
        public async Task<Hold> Handle(Command command, CancellationToken ct)
        {
            await using var tx = await db.BeginAsync(ct);
            var hold = await tx.QuerySingleOrDefaultAsync<Hold>(
                           $"SELECT {Hold.Columns} FROM debtors.hold WHERE id = @HoldId AND debtor_id = @DebtorId", command)
                       ?? throw new NotFoundException($"Hold {command.HoldId} of debtor {command.DebtorId} does not exist.");
            if (hold.LiftedAt is not null)
                throw new ConflictException(ProblemTypes.Base + "hold-already-lifted", "Hold already lifted",
                    $"The hold was lifted at {hold.LiftedAt:O} by {hold.LiftedBy}.");
            var now = clock.GetUtcNow();
            await tx.ExecuteAsync(
                "UPDATE debtors.hold SET lifted_by = @By, lifted_at = @Now, lift_reason = @Reason WHERE id = @Id",
                new { By = actor.Name, Now = now, command.Reason, hold.Id });
            await Timeline.AppendAsync(tx, hold.DebtorId, hold.InvoiceId, "hold_lifted", $"{hold.Kind}: {command.Reason}", actor, now);
            await tx.PublishAsync(new HoldLifted(hold.Id, hold.DebtorId, hold.InvoiceId, hold.Kind), now);
            var lifted = await tx.QuerySingleOrDefaultAsync<Hold>($"SELECT {Hold.Columns} FROM debtors.hold WHERE id = @Id", new { hold.Id });
            await tx.CommitAsync(ct);
            audit.Describe("debtor", hold.DebtorId, before: new { holdId = hold.Id, hold.Kind, active = true },
                after: new { holdId = hold.Id, active = false, command.Reason });
            return lifted!;
        }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapPost("/{debtorId:guid}/holds/{holdId:guid}/lift", (Guid debtorId, Guid holdId, Body body, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new Command(debtorId, holdId, body.Reason), ct))
            .WithName(nameof(LiftHold))
            .ScopedTo(ScopedKinds.Debtor, "debtorId")
            .RequireAuthorization(Policies.Supervisor)
            .ProducesValidationProblem()
            .ProducesProblem(404)
            .ProducesProblem(409);
}
