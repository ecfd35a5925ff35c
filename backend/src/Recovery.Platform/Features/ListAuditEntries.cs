using System.Globalization;
using Recovery.Platform.Data;

namespace Recovery.Platform.Features;

internal static class ListAuditEntries
{
    /// <param name="Resource">A resource type (<c>partner</c>) or a resource id.</param>
    internal sealed record Query(DateTimeOffset? From, DateTimeOffset? To, string? Actor, string? Resource, int? Limit, string? Cursor)
        : IRequest<Response>;

    internal sealed record Response(IReadOnlyList<Entry> Items, string? NextCursor);

    internal sealed class Entry
    {
        public long Seq { get; init; }
        public Guid Id { get; init; }
        public DateTimeOffset OccurredAt { get; init; }
        public DateTimeOffset RecordedAt { get; init; }
        public string ActorKind { get; init; } = "";
        public Guid? ActorId { get; init; }
        public string ActorName { get; init; } = "";
        public string? ActorRole { get; init; }
        public string? IpAddress { get; init; }
        public string Action { get; init; } = "";
        public string? ResourceType { get; init; }
        public string? ResourceId { get; init; }
        public string Outcome { get; init; } = "";
        public string? BeforeState { get; init; }
        public string? AfterState { get; init; }
        public string Hash { get; init; } = "";
    }

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Limit).InclusiveBetween(1, 500);
            RuleFor(q => q.Cursor).Must(c => c is null || long.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                .WithMessage("The cursor is not one this API returned.");
            RuleFor(q => q.From).Must((q, from) => from is null || q.To is null || from <= q.To).OverridePropertyName("from")
                .WithMessage("'from' must not be after 'to'.");
        }
    }

    internal sealed class Handler(PlatformDb db) : IRequestHandler<Query, Response>
    {
        private const string Select = """
            SELECT seq, id, occurred_at, recorded_at, actor_kind, actor_id, actor_name, actor_role, ip_address, action,
                   resource_type, resource_id, outcome, before_state, after_state, hash
              FROM platform.audit_entry
             WHERE (@Cursor IS NULL OR seq < @Cursor)
               AND (@From IS NULL OR occurred_at >= @From)
               AND (@To IS NULL OR occurred_at < @To)
               AND (@Actor IS NULL OR LOWER(actor_name) = @Actor)
               AND (@Resource IS NULL OR resource_type = @Resource OR resource_id = @Resource)
             ORDER BY seq DESC
            """;

        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            var limit = query.Limit ?? 100;
            await using var session = await db.OpenAsync(ct);
            var rows = (await session.QueryAsync<Entry>(db.Dialect.Limit(Select, "@Take"), new
            {
                Cursor = query.Cursor is null ? (long?)null : long.Parse(query.Cursor, CultureInfo.InvariantCulture),
                query.From, query.To, Actor = query.Actor?.Trim().ToLowerInvariant(), query.Resource, Take = limit + 1,
            })).ToList();
            var next = rows.Count > limit ? rows[limit - 1].Seq.ToString(CultureInfo.InvariantCulture) : null;
            return new Response(rows.Take(limit).ToList(), next);
        }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapGet("/", (DateTimeOffset? from, DateTimeOffset? to, string? actor, string? resource, int? limit, string? cursor,
                    IMediator mediator, CancellationToken ct) =>
                mediator.Send(new Query(from, to, actor, resource, limit, cursor), ct))
            .WithName(nameof(ListAuditEntries))
            .RequireAuthorization(Policies.Auditor)
            .ProducesValidationProblem();
}
