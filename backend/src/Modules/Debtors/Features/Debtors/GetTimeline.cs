using Recovery.BuildingBlocks.Data;
using Recovery.Debtors.Data;

namespace Recovery.Debtors.Features.Debtors;

/// <summary>Every contact attempt, message, call, promise, dispute, hold and note of a debtor, newest first.</summary>
internal static class GetTimeline
{
    internal sealed record Query(Guid DebtorId, int? Limit, string? Cursor) : IRequest<Response>;

    internal sealed record Response(IReadOnlyList<Entry> Items, string? NextCursor);

    internal sealed class Entry
    {
        public Guid Id { get; init; }
        public Guid? InvoiceId { get; init; }
        public string Kind { get; init; } = "";
        public string? Channel { get; init; }
        public string? Result { get; init; }
        public string? Text { get; init; }
        public string ActorName { get; init; } = "";
        public DateTimeOffset OccurredAt { get; init; }
    }

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Limit).InclusiveBetween(1, 500);
            RuleFor(q => q.Cursor).Must(c => c is null || KeysetCursor.TryRead(c, out _)).WithMessage("cursor is not one this API returned");
        }
    }

    internal sealed class Handler(DebtorsDb db) : IRequestHandler<Query, Response>
    {
        private const string Select = """
            SELECT id, invoice_id, kind, channel, result, text, actor_name, occurred_at FROM debtors.interaction
             WHERE debtor_id = @DebtorId
               AND (@BeforeAt IS NULL OR occurred_at < @BeforeAt OR (occurred_at = @BeforeAt AND id < @BeforeId))
             ORDER BY occurred_at DESC, id DESC
            """;

        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            var limit = query.Limit ?? 100;
            var before = KeysetCursor.Read(query.Cursor);
            await using var session = await db.OpenAsync(ct);
            if (await session.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM debtors.debtor WHERE id = @DebtorId", query) == 0)
                throw new NotFoundException($"Debtor {query.DebtorId} does not exist.");
            var rows = (await session.QueryAsync<Entry>(db.Dialect.Limit(Select, "@Take"),
                new { query.DebtorId, BeforeAt = before?.At, BeforeId = before?.Id, Take = limit + 1 })).ToList();
            var next = rows.Count > limit
                ? KeysetCursor.Write(rows[limit - 1].OccurredAt, rows[limit - 1].Id)
                : null;
            return new Response(rows.Take(limit).ToList(), next);
        }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{debtorId:guid}/timeline", (Guid debtorId, int? limit, string? cursor, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new Query(debtorId, limit, cursor), ct))
            .WithName(nameof(GetTimeline))
            .RequireAuthorization(Policies.Person)
            .ProducesValidationProblem()
            .ProducesProblem(404);
}
