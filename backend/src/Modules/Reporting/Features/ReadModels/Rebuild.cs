using Recovery.BuildingBlocks.Data;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Reporting.Data;

namespace Recovery.Reporting.Features.ReadModels;

/// <summary>
/// Rebuilding the read models from scratch (a fix to a projection, a replica restored): an administrator asks for it,
/// the tables are emptied and <see cref="RebuildJob"/> replays the journal in order, in batches that each commit with
/// their progress, so a crash resumes where it stopped. Reports read the partial tables meanwhile; the status says so.
/// </summary>
internal static class Rebuild
{
    internal sealed record Start : ICommand<Status>;

    internal sealed record Get : IRequest<Status>;

    /// <param name="Journaled">Events received since the journal began.</param>
    /// <param name="ReplayedThrough">The journal position the rebuild has applied through (equal to the last entry when done).</param>
    internal sealed record Status(bool Rebuilding, long Journaled, long JournalEntries, long ReplayedThrough, DateTimeOffset? StartedAt,
        DateTimeOffset? FinishedAt, string? RequestedBy);

    internal sealed class StartHandler(ReportingDb db, ICurrentActor actor, AuditContext audit, TimeProvider clock) : IRequestHandler<Start, Status>
    {
        public async Task<Status> Handle(Start command, CancellationToken ct)
        {
            await using (var tx = await db.BeginAsync(ct))
            {
                await tx.ExecuteAsync(Projections.LockState, new { Added = 0 });
                if (await tx.ExecuteScalarAsync<int>("SELECT rebuilding FROM reporting.projection_state WHERE id = 1") == 1)
                    throw new ConflictException(ProblemTypes.Base + "rebuild-in-progress", "Rebuild in progress", "A rebuild of the read models is already running; follow it at GET /api/v1/reports/rebuild.");
                foreach (var table in Projector.Tables) await tx.ExecuteAsync($"DELETE FROM {table}");
                await tx.ExecuteAsync(
                    """
                    UPDATE reporting.projection_state SET rebuilding = 1, replayed_through = 0, rebuild_started_at = @Now, rebuild_finished_at = NULL,
                           rebuild_requested_by = @By WHERE id = 1
                    """, new { Now = clock.GetUtcNow(), By = actor.Name });
                await tx.CommitAsync(ct);
            }
            audit.Describe("read_models", "reporting");
            return await ReadAsync(db, ct);
        }
    }

    internal sealed class GetHandler(ReportingDb db) : IRequestHandler<Get, Status>
    {
        public Task<Status> Handle(Get query, CancellationToken ct) => ReadAsync(db, ct);
    }

    private static async Task<Status> ReadAsync(ReportingDb db, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var row = await session.QuerySingleOrDefaultAsync<StateRow>(
            """
            SELECT rebuilding, journaled, replayed_through, rebuild_started_at, rebuild_finished_at, rebuild_requested_by,
                   (SELECT COUNT(*) FROM reporting.event_journal) AS journal_entries
              FROM reporting.projection_state WHERE id = 1
            """);
        return new Status(row!.Rebuilding == 1, row.Journaled, row.JournalEntries, row.ReplayedThrough, row.RebuildStartedAt, row.RebuildFinishedAt,
            row.RebuildRequestedBy);
    }

    internal static void Map(RouteGroupBuilder reports)
    {
        reports.MapPost("/rebuild", async (IMediator mediator, CancellationToken ct) =>
                TypedResults.Accepted("/api/v1/reports/rebuild", await mediator.Send(new Start(), ct)))
            .WithName("RebuildReadModels")
            .RequireAuthorization(Policies.Admin)
            .ProducesProblem(409);
        reports.MapGet("/rebuild", (IMediator mediator, CancellationToken ct) => mediator.Send(new Get(), ct))
            .WithName("GetReadModelRebuild")
            .RequireAuthorization(Policies.Auditor);
    }

    private sealed class StateRow
    {
        public int Rebuilding { get; init; }
        public long Journaled { get; init; }
        public long ReplayedThrough { get; init; }
        public DateTimeOffset? RebuildStartedAt { get; init; }
        public DateTimeOffset? RebuildFinishedAt { get; init; }
        public string? RebuildRequestedBy { get; init; }
        public long JournalEntries { get; init; }
    }
}

/// <summary>Replays the journal while a rebuild is asked for; every few seconds otherwise it finds nothing to do.</summary>
internal sealed class RebuildJob(IServiceProvider services, Leases leases, TimeProvider clock, ILogger<RebuildJob> logger)
    : LeasedJob(leases, clock, logger)
{
    private const int Batch = 2000;
    private static readonly TimeSpan RunFor = TimeSpan.FromSeconds(30);

    protected override string Schema => ReportingDb.Name;
    public override string LeaseName => "reporting-rebuild";
    protected override TimeSpan Interval => TimeSpan.FromSeconds(2);

    protected override async Task<string> RunOnceAsync(CancellationToken ct)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        long replayed = 0;
        while (watch.Elapsed < RunFor)
        {
            await using var scope = services.CreateAsyncScope();
            var uow = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
            await using var work = uow.Begin();
            var db = scope.ServiceProvider.GetRequiredService<ReportingDb>();
            await using var tx = await db.BeginAsync(ct);
            await tx.ExecuteAsync(Projections.LockState, new { Added = 0 });
            var state = await tx.QuerySingleOrDefaultAsync<(int Rebuilding, long Through)>("SELECT rebuilding, replayed_through FROM reporting.projection_state WHERE id = 1");
            if (state.Rebuilding == 0) break;
            var entries = (await tx.QueryAsync<Entry>(tx.Dialect.Limit(
                "SELECT seq, event_id, type, source_schema, occurred_at, payload FROM reporting.event_journal WHERE seq > @Through ORDER BY seq", "@Take"),
                new { state.Through, Take = Batch })).ToList();
            foreach (var entry in entries)
            {
                if (!Projector.Events.TryGetValue(entry.Type, out var type)) continue;
                var e = JsonSerializer.Deserialize(entry.Payload, type, EventTypes.Json)!;
                await Projector.ApplyAsync(tx, e, new EventEnvelope(entry.EventId, entry.SourceSchema, entry.OccurredAt));
            }
            var done = entries.Count < Batch;
            await tx.ExecuteAsync(
                $"UPDATE reporting.projection_state SET replayed_through = @Through{(done ? ", rebuilding = 0, rebuild_finished_at = @Now" : "")} WHERE id = 1",
                new { Through = entries.Count > 0 ? entries[^1].Seq : state.Through, Now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow() });
            await work.CommitAsync(ct);
            replayed += entries.Count;
            if (done) return $"read models rebuilt: {replayed} events replayed in this run";
        }
        return replayed == 0 ? "" : $"{replayed} events replayed; the rebuild goes on";
    }

    private sealed class Entry
    {
        public long Seq { get; init; }
        public Guid EventId { get; init; }
        public string Type { get; init; } = "";
        public string SourceSchema { get; init; } = "";
        public DateTimeOffset OccurredAt { get; init; }
        public string Payload { get; init; } = "";
    }
}
