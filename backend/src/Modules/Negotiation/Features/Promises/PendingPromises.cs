using Recovery.BuildingBlocks.Data;
using Recovery.Negotiation.Contracts;
using Recovery.Negotiation.Data;

namespace Recovery.Negotiation.Features.Promises;

/// <summary>Answers other modules (the agents' work queue) with the promises still pending of a set of debtors.</summary>
internal sealed class PendingPromises(NegotiationDb db) : IRequestHandler<GetPendingPromises, IReadOnlyList<PendingPromise>>
{
    public async Task<IReadOnlyList<PendingPromise>> Handle(GetPendingPromises query, CancellationToken ct)
    {
        if (query.DebtorIds.Count == 0) return [];
        await using var session = await db.OpenAsync(ct);
        var rows = await session.QueryAsync<Row>(
            $"""
            SELECT id AS promise_id, debtor_id, due_date, amount_cents AS promised_cents FROM negotiation.promise
             WHERE status = 'pending' AND debtor_id IN ({session.Dialect.JsonIds("@Ids")})
             ORDER BY due_date, id
            """, new { Ids = session.Dialect.JsonArray(query.DebtorIds) });
        return rows.Select(r => new PendingPromise(r.PromiseId, r.DebtorId, r.DueDate, r.PromisedCents)).ToList();
    }

    private sealed class Row
    {
        public Guid PromiseId { get; init; }
        public Guid DebtorId { get; init; }
        public DateOnly DueDate { get; init; }
        public long PromisedCents { get; init; }
    }
}
