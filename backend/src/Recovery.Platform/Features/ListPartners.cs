using Recovery.Platform.Data;
using Recovery.Platform.Identity;

namespace Recovery.Platform.Features;

internal static class ListPartners
{
    internal sealed record Query : IRequest<Response>;

    internal sealed record Response(IReadOnlyList<Partner> Items);

    internal sealed record Partner(Guid Id, string Name, string Document, DateTimeOffset CreatedAt, IReadOnlyList<Key> Keys);

    /// <summary>A key as an administrator may see it: never the secret, only the first characters.</summary>
    internal sealed record Key(Guid Id, string Hint, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

    internal sealed class Handler(PlatformDb db) : IRequestHandler<Query, Response>
    {
        private const string SelectPartners = "SELECT id, name, document, created_at FROM platform.partner ORDER BY name";
        private const string SelectKeys = "SELECT id, partner_id, lookup, created_at, revoked_at FROM platform.api_key ORDER BY created_at";

        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            var keys = (await session.QueryAsync<KeyRow>(SelectKeys)).ToLookup(k => k.PartnerId);
            var partners = await session.QueryAsync<PartnerRow>(SelectPartners);
            return new Response(partners.Select(p => new Partner(p.Id, p.Name, p.Document, p.CreatedAt,
                keys[p.Id].Select(k => new Key(k.Id, ApiKeys.Prefix + k.Lookup[..4] + "…", k.CreatedAt, k.RevokedAt)).ToList())).ToList());
        }
    }

    private sealed class PartnerRow
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string Document { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
    }

    private sealed class KeyRow
    {
        public Guid Id { get; init; }
        public Guid PartnerId { get; init; }
        public string Lookup { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? RevokedAt { get; init; }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapGet("/partners", (IMediator mediator, CancellationToken ct) => mediator.Send(new Query(), ct))
            .WithName(nameof(ListPartners))
            .RequireAuthorization(Policies.Admin);
}
