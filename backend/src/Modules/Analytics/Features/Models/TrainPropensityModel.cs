using Recovery.Analytics.Data;

namespace Recovery.Analytics.Features.Models;

/// <summary>
/// An administrator asks for a propensity model to be trained on the platform's history: the run is queued and
/// <see cref="TrainingJob"/> trains it in the background; its progress is at <c>GET .../train/{runId}</c>. The new
/// version is not active until an administrator activates it.
/// </summary>
internal static class TrainPropensityModel
{
    internal sealed record Command : ICommand<Accepted>;

    internal sealed record Accepted(Guid RunId);

    internal sealed class Handler(AnalyticsDb db, ICurrentActor actor, AuditContext audit, TimeProvider clock) : IRequestHandler<Command, Accepted>
    {
        public async Task<Accepted> Handle(Command command, CancellationToken ct)
        {
            var runId = Guid.CreateVersion7();
            await using var tx = await db.BeginAsync(ct);
            await tx.ExecuteAsync(
                "INSERT INTO analytics.training_run (run_id, status, progress, requested_by, requested_at) VALUES (@RunId, 'queued', 0, @By, @Now)",
                new { RunId = runId, By = actor.Name, Now = clock.GetUtcNow() });
            await tx.CommitAsync(ct);
            audit.Describe("propensity_training", runId);
            return new Accepted(runId);
        }
    }

    internal static void Map(RouteGroupBuilder models) =>
        models.MapPost("/propensity/train", async (IMediator mediator, CancellationToken ct) =>
            {
                var accepted = await mediator.Send(new Command(), ct);
                return TypedResults.Accepted($"/api/v1/analytics/models/propensity/train/{accepted.RunId}", accepted);
            })
            .WithName("TrainPropensityModel")
            .WithSummary("Queues the training of a new propensity model version on the platform's history (202 with the run's id)")
            .RequireAuthorization(Policies.Admin);
}

/// <summary>A training run's progress: queued, running (0–100), succeeded with the version made, or failed with why.</summary>
internal static class GetTrainingRun
{
    internal sealed record Query(Guid RunId) : IRequest<Run?>;

    internal sealed record Run(Guid RunId, string Status, int Progress, string? Message, string RequestedBy, DateTimeOffset RequestedAt,
        DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, int? Version);

    internal sealed class Handler(AnalyticsDb db) : IRequestHandler<Query, Run?>
    {
        public async Task<Run?> Handle(Query query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            var row = await session.QuerySingleOrDefaultAsync<RunRow>(
                "SELECT run_id, status, progress, message, requested_by, requested_at, started_at, finished_at, version FROM analytics.training_run WHERE run_id = @RunId",
                query);
            return row is null ? null : new Run(row.RunId, row.Status, row.Progress, row.Message, row.RequestedBy, row.RequestedAt, row.StartedAt,
                row.FinishedAt, row.Version);
        }
    }

    internal static void Map(RouteGroupBuilder models) =>
        models.MapGet("/propensity/train/{runId:guid}", async (Guid runId, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new Query(runId), ct) is { } run ? Results.Ok(run) : throw new NotFoundException($"No training run {runId}."))
            .WithName("GetPropensityTrainingRun")
            .RequireAuthorization(Policies.Admin)
            .Produces<Run>()
            .ProducesProblem(404);

    private sealed class RunRow
    {
        public Guid RunId { get; init; }
        public string Status { get; init; } = "";
        public int Progress { get; init; }
        public string? Message { get; init; }
        public string RequestedBy { get; init; } = "";
        public DateTimeOffset RequestedAt { get; init; }
        public DateTimeOffset? StartedAt { get; init; }
        public DateTimeOffset? FinishedAt { get; init; }
        public int? Version { get; init; }
    }
}
