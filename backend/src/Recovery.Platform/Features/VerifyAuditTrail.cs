using Dapper;
using Recovery.Platform.AuditTrail;
using Recovery.Platform.Data;

namespace Recovery.Platform.Features;

/// <summary>Recomputes the whole chain, streaming, and names the first entry whose hash or link does not hold.</summary>
internal static class VerifyAuditTrail
{
    internal sealed record Query : IRequest<Response>;

    internal sealed record Response(long Entries, bool Valid, Guid? FirstInvalidEntry);

    internal sealed class Handler(PlatformDb db) : IRequestHandler<Query, Response>
    {
        private const string Select = """
            SELECT id, occurred_at, recorded_at, actor_kind, actor_id, actor_name, actor_role, ip_address, action,
                   resource_type, resource_id, outcome, before_state, after_state, prev_hash, hash
              FROM platform.audit_entry ORDER BY seq
            """;

        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            await using var session = await db.OpenForScanAsync(ct);
            var expectedPrev = AuditChain.Genesis;
            long count = 0;
            await foreach (var row in session.Connection.QueryUnbufferedAsync<Row>(Select).WithCancellation(ct))
            {
                count++;
                var entry = new AuditRecorded(row.Id, row.OccurredAt, row.ActorKind, row.ActorId, row.ActorName, row.ActorRole,
                    row.IpAddress, row.Action, row.ResourceType, row.ResourceId, row.Outcome, row.BeforeState, row.AfterState);
                var prev = row.PrevHash.Trim();
                if (prev != expectedPrev || AuditChain.Hash(entry, row.RecordedAt, prev) != row.Hash.Trim())
                    return new Response(count, false, row.Id);
                expectedPrev = row.Hash.Trim();
            }
            return new Response(count, true, null);
        }
    }

    private sealed class Row
    {
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
        public string PrevHash { get; init; } = "";
        public string Hash { get; init; } = "";
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapGet("/verify", (IMediator mediator, CancellationToken ct) => mediator.Send(new Query(), ct))
            .WithName(nameof(VerifyAuditTrail))
            .RequireAuthorization(Policies.Auditor);
}
