using Recovery.Platform.Data;

namespace Recovery.Platform.Features;

/// <summary>A team: a name and the supervisor who owns it; agents join it with <see cref="SetUserTeam"/>.</summary>
internal static class CreateTeam
{
    internal sealed record Command(string Name, Guid? SupervisorId) : ICommand<Team>;

    internal sealed record Team(Guid Id, string Name, Guid? SupervisorId);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
    }

    internal sealed class Handler(PlatformDb db, AuditContext audit, TimeProvider clock) : IRequestHandler<Command, Team>
    {
        public async Task<Team> Handle(Command command, CancellationToken ct)
        {
            var name = command.Name.Trim();
            await using var tx = await db.BeginAsync(ct);
            if (command.SupervisorId is { } supervisor
                && await tx.ExecuteScalarAsync<string?>("SELECT role FROM platform.app_user WHERE id = @Id", new { Id = supervisor }) is not (Roles.Supervisor or Roles.Admin))
                throw new FieldException("supervisorId", "The team's owner must be a supervisor.");
            if (await tx.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM platform.team WHERE name = @Name", new { Name = name }) > 0)
                throw new ConflictException(ProblemTypes.Base + "team-name-taken", "Team name already in use", $"A team named {name} already exists.");
            var team = new Team(Guid.CreateVersion7(), name, command.SupervisorId);
            var now = clock.GetUtcNow();
            await tx.ExecuteAsync("INSERT INTO platform.team (id, name, supervisor_id, created_at, updated_at) VALUES (@Id, @Name, @SupervisorId, @Now, @Now)",
                new { team.Id, team.Name, team.SupervisorId, Now = now });
            await tx.CommitAsync(ct);
            audit.Describe("team", team.Id, after: team);
            return team;
        }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapPost("/teams", async (Command command, IMediator mediator, CancellationToken ct) =>
            {
                var team = await mediator.Send(command, ct);
                return TypedResults.Created($"/api/v1/admin/teams/{team.Id}", team);
            })
            .WithName(nameof(CreateTeam))
            .RequireAuthorization(Policies.Admin)
            .ProducesValidationProblem()
            .ProducesProblem(409);
}
