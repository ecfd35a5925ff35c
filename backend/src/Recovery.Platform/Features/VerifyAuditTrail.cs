using Dapper;
using Recovery.Platform.AuditTrail;
using Recovery.Platform.Data;

namespace Recovery.Platform.Features;

/// <summary>
/// Recomputes the whole chain, streaming, and names the first entry whose hash or link does not hold; then holds the
/// chain against every signed checkpoint of its head (ADR 0015), so that entries removed from its end are found too.
/// Reasons: <c>entry-altered</c> (an entry or a link does not hold), <c>truncated</c> (fewer entries than a
/// checkpoint counted, or another hash where it stood), <c>checkpoint-forged</c> (a checkpoint whose signature does
/// not hold under this server's key).
/// </summary>
internal static class VerifyAuditTrail
{
    internal sealed record Query : IRequest<Response>;

    internal sealed record Response(long Entries, bool Valid, Guid? FirstInvalidEntry, string? Reason, Checkpoint? Checkpoint);

    /// <summary>The checkpoint the answer rests on: the last one that held, or the one that failed.</summary>
    [SchemaName("AuditCheckpoint")]
    internal sealed record Checkpoint(long Seq, DateTimeOffset TakenAt, long Entries, string HeadHash);

    internal const string EntryAltered = "entry-altered";
    internal const string Truncated = "truncated";
    internal const string CheckpointForged = "checkpoint-forged";

    internal sealed class Handler(PlatformDb db, AuditCheckpointKey key) : IRequestHandler<Query, Response>
    {
        private const string Select = """
            SELECT id, occurred_at, recorded_at, actor_kind, actor_id, actor_name, actor_role, ip_address, action,
                   resource_type, resource_id, outcome, before_state, after_state, prev_hash, hash
              FROM platform.audit_entry ORDER BY seq
            """;

        private const string Checkpoints =
            "SELECT seq, taken_at, entries, head_seq, head_hash, key_id, signature FROM platform.audit_checkpoint ORDER BY seq";

        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            await using var session = await db.OpenForScanAsync(ct);
            var checkpoints = (await session.QueryAsync<AuditCheckpoint>(Checkpoints)).ToList();
            if (checkpoints.FirstOrDefault(c => !key.Verifies(c)) is { } forged)
                return new Response(0, false, null, CheckpointForged, View(forged));
            var byEntries = checkpoints.ToLookup(c => c.Entries);

            var expectedPrev = AuditChain.Genesis;
            long count = 0;
            await foreach (var row in session.Connection.QueryUnbufferedAsync<Row>(Select).WithCancellation(ct))
            {
                count++;
                var entry = new AuditRecorded(row.Id, row.OccurredAt, row.ActorKind, row.ActorId, row.ActorName, row.ActorRole,
                    row.IpAddress, row.Action, row.ResourceType, row.ResourceId, row.Outcome, row.BeforeState, row.AfterState);
                var prev = row.PrevHash.Trim();
                var hash = row.Hash.Trim();
                if (prev != expectedPrev || AuditChain.Hash(entry, row.RecordedAt, prev) != hash)
                    return new Response(count, false, row.Id, EntryAltered, null);
                // The chain was cut here and grew again: the checkpointed head is no longer where it was counted.
                if (byEntries[count].FirstOrDefault(c => c.HeadHash.Trim() != hash) is { } moved)
                    return new Response(count, false, row.Id, Truncated, View(moved));
                expectedPrev = hash;
            }
            if (checkpoints.Where(c => c.Entries > count).MaxBy(c => c.Entries) is { } longer)
                return new Response(count, false, null, Truncated, View(longer));
            return new Response(count, true, null, null, checkpoints.Count == 0 ? null : View(checkpoints[^1]));
        }

        private static Checkpoint View(AuditCheckpoint c) => new(c.Seq, c.TakenAt, c.Entries, c.HeadHash.Trim());
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
