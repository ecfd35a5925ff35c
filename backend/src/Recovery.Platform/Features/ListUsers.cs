using Recovery.Platform.Data;

namespace Recovery.Platform.Features;

internal static class ListUsers
{
    internal sealed record Query : IRequest<Response>;

    internal sealed record Response(IReadOnlyList<Item> Items);

    internal sealed class Item
    {
        public Guid Id { get; init; }
        public string Email { get; init; } = "";
        public string Name { get; init; } = "";
        public string Role { get; init; } = "";
        public bool IsActive { get; init; }
        public DateTimeOffset? LockedUntil { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        /// <summary>The person signs in with a second factor (an administrator can reset it).</summary>
        public bool MfaEnabled { get; init; }
    }

    internal sealed class Handler(PlatformDb db) : IRequestHandler<Query, Response>
    {
        private const string Select = """
            SELECT u.id, u.email, u.name, u.role, u.is_active, u.locked_until, u.created_at,
                   CASE WHEN EXISTS (SELECT 1 FROM platform.user_mfa m WHERE m.user_id = u.id AND m.confirmed_at IS NOT NULL) THEN 1 ELSE 0 END AS mfa_enabled
              FROM platform.app_user u ORDER BY u.name, u.email
            """;

        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            return new Response((await session.QueryAsync<Item>(Select)).ToList());
        }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapGet("/users", (IMediator mediator, CancellationToken ct) => mediator.Send(new Query(), ct))
            .WithName(nameof(ListUsers))
            .RequireAuthorization(Policies.Admin);
}
