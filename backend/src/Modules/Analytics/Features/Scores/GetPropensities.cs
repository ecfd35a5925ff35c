using Recovery.Analytics.Contracts;
using Recovery.Analytics.Data;
using Recovery.Analytics.Features.Propensity;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Data;

namespace Recovery.Analytics.Features.Scores;

/// <summary>
/// The contract's question (the work queue's expected recovery): the stored score of each debt, a fresh one for debts
/// whose debtor had news since, and for a debt not heard of yet the scorecard on its days late alone.
/// </summary>
internal sealed class GetPropensitiesHandler(AnalyticsDb db, Scoring scoring, TimeProvider clock) : IRequestHandler<GetPropensities, IReadOnlyList<Contracts.Propensity>>
{
    public async Task<IReadOnlyList<Contracts.Propensity>> Handle(GetPropensities query, CancellationToken ct)
    {
        var today = clock.Today();
        var result = new Dictionary<Guid, Contracts.Propensity>();
        if (query.Debts.Count == 0) return [];
        await using var session = await db.OpenAsync(ct);
        var ids = session.Dialect.JsonArray(query.Debts.Select(d => d.InvoiceId));
        foreach (var row in await session.QueryAsync<StoredRow>(
                     $"SELECT invoice_id, probability, band, model_version FROM analytics.score WHERE scored_on = @Today AND invoice_id IN ({session.Dialect.JsonIds("@Ids")})",
                     new { Today = today, Ids = ids }))
            result[row.InvoiceId] = new Contracts.Propensity(row.InvoiceId, row.Probability, row.Band, row.ModelVersion);
        var missing = query.Debts.Where(d => !result.ContainsKey(d.InvoiceId)).ToList();
        if (missing.Count > 0)
        {
            var debtors = (await session.QueryAsync<Guid>(
                $"SELECT DISTINCT debtor_id FROM analytics.debt WHERE invoice_id IN ({session.Dialect.JsonIds("@Ids")})",
                new { Ids = session.Dialect.JsonArray(missing.Select(d => d.InvoiceId)) })).ToList();
            foreach (var (features, score) in await scoring.ScoreAsync(session, debtors, today, ct))
                result.TryAdd(features.InvoiceId, new Contracts.Propensity(features.InvoiceId, score.Probability, score.Band, score.ModelVersion));
        }
        return query.Debts.Select(d => result.TryGetValue(d.InvoiceId, out var p) ? p : Unknown(d, today)).ToList();
    }

    /// <summary>A debt Analytics has not heard of yet: a typical debt that late.</summary>
    private static Contracts.Propensity Unknown(DebtAsked debt, DateOnly today)
    {
        var values = new float[FeatureSet.Count];
        values[0] = Math.Max(0, today.DayNumber - debt.DueDate.DayNumber);
        values[1] = 1000;
        values[3] = 1;
        values[4] = 1;
        values[5] = 1;
        values[20] = FeatureSet.Never;
        values[21] = FeatureSet.Never;
        values[22] = -1;
        var score = Scorecard.Score(new FeatureSet(debt.InvoiceId, Guid.Empty, Guid.Empty, null, today, values));
        return new Contracts.Propensity(debt.InvoiceId, score.Probability, score.Band, score.ModelVersion);
    }

    private sealed class StoredRow
    {
        public Guid InvoiceId { get; init; }
        public double Probability { get; init; }
        public string Band { get; init; } = "";
        public string ModelVersion { get; init; } = "";
    }
}
