using Recovery.Platform.Data;

namespace Recovery.Platform.Features;

/// <summary>A person joins a team, or leaves it (<c>teamId</c> null); their supervisor's views show them.</summary>
internal static class SetUserTeam
{
    internal sealed record Command(Guid UserId, Guid? TeamId) : ICommand;

    internal sealed record Body(Guid? TeamId);

    internal sealed class Handler(PlatformDb db, AuditContext audit, TimeProvider clock) : IRequestHandler<Command, MediatR.Unit>
    {
        public async Task<MediatR.Unit> Handle(Command command, CancellationToken ct)
        {
            audit.Describe("user", command.UserId);
            await using var tx = await db.BeginAsync(ct);
            var before = (await tx.QueryAsync<Guid>("SELECT team_id FROM platform.app_user WHERE id = @UserId AND team_id IS NOT NULL", command)).Cast<Guid?>().FirstOrDefault();
            if (await tx.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM platform.app_user WHERE id = @UserId", command) == 0)
                throw new NotFoundException($"User {command.UserId} does not exist.");
            if (command.TeamId is { } team && await tx.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM platform.team WHERE id = @Id", new { Id = team }) == 0)
                throw new FieldException("teamId", "No such team.");
            await tx.ExecuteAsync("UPDATE platform.app_user SET team_id = @TeamId, updated_at = @Now WHERE id = @UserId",
                new { command.UserId, command.TeamId, Now = clock.GetUtcNow() });
            await tx.CommitAsync(ct);
            audit.Describe("user", command.UserId, before: new { teamId = before }, after: new { teamId = command.TeamId });
            return MediatR.Unit.Value;
        }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapPut("/users/{id:guid}/team", async (Guid id, Body body, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new Command(id, body.TeamId), ct);
                return TypedResults.NoContent();
            })
            .WithName(nameof(SetUserTeam))
            .RequireAuthorization(Policies.Admin)
            .ProducesValidationProblem()
            .ProducesProblem(404);
}
