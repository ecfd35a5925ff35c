using Recovery.Analytics.Data;
using Recovery.Analytics.Features.Propensity;
using Recovery.BuildingBlocks;

namespace Recovery.Analytics.Features.Scores;

/// <summary>
/// The features of a debt as of the end of a day (today by default), folded from the facts known by then: what the score
/// of that day saw, for supervisors and auditors reviewing an automated decision (LGPD art. 20) and for the leakage tests.
/// </summary>
internal static class GetDebtFeatures
{
    internal sealed record Query(Guid InvoiceId, DateOnly? AsOf) : IRequest<Response?>;

    internal sealed record Feature(string Code, double Value, string Text);

    internal sealed record Response(Guid InvoiceId, DateOnly AsOf, string? State, IReadOnlyList<Feature> Features);

    internal sealed class Handler(AnalyticsDb db, TimeProvider clock) : IRequestHandler<Query, Response?>
    {
        public async Task<Response?> Handle(Query query, CancellationToken ct)
        {
            var asOf = query.AsOf ?? clock.Today();
            await using var session = await db.OpenAsync(ct);
            var debtor = await session.ExecuteScalarAsync<Guid?>("SELECT debtor_id FROM analytics.debt WHERE invoice_id = @InvoiceId", new { query.InvoiceId });
            if (debtor is null) return null;
            var facts = await History.History.LoadAsync(session, [debtor.Value]);
            var features = FeatureSet.Of(query.InvoiceId, facts.GetValueOrDefault(debtor.Value) ?? [], asOf);
            return features is null ? null : new Response(query.InvoiceId, asOf, features.State,
                FeatureSet.Codes.Select((c, i) => new Feature(c, Math.Round(features.Values[i], 4), features.Describe(i))).ToList());
        }
    }

    internal static void Map(RouteGroupBuilder analytics) =>
        analytics.MapGet("/debts/{invoiceId:guid}/features", async (Guid invoiceId, DateOnly? asOf, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new Query(invoiceId, asOf), ct) is { } features
                    ? Results.Ok(features)
                    : throw new NotFoundException($"Analytics knew nothing of debt {invoiceId} by then."))
            .ScopedTo(ScopedKinds.Invoice, "invoiceId")
            .WithName("GetDebtFeatures")
            .WithSummary("A debt's features as of the end of a day (asOf, default today), from the facts known by then")
            .RequireAuthorization(Policies.Reports)
            .Produces<Response>()
            .ProducesProblem(404);
}
