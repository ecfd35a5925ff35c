using System.Security.Claims;
using Recovery.Platform.Data;
using Recovery.Platform.Identity;

namespace Recovery.Platform.Features;

internal static class GetMe
{
    internal sealed record Query(Guid UserId) : IRequest<Response>;

    /// <param name="MfaEnabled">The person signs in with a second factor.</param>
    /// <param name="MfaRequired">The person's role must; until <paramref name="MfaEnabled"/>, the session may only enrol.</param>
    internal sealed record Response(Guid Id, string Email, string Name, string Role, bool MfaEnabled, bool MfaRequired);

    internal sealed class Handler(PlatformDb db) : IRequestHandler<Query, Response>
    {
        private const string Select = """
            SELECT u.id, u.email, u.name, u.role,
                   CASE WHEN EXISTS (SELECT 1 FROM platform.user_mfa m WHERE m.user_id = u.id AND m.confirmed_at IS NOT NULL) THEN 1 ELSE 0 END AS mfa_enabled
              FROM platform.app_user u WHERE u.id = @UserId AND u.is_active = 1
            """;

        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            var user = await session.QuerySingleOrDefaultAsync<Row>(Select, query);
            return user is null
                ? throw new UnauthorizedException("The session's user no longer exists.")
                : new Response(user.Id, user.Email, user.Name, user.Role, user.MfaEnabled, SecondFactor.IsRequiredFor(user.Role));
        }

        private sealed class Row
        {
            public Guid Id { get; init; }
            public string Email { get; init; } = "";
            public string Name { get; init; } = "";
            public string Role { get; init; } = "";
            public bool MfaEnabled { get; init; }
        }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapGet("/me", (ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new Query(Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!)), ct))
            .WithName(nameof(GetMe))
            .RequireAuthorization(Policies.Person)
            .ProducesProblem(401);
}
