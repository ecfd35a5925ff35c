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
        public Guid? TeamId { get; init; }
        /// <summary>The collection agency the person works for; null: the operating organisation.</summary>
        public Guid? AgencyId { get; init; }
        /// <summary>The portfolios the person is limited to; empty: no limit.</summary>
        public IReadOnlyList<Guid> PortfolioIds { get; set; } = [];
    }

    internal sealed class Handler(PlatformDb db) : IRequestHandler<Query, Response>
    {
        private const string Select = """
            SELECT u.id, u.email, u.name, u.role, u.is_active, u.locked_until, u.created_at, u.team_id, u.agency_id,
                   CASE WHEN EXISTS (SELECT 1 FROM platform.user_mfa m WHERE m.user_id = u.id AND m.confirmed_at IS NOT NULL) THEN 1 ELSE 0 END AS mfa_enabled
              FROM platform.app_user u ORDER BY u.name, u.email
            """;

        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            var items = (await session.QueryAsync<Item>(Select)).ToList();
            var limits = (await session.QueryAsync<(Guid UserId, Guid PortfolioId)>(
                    "SELECT user_id, portfolio_id FROM platform.user_portfolio ORDER BY user_id, portfolio_id"))
                .ToLookup(l => l.UserId, l => l.PortfolioId);
            foreach (var item in items) item.PortfolioIds = limits[item.Id].ToList();
            return new Response(items);
        }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapGet("/users", (IMediator mediator, CancellationToken ct) => mediator.Send(new Query(), ct))
            .WithName(nameof(ListUsers))
            .RequireAuthorization(Policies.Admin);
}
