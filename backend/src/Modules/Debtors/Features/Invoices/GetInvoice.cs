using Recovery.BuildingBlocks.Data;
using Recovery.Debtors.Data;

namespace Recovery.Debtors.Features.Invoices;

/// <summary>One invoice of the calling partner; another partner's invoice is a 404, never a 403.</summary>
internal static class GetInvoice
{
    internal sealed record Query(Guid PartnerId, string ExternalId) : IRequest<InvoiceView>;

    internal sealed class Handler(DebtorsDb db) : IRequestHandler<Query, InvoiceView>
    {
        private const string Select = $"SELECT {InvoiceView.Columns} FROM {InvoiceView.Source} WHERE i.partner_id = @PartnerId AND i.external_id = @ExternalId";

        public async Task<InvoiceView> Handle(Query query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            var row = await session.QuerySingleOrDefaultAsync<InvoiceView.Row>(Select, query);
            return row is null ? throw NotFound(query.ExternalId) : InvoiceView.From(row);
        }
    }

    public static NotFoundException NotFound(string externalId) => new($"No invoice with externalId '{externalId}'.");

    public static async Task<InvoiceView?> LoadAsync(DbSession session, Guid partnerId, Guid id)
    {
        var row = await session.QuerySingleOrDefaultAsync<InvoiceView.Row>(
            $"SELECT {InvoiceView.Columns} FROM {InvoiceView.Source} WHERE i.partner_id = @PartnerId AND i.id = @Id", new { PartnerId = partnerId, Id = id });
        return row is null ? null : InvoiceView.From(row);
    }

    /// <summary>An externalId may hold '/', sent percent-encoded (%2F), which routing leaves encoded.</summary>
    public static string ExternalIdFromRoute(string value) => Uri.UnescapeDataString(value);

    internal static void Map(RouteGroupBuilder group) =>
        group.MapGet("/invoices/{externalId}", (string externalId, ICurrentActor actor, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new Query(actor.PartnerId!.Value, ExternalIdFromRoute(externalId)), ct))
            .WithName(nameof(GetInvoice))
            .RequireAuthorization(Policies.Partner)
            .ProducesProblem(404);
}
