using Recovery.BuildingBlocks.Errors;
using Recovery.BuildingBlocks;
using Recovery.Debtors.Data;
using Recovery.Debtors.Features.Invoices;

namespace Recovery.Debtors.Features.Debtors;

/// <summary>
/// Finds debtors by CPF/CNPJ (exact, any punctuation) or by name (prefix, case- and accent-insensitive). Documents are
/// masked in the list (LGPD).
/// </summary>
internal static class SearchDebtors
{
    public const int MaxResults = 50;

    internal sealed record Query(string? Text) : IRequest<Response>;

    internal sealed record Response(IReadOnlyList<Item> Items);

    internal sealed record Item(Guid Id, string Name, string Document, string Kind, int OpenInvoices, decimal Outstanding);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator() =>
            RuleFor(q => q.Text).NotEmpty().WithMessage("query is required: a CPF/CNPJ or the start of a name", "informe um CPF/CNPJ ou o começo do nome")
                .Must(t => t is null || t.Trim().Length >= 2).WithMessage("query needs at least 2 characters", "digite ao menos 2 caracteres")
                .MaximumLength(200).OverridePropertyName("query");
    }

    internal sealed class Handler(DebtorsDb db) : IRequestHandler<Query, Response>
    {
        private const string Select = """
            SELECT d.id, d.name, d.document, d.kind,
                   (SELECT COUNT(*) FROM debtors.invoice i WHERE i.debtor_id = d.id AND i.status = 'open') AS open_invoices,
                   (SELECT COALESCE(SUM(i.outstanding_cents), 0) FROM debtors.invoice i WHERE i.debtor_id = d.id AND i.status IN ('open', 'in_agreement')) AS outstanding_cents
              FROM debtors.debtor d
            """;

        // Names are stored lower case without accents, so a prefix is a range (SQLite's binary order, index-friendly)
        // or a LIKE 'prefix%' (SQL Server's collation; the prefix's own wildcards escaped).
        private const string ByNameSqlite = " WHERE d.search_name >= @Prefix AND d.search_name < @PrefixEnd ORDER BY d.search_name, d.id";
        private const string ByNameSqlServer = " WHERE d.search_name LIKE @Pattern ESCAPE '\\' ORDER BY d.search_name, d.id";

        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            var text = query.Text!.Trim();
            var document = Documents.Normalize(text);
            await using var session = await db.OpenAsync(ct);
            IEnumerable<Row> rows;
            if (document is not null)
            {
                rows = await session.QueryAsync<Row>(Select + " WHERE d.document = @Document", new { Document = document });
            }
            else
            {
                var prefix = InvoiceRules.SearchName(text);
                var sqlServer = db.Dialect.Provider == Recovery.BuildingBlocks.Data.DatabaseProvider.SqlServer;
                rows = await session.QueryAsync<Row>(db.Dialect.Limit(Select + (sqlServer ? ByNameSqlServer : ByNameSqlite), "@Take"), new
                {
                    Prefix = prefix,
                    PrefixEnd = prefix + char.MaxValue,
                    Pattern = prefix.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_").Replace("[", "\\[") + "%",
                    Take = MaxResults,
                });
            }
            return new Response(rows.Select(r => new Item(r.Id, r.Name, Documents.Mask(r.Document), r.Kind, r.OpenInvoices,
                Money.ToReais(r.OutstandingCents))).ToList());
        }
    }

    private sealed class Row
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string Document { get; init; } = "";
        public string Kind { get; init; } = "";
        public int OpenInvoices { get; init; }
        public long OutstandingCents { get; init; }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapGet("/", (string? query, IMediator mediator, CancellationToken ct) => mediator.Send(new Query(query), ct))
            .WithName(nameof(SearchDebtors))
            .RequireAuthorization(Policies.Person)
            .ProducesValidationProblem();
}
