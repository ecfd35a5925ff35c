using System.Globalization;
using System.Text;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Security;
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
            RuleFor(q => q.Status).Must(s => s is null || Statuses.Contains(s)).WithMessage($"status is one of {string.Join(", ", Statuses)}");
            RuleFor(q => q.Limit).InclusiveBetween(1, 1000);
            RuleFor(q => q.Cursor).Must(c => c is null || Cursor.TryRead(c, out _)).WithMessage("cursor is not one this API returned");
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
            (DateTimeOffset At, Guid Id)? after = query.Cursor is null ? null : Cursor.TryRead(query.Cursor, out var c) ? c : null;
            await using var session = await db.OpenAsync(ct);
            var rows = (await session.QueryAsync<InvoiceView.Row>(db.Dialect.Limit(Select, "@Take"), new
            {
                query.PartnerId, query.Status, query.UpdatedSince, AfterAt = after?.At, AfterId = after?.Id, Take = limit + 1,
            })).ToList();
            var next = rows.Count > limit ? Cursor.Write(rows[limit - 1].UpdatedAt, rows[limit - 1].Id) : null;
            return new Response(rows.Take(limit).Select(InvoiceView.From).ToList(), next);
        }
    }

    internal static class Cursor
    {
        public static string Write(DateTimeOffset at, Guid id) =>
            WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes($"{TypeHandlers.FormatInstant(at)}|{id}"));

        public static bool TryRead(string cursor, out (DateTimeOffset At, Guid Id) value)
        {
            value = default;
            try
            {
                var parts = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(cursor)).Split('|');
                if (parts.Length != 2 || !Guid.TryParse(parts[1], out var id)
                    || !DateTimeOffset.TryParse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return false;
                value = (at, id);
                return true;
            }
            catch (FormatException) { return false; }
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
