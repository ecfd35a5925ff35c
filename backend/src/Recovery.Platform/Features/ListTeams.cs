using Recovery.Platform.Data;

namespace Recovery.Platform.Features;

/// <summary>The teams, each with its supervisor and how many people belong to it.</summary>
internal static class ListTeams
{
    internal sealed record Query : IRequest<Response>;

    internal sealed record Response(IReadOnlyList<Item> Items);

    internal sealed class Item
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public Guid? SupervisorId { get; init; }
        public string? SupervisorName { get; init; }
        public int Members { get; init; }
    }

    internal sealed class Handler(PlatformDb db) : IRequestHandler<Query, Response>
    {
        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            return new Response((await session.QueryAsync<Item>(
                """
                SELECT t.id, t.name, t.supervisor_id, s.name AS supervisor_name,
                       (SELECT COUNT(*) FROM platform.app_user u WHERE u.team_id = t.id) AS members
                  FROM platform.team t LEFT JOIN platform.app_user s ON s.id = t.supervisor_id
                 ORDER BY t.name
                """)).ToList());
        }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapGet("/teams", (IMediator mediator, CancellationToken ct) => mediator.Send(new Query(), ct))
            .WithName(nameof(ListTeams))
            .RequireAuthorization(Policies.Supervisor);
}
