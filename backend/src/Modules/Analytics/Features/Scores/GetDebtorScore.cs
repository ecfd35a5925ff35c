using System.Text.Json;
using Recovery.Analytics.Contracts;
using Recovery.Analytics.Data;
using Recovery.Analytics.Features.Propensity;
using Recovery.BuildingBlocks;

namespace Recovery.Analytics.Features.Scores;

/// <summary>
/// A debtor's propensity to pay: their open debts' probabilities weighted by balance, the band of that, and the reasons
/// and model of their largest open debt (the one the score is mostly about). Agents see it on the 360; it is part of the
/// data-subject report (LGPD art. 20). Stored scores of today are read as they are; otherwise the debtor is scored now.
/// </summary>
internal static class GetDebtorScoreEndpoint
{
    /// <param name="Effect">Log-odds: positive raises the probability.</param>
    internal sealed record ReasonItem(string Feature, double Effect);

    internal sealed record Response(double Probability, string Band, string ModelVersion, IReadOnlyList<ReasonItem> Reasons, DateTimeOffset ScoredAt);

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/debtors/{id:guid}/score", async (Guid id, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new GetDebtorScore(id), ct) is { } score
                    ? Results.Ok(new Response(score.Probability, score.Band, score.ModelVersion,
                        score.Reasons.Select(r => new ReasonItem(r.Feature, r.Effect)).ToList(), score.ScoredAt))
                    : throw new NotFoundException($"No open debt of debtor {id} is known to Analytics."))
            .ScopedTo(ScopedKinds.Debtor, "id")
            .WithName("GetDebtorScore")
            .WithTags("Analytics")
            .WithSummary("The debtor's propensity to pay within 90 days, its band (A to E), the model and the reasons that moved it most")
            .RequireAuthorization(Policies.Person)
            .Produces<Response>()
            .ProducesProblem(404);
}

internal sealed class GetDebtorScoreHandler(AnalyticsDb db, Scoring scoring, TimeProvider clock) : IRequestHandler<GetDebtorScore, DebtorScore?>
{
    public async Task<DebtorScore?> Handle(GetDebtorScore query, CancellationToken ct)
    {
        var today = clock.Today();
        await using var session = await db.OpenAsync(ct);
        var open = (await session.QueryAsync<OpenRow>(
            """
            SELECT d.invoice_id, d.outstanding_cents, s.probability, s.band, s.model_version, s.reasons, s.scored_at
              FROM analytics.debt d LEFT JOIN analytics.score s ON s.invoice_id = d.invoice_id AND s.scored_on = @Today
             WHERE d.debtor_id = @DebtorId AND d.status = 'open'
            """, new { query.DebtorId, Today = today })).ToList();
        if (open.Count == 0) return null;
        List<(long Outstanding, double Probability, string Version, IReadOnlyList<Reason> Reasons, DateTimeOffset At)> debts;
        if (open.All(o => o.Probability is not null))
            debts = open.Select(o => (o.OutstandingCents, o.Probability!.Value, o.ModelVersion!,
                (IReadOnlyList<Reason>)JsonSerializer.Deserialize<List<Reason>>(o.Reasons!, Scoring.Json)!, o.ScoredAt!.Value)).ToList();
        else
        {
            var now = clock.GetUtcNow();
            debts = (await scoring.ScoreAsync(session, [query.DebtorId], today, ct))
                .Select(s => ((long)Math.Round(s.Features["balance"] * 100), s.Score.Probability, s.Score.ModelVersion, s.Score.Reasons, now)).ToList();
            if (debts.Count == 0) return null;
        }
        var total = debts.Sum(d => d.Outstanding);
        var probability = total == 0 ? debts.Average(d => d.Probability) : debts.Sum(d => d.Probability * d.Outstanding) / total;
        var largest = debts.OrderByDescending(d => d.Outstanding).First();
        return new DebtorScore(Math.Round(probability, 4), Scorecard.Band(probability), largest.Version,
            largest.Reasons.Select(r => new ScoreReason(r.Feature, r.Effect, r.Text)).ToList(), debts.Min(d => d.At));
    }

    private sealed class OpenRow
    {
        public Guid InvoiceId { get; init; }
        public long OutstandingCents { get; init; }
        public double? Probability { get; init; }
        public string? Band { get; init; }
        public string? ModelVersion { get; init; }
        public string? Reasons { get; init; }
        public DateTimeOffset? ScoredAt { get; init; }
    }
}
