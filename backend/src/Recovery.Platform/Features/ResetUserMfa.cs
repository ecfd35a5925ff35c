using Recovery.Platform.Data;

namespace Recovery.Platform.Features;

/// <summary>
/// An administrator removes a person's second factor (a lost phone): the secret and the recovery codes are deleted and
/// the person's sessions end. At the next sign-in the person enrols again (their role may require it).
/// </summary>
internal static class ResetUserMfa
{
    internal sealed record Command(Guid UserId) : ICommand;

    internal sealed class Handler(PlatformDb db, AuditContext audit) : IRequestHandler<Command, MediatR.Unit>
    {
        public async Task<MediatR.Unit> Handle(Command command, CancellationToken ct)
        {
            audit.Describe("user", command.UserId);
            await using var tx = await db.BeginAsync(ct);
            if (await tx.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM platform.app_user WHERE id = @UserId", command) == 0)
                throw new NotFoundException($"User {command.UserId} does not exist.");
            var before = await tx.ExecuteScalarAsync<string?>(
                "SELECT CASE WHEN confirmed_at IS NULL THEN 'pending' ELSE 'active' END FROM platform.user_mfa WHERE user_id = @UserId",
                command) ?? "none";
            await tx.ExecuteAsync("DELETE FROM platform.mfa_recovery_code WHERE user_id = @UserId", command);
            await tx.ExecuteAsync("DELETE FROM platform.user_mfa WHERE user_id = @UserId", command);
            await tx.ExecuteAsync("DELETE FROM platform.user_session WHERE user_id = @UserId", command);
            await tx.CommitAsync(ct);
            audit.Describe("user", command.UserId, before: new { mfa = before }, after: new { mfa = "none" });
            return MediatR.Unit.Value;
        }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapDelete("/users/{id:guid}/mfa", async (Guid id, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new Command(id), ct);
                return TypedResults.NoContent();
            })
            .WithName(nameof(ResetUserMfa))
            .RequireAuthorization(Policies.Admin)
            .ProducesProblem(404);
}
