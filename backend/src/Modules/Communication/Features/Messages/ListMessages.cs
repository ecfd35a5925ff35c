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
                var view = message.First().View();
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
            .RequireAuthorization(Policies.Agent);

    private sealed class Row
    {
        public Guid Id { get; init; }
        public Guid? InvoiceId { get; init; }
        public Guid DebtorId { get; init; }
        public string Channel { get; init; } = "";
        public string TemplateCode { get; init; } = "";
        public string? StepKey { get; init; }
        public string Status { get; init; } = "";
        public DateTimeOffset NotBefore { get; init; }
        public int Attempts { get; init; }
        public string? Reason { get; init; }
        public string CreatedBy { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? SentAt { get; init; }
        public DateTimeOffset? DeliveredAt { get; init; }
        public DateTimeOffset? AttemptAt { get; init; }
        public string? AttemptOutcome { get; init; }
        public string? AttemptDetail { get; init; }

        public MessageView View() => new()
        {
            Id = Id, InvoiceId = InvoiceId, DebtorId = DebtorId, Channel = Channel, TemplateCode = TemplateCode, StepKey = StepKey, Status = Status,
            NotBefore = NotBefore, Attempts = Attempts, Reason = Reason, CreatedBy = CreatedBy, CreatedAt = CreatedAt, SentAt = SentAt,
            DeliveredAt = DeliveredAt,
        };
    }
}
