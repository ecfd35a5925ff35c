using Recovery.Analytics.Data;
using Recovery.Analytics.Features.Propensity;

namespace Recovery.Analytics.Features.Models;

/// <summary>The propensity model versions, newest first, with their quality on their validation slice.</summary>
internal static class ListPropensityModels
{
    internal sealed record Query : IRequest<Response>;

    internal sealed record Item(int Version, bool Active, double Auc, double Ks, double Brier, int Rows, DateTimeOffset TrainedAt,
        IReadOnlyList<CalibrationBin> Calibration);

    internal sealed record Response(IReadOnlyList<Item> Items);

    internal sealed class Handler(AnalyticsDb db) : IRequestHandler<Query, Response>
    {
        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            var rows = await session.QueryAsync<Row>(
                "SELECT version, active, auc, ks, brier, row_count, trained_at, calibration FROM analytics.model ORDER BY version DESC");
            return new Response(rows.Select(r => new Item(r.Version, r.Active == 1, Math.Round(r.Auc, 4), Math.Round(r.Ks, 4), Math.Round(r.Brier, 4),
                r.RowCount, r.TrainedAt, System.Text.Json.JsonSerializer.Deserialize<List<CalibrationBin>>(r.Calibration, Scores.Scoring.Json)!)).ToList());
        }
    }

    internal static void Map(RouteGroupBuilder models) =>
        models.MapGet("/propensity", (IMediator mediator, CancellationToken ct) => mediator.Send(new Query(), ct))
            .WithName("ListPropensityModels")
            .WithSummary("The propensity model versions with AUC, KS, Brier score, rows and calibration table")
            .RequireAuthorization(Policies.Reports);

    private sealed class Row
    {
        public int Version { get; init; }
        public int Active { get; init; }
        public double Auc { get; init; }
        public double Ks { get; init; }
        public double Brier { get; init; }
        public int RowCount { get; init; }
        public DateTimeOffset TrainedAt { get; init; }
        public string Calibration { get; init; } = "";
    }
}

/// <summary>An administrator makes a version the one that scores (the others stop); scores are recomputed with it.</summary>
internal static class ActivatePropensityModel
{
    internal sealed record Command(int Version) : ICommand<ListPropensityModels.Response>;

    internal sealed class Handler(AnalyticsDb db, ICurrentActor actor, AuditContext audit, TimeProvider clock, IMediator mediator)
        : IRequestHandler<Command, ListPropensityModels.Response>
    {
        public async Task<ListPropensityModels.Response> Handle(Command command, CancellationToken ct)
        {
            await using (var tx = await db.BeginAsync(ct))
            {
                var before = await tx.ExecuteScalarAsync<int?>("SELECT version FROM analytics.model WHERE active = 1");
                if (await tx.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM analytics.model WHERE version = @Version", command) == 0)
                    throw new NotFoundException($"No propensity model version {command.Version}.");
                await tx.ExecuteAsync("UPDATE analytics.model SET active = 0 WHERE active = 1 AND version <> @Version", command);
                await tx.ExecuteAsync("UPDATE analytics.model SET active = 1, activated_at = @Now, activated_by = @By WHERE version = @Version",
                    new { command.Version, Now = clock.GetUtcNow(), By = actor.Name });
                await tx.ExecuteAsync("DELETE FROM analytics.score");
                await tx.CommitAsync(ct);
                audit.Describe("propensity_model", command.Version, new { active = before }, new { active = command.Version });
            }
            return await mediator.Send(new ListPropensityModels.Query(), ct);
        }
    }

    internal static void Map(RouteGroupBuilder models) =>
        models.MapPost("/propensity/{version:int}/activate", (int version, IMediator mediator, CancellationToken ct) => mediator.Send(new Command(version), ct))
            .WithName("ActivatePropensityModel")
            .WithSummary("Makes this propensity model version the one that scores")
            .RequireAuthorization(Policies.Admin)
            .ProducesProblem(404);
}
