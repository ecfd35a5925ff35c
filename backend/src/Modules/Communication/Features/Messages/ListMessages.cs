using Recovery.Communication.Data;

namespace Recovery.Communication.Features.Messages;

/// <summary>A debtor's messages, the latest first, each with what happened to it and why.</summary>
internal static class ListMessages
{
    internal sealed record Query(Guid DebtorId) : IRequest<Response>;

    [SchemaName("MessagesListResponse")]
    internal sealed record Response(IReadOnlyList<MessageView> Items);

    internal sealed class Handler(CommunicationDb db) : IRequestHandler<Query, Response>
    {
        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            // One statement, so that a message and its history are read as of one moment (a dispatch may commit in between).
            var rows = await session.QueryAsync<Row>(
                $"""
                SELECT {string.Join(", ", MessageView.Columns.Split(", ").Select(c => "m." + c))},
                       a.at AS attempt_at, a.outcome AS attempt_outcome, a.detail AS attempt_detail
                  FROM communication.message m LEFT JOIN communication.message_attempt a ON a.message_id = m.id
                 WHERE m.debtor_id = @DebtorId
                 ORDER BY m.created_at DESC, m.id, a.at, a.id
                """, query);
            var items = new List<MessageView>();
            foreach (var message in rows.GroupBy(r => r.Id))
            {
                MessageView view = message.First();
                view.History = message.Where(r => r.AttemptAt is not null)
                    .Select(r => new AttemptView { At = r.AttemptAt!.Value, Outcome = r.AttemptOutcome!, Detail = r.AttemptDetail! }).ToList();
                items.Add(view);
            }
            return new Response(items);
        }
    }

    internal static void Map(RouteGroupBuilder debtors) =>
        debtors.MapGet("/{debtorId:guid}/messages", async (Guid debtorId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new Query(debtorId), ct)))
            .WithName(nameof(ListMessages))
            .ScopedTo(ScopedKinds.Debtor, "debtorId")
            .RequireAuthorization(Policies.Agent);

    /// <summary>A message with one of its attempts (none: a message never tried); the first row of a message is its view.</summary>
    private sealed class Row : MessageView
    {
        public DateTimeOffset? AttemptAt { get; init; }
        public string? AttemptOutcome { get; init; }
        public string? AttemptDetail { get; init; }
    }
}
