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
    }

    internal sealed class Handler(PlatformDb db) : IRequestHandler<Query, Response>
    {
        private const string Select = "SELECT id, email, name, role, is_active, locked_until, created_at FROM platform.app_user ORDER BY name, email";

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
