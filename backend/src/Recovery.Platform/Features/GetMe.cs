using System.Security.Claims;
using Recovery.Platform.Data;

namespace Recovery.Platform.Features;

internal static class GetMe
{
    internal sealed record Query(Guid UserId) : IRequest<UserResponse>;

    internal sealed class Handler(PlatformDb db) : IRequestHandler<Query, UserResponse>
    {
        private const string Select = "SELECT id, email, name, role FROM platform.app_user WHERE id = @UserId AND is_active = 1";

        public async Task<UserResponse> Handle(Query query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            var user = await session.QuerySingleOrDefaultAsync<UserRow>(Select, query);
            return user is null
                ? throw new UnauthorizedException("The session's user no longer exists.")
                : new UserResponse(user.Id, user.Email, user.Name, user.Role);
        }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapGet("/me", (ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new Query(Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!)), ct))
            .WithName(nameof(GetMe))
            .RequireAuthorization(Policies.Person)
            .ProducesProblem(401);
}
