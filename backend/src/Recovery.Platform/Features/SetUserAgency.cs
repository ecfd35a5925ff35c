using Recovery.Platform.Data;

namespace Recovery.Platform.Features;

/// <summary>
/// An agent or supervisor becomes one of a collection agency's people (<c>agencyId</c> null: the operating organisation's
/// again). They then see only the debts placed with that agency while the placement lasts (ADR 0026).
/// </summary>
internal static class SetUserAgency
{
    internal sealed record Command(Guid UserId, Guid? AgencyId) : ICommand;

    internal sealed record Body(Guid? AgencyId);

    internal sealed class Handler(PlatformDb db, AuditContext audit, TimeProvider clock) : IRequestHandler<Command, MediatR.Unit>
    {
        public async Task<MediatR.Unit> Handle(Command command, CancellationToken ct)
        {
            audit.Describe("user", command.UserId);
            await using var tx = await db.BeginAsync(ct);
            var role = await tx.ExecuteScalarAsync<string?>("SELECT role FROM platform.app_user WHERE id = @UserId", command)
                       ?? throw new NotFoundException($"User {command.UserId} does not exist.");
            if (command.AgencyId is not null && role is not (Roles.Agent or Roles.Supervisor))
                throw new FieldException("agencyId", "Only agents and supervisors can belong to an agency.");
            var before = (await tx.QueryAsync<Guid>("SELECT agency_id FROM platform.app_user WHERE id = @UserId AND agency_id IS NOT NULL", command)).Cast<Guid?>().FirstOrDefault();
            await tx.ExecuteAsync("UPDATE platform.app_user SET agency_id = @AgencyId, updated_at = @Now WHERE id = @UserId",
                new { command.UserId, command.AgencyId, Now = clock.GetUtcNow() });
            await tx.CommitAsync(ct);
            audit.Describe("user", command.UserId, before: new { agencyId = before }, after: new { agencyId = command.AgencyId });
            return MediatR.Unit.Value;
        }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapPut("/users/{id:guid}/agency", async (Guid id, Body body, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new Command(id, body.AgencyId), ct);
                return TypedResults.NoContent();
            })
            .WithName(nameof(SetUserAgency))
            .RequireAuthorization(Policies.Admin)
            .ProducesValidationProblem()
            .ProducesProblem(404);
}
