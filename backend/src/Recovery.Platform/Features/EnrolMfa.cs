using System.Security.Claims;
using Recovery.Platform.Data;
using Recovery.Platform.Identity;

namespace Recovery.Platform.Features;

/// <summary>
/// Starts (or starts again) the signed-in person's enrolment in TOTP: a new secret, pending until a code from it is
/// confirmed. The secret is answered once and stored protected; the audit entry never holds it.
/// </summary>
internal static class EnrolMfa
{
    internal sealed record Command(Guid UserId) : ICommand<Response>;

    internal sealed record Response(string Secret, string OtpauthUri);

    internal sealed class Handler(PlatformDb db, SecondFactor secondFactor, AuditContext audit, TimeProvider clock)
        : IRequestHandler<Command, Response>
    {
        public async Task<Response> Handle(Command command, CancellationToken ct)
        {
            var now = clock.GetUtcNow();
            await using var tx = await db.BeginAsync(ct);
            var email = await tx.ExecuteScalarAsync<string?>(
                "SELECT email FROM platform.app_user WHERE id = @UserId AND is_active = 1", command)
                ?? throw new UnauthorizedException("The session's user no longer exists.");
            audit.Describe("user", command.UserId);
            var confirmed = await tx.ExecuteScalarAsync<int>(
                "SELECT COUNT(*) FROM platform.user_mfa WHERE user_id = @UserId AND confirmed_at IS NOT NULL", command);
            if (confirmed > 0)
                throw new ConflictException(ProblemTypes.Base + "mfa-already-enabled", "Multi-factor sign-in already enabled",
                    "Your second factor is already active. An administrator can reset it if you lost your authenticator.");

            var (base32, protectedSecret) = secondFactor.NewSecret();
            await tx.ExecuteAsync("DELETE FROM platform.user_mfa WHERE user_id = @UserId", command);
            await tx.ExecuteAsync(
                """
                INSERT INTO platform.user_mfa (user_id, secret, confirmed_at, last_used_step, created_at, updated_at)
                VALUES (@UserId, @Secret, NULL, NULL, @Now, @Now)
                """, new { command.UserId, Secret = protectedSecret, Now = now });
            await tx.CommitAsync(ct);
            audit.Describe("user", command.UserId, after: new { mfa = "pending" });
            return new Response(base32, SecondFactor.OtpAuthUri(email, base32));
        }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapPost("/mfa", (ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new Command(Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!)), ct))
            .WithName(nameof(EnrolMfa))
            .RequireAuthorization(Policies.Person)
            .ProducesProblem(401)
            .ProducesProblem(409);
}
