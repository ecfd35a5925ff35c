using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Data;
using Recovery.Debtors.Data;

namespace Recovery.Debtors.Features.Invoices;

/// <summary>The partner's invoices in the order they last changed, for incremental sync: keyset paging on (updatedAt, id).</summary>
internal static class ListInvoices
{
    public static readonly string[] Statuses = ["open", "in_agreement", "paid", "cancelled", "written_off", "prescribed"];

    internal sealed record Query(Guid PartnerId, string? Status, DateTimeOffset? UpdatedSince, int? Limit, string? Cursor) : IRequest<Response>;

    internal sealed record Response(IReadOnlyList<InvoiceView> Items, string? NextCursor);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Status).OneOf(Statuses).WithMessage($"status is one of {string.Join(", ", Statuses)}");
            RuleFor(q => q.Limit).InclusiveBetween(1, 1000);
            RuleFor(q => q.Cursor).Must(c => c is null || KeysetCursor.TryRead(c, out _)).WithMessage("cursor is not one this API returned");
        }
    }

    internal sealed class Handler(DebtorsDb db) : IRequestHandler<Query, Response>
    {
        private const string Select = $"""
            SELECT {InvoiceView.Columns} FROM {InvoiceView.Source}
             WHERE i.partner_id = @PartnerId
               AND (@Status IS NULL OR i.status = @Status)
               AND (@UpdatedSince IS NULL OR i.updated_at >= @UpdatedSince)
               AND (@AfterAt IS NULL OR i.updated_at > @AfterAt OR (i.updated_at = @AfterAt AND i.id > @AfterId))
             ORDER BY i.updated_at, i.id
            """;

        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            var limit = query.Limit ?? 100;
            var after = KeysetCursor.Read(query.Cursor);
            await using var session = await db.OpenAsync(ct);
            var rows = (await session.QueryAsync<InvoiceView.Row>(db.Dialect.Limit(Select, "@Take"), new
            {
                query.PartnerId, query.Status, query.UpdatedSince, AfterAt = after?.At, AfterId = after?.Id, Take = limit + 1,
            })).ToList();
            var next = rows.Count > limit ? KeysetCursor.Write(rows[limit - 1].UpdatedAt, rows[limit - 1].Id) : null;
            return new Response(rows.Take(limit).Select(InvoiceView.From).ToList(), next);
        }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapGet("/invoices", (string? status, DateTimeOffset? updatedSince, int? limit, string? cursor,
                    ICurrentActor actor, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new Query(actor.PartnerId!.Value, status, updatedSince, limit, cursor), ct))
            .WithName(nameof(ListInvoices))
            .RequireAuthorization(Policies.Partner)
            .ProducesValidationProblem();
}
