using System.Text.Json;
using Microsoft.Extensions.Options;
using Recovery.Analytics.Data;
using Recovery.Analytics.Features.History;
using Recovery.Analytics.Features.Propensity;
using Recovery.BuildingBlocks.Data;

namespace Recovery.Analytics.Features.Scores;

/// <summary>Analytics' settings: how many outcomes a portfolio needs before its model replaces the scorecard, and the training's cadence.</summary>
internal sealed class AnalyticsOptions
{
    /// <summary>Labelled snapshots a portfolio (and a training) needs, a tenth of them of each outcome.</summary>
    public int MinOutcomes { get; set; } = 500;

    /// <summary>Days between two training snapshots.</summary>
    public int SnapshotDays { get; set; } = 30;

    /// <summary>At most this many training examples (a stable sample of them beyond).</summary>
    public int MaxTrainingRows { get; set; } = 600_000;
}

/// <summary>The labelled snapshots of one portfolio in a model's training.</summary>
internal sealed record PortfolioOutcomes(int Rows, int Positives);

/// <summary>
/// Scores debts as of today: the active model where the debt's portfolio had enough outcomes in its training, the
/// scorecard otherwise (ADR 0027). The active model is loaded once and kept until another is activated.
/// </summary>
internal sealed class Scoring(AnalyticsDb db, ActiveModel active, IOptions<AnalyticsOptions> options)
{
    public async Task<IReadOnlyList<(FeatureSet Features, Scored Score)>> ScoreAsync(DbSession session, IReadOnlyCollection<Guid> debtorIds,
        DateOnly today, CancellationToken ct)
    {
        var facts = await History.History.LoadAsync(session, debtorIds);
        var open = facts.SelectMany(d => d.Value.Where(f => f.Kind == Facts.Placed && f.InvoiceId is not null).Select(f => f.InvoiceId!.Value).Distinct()
                .Where(i => FeatureSet.OpenAsOf(i, d.Value, today)).Select(i => FeatureSet.Of(i, d.Value, today)))
            .OfType<FeatureSet>().ToList();
        var model = await active.GetAsync(db, ct);
        var byModel = model is null ? [] : open.Where(f => model.Covers(f.PortfolioId, options.Value.MinOutcomes)).ToList();
        var scored = new Dictionary<Guid, Scored>();
        if (model is not null)
            foreach (var (features, score) in byModel.Zip(model.Model.Score(byModel, model.Name)))
                scored[features.InvoiceId] = score;
        return open.Select(f => (f, scored.TryGetValue(f.InvoiceId, out var s) ? s : Scorecard.Score(f))).ToList();
    }

    /// <summary>Stores the scores (the debtor's earlier ones replaced).</summary>
    public static async Task SaveAsync(DbSession tx, IReadOnlyCollection<Guid> debtorIds, IEnumerable<(FeatureSet Features, Scored Score)> scores,
        DateOnly today, DateTimeOffset now)
    {
        await tx.ExecuteAsync($"DELETE FROM analytics.score WHERE debtor_id IN ({tx.Dialect.JsonIds("@Ids")})", new { Ids = tx.Dialect.JsonArray(debtorIds) });
        foreach (var (f, s) in scores)
            await tx.ExecuteAsync(
                """
                INSERT INTO analytics.score (invoice_id, debtor_id, probability, band, model_version, reasons, scored_on, scored_at)
                VALUES (@InvoiceId, @DebtorId, @Probability, @Band, @ModelVersion, @Reasons, @Today, @Now)
                """, new
                {
                    f.InvoiceId, f.DebtorId, s.Probability, s.Band, s.ModelVersion, Reasons = JsonSerializer.Serialize(s.Reasons, Json), Today = today, Now = now,
                });
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static double Logit(double p) => Math.Log(p / (1 - p));
}

/// <summary>The active model, loaded once per version.</summary>
internal sealed class ActiveModel
{
    private Loaded? _loaded;

    internal sealed record Loaded(int Version, PropensityModel Model, IReadOnlyDictionary<Guid, PortfolioOutcomes> Portfolios)
    {
        public string Name => $"propensity-{Version}";

        public bool Covers(Guid portfolioId, int minOutcomes) =>
            Portfolios.TryGetValue(portfolioId, out var o) && o.Rows >= minOutcomes && o.Positives >= minOutcomes / 10
            && o.Rows - o.Positives >= minOutcomes / 10;
    }

    public async Task<Loaded?> GetAsync(AnalyticsDb db, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var version = await session.ExecuteScalarAsync<int?>("SELECT version FROM analytics.model WHERE active = 1");
        if (version is null) return null;
        var loaded = _loaded;
        if (loaded?.Version == version) return loaded;
        var row = await session.QuerySingleOrDefaultAsync<ModelRow>(
            "SELECT version, platt_a, platt_b, portfolios, payload FROM analytics.model WHERE version = @Version", new { Version = version });
        if (row is null) return null;
        loaded = new Loaded(row.Version, PropensityModel.Load(row.Payload, row.PlattA, row.PlattB),
            JsonSerializer.Deserialize<Dictionary<Guid, PortfolioOutcomes>>(row.Portfolios, Scoring.Json)!);
        _loaded = loaded;
        return loaded;
    }

    private sealed class ModelRow
    {
        public int Version { get; init; }
        public double PlattA { get; init; }
        public double PlattB { get; init; }
        public string Portfolios { get; init; } = "";
        public byte[] Payload { get; init; } = [];
    }
}
