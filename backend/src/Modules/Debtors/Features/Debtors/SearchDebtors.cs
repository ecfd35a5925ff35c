using Recovery.BuildingBlocks.Errors;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Data;
using Recovery.Debtors.Data;
using Recovery.Debtors.Features.Scope;

namespace Recovery.Debtors.Features.Debtors;

/// <summary>
/// Finds debtors by any word of the name (prefix, case- and accent-insensitive), the CPF/CNPJ, a contract's external id,
/// a phone or an e-mail, each typed with any punctuation, over debtors.search_token (ADR 0020). Ranked: an exact
/// document or contract first, then an exact phone or e-mail, then names with every word matched (a whole word before a
/// longer one), then the starts of documents, contracts, phones and e-mails. Documents are masked in the list (LGPD).
/// </summary>
internal static class SearchDebtors
{
    public const int MaxResults = 50, DefaultLimit = 20, MaxOffset = 1000;

    internal sealed record Query(string? Text, int? Limit = null, int? Offset = null) : IRequest<Response>;

    /// <param name="NextOffset">The offset of the next page, or null when this is the last.</param>
    internal sealed record Response(IReadOnlyList<Item> Items, int? NextOffset);

    /// <param name="MatchedBy">What the query matched: document, contract, phone, email or name.</param>
    internal sealed record Item(Guid Id, string Name, string Document, string Kind, int OpenInvoices, decimal Outstanding, string MatchedBy);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Text).NotEmpty().WithMessage("query is required: a name, CPF/CNPJ, contract, phone or e-mail", "informe nome, CPF/CNPJ, contrato, telefone ou e-mail")
                .Must(t => t is null || t.Trim().Length >= 2).WithMessage("query needs at least 2 characters", "digite ao menos 2 caracteres")
                .MaximumLength(200).OverridePropertyName("query");
            RuleFor(q => q.Limit).InclusiveBetween(1, MaxResults).WithMessage($"limit is from 1 to {MaxResults}", $"o limite vai de 1 a {MaxResults}");
            RuleFor(q => q.Offset).InclusiveBetween(0, MaxOffset).WithMessage($"offset is from 0 to {MaxOffset}", $"o deslocamento vai de 0 a {MaxOffset}");
        }
    }

    internal sealed class Handler(DebtorsDb db, ICurrentActor actor, TimeProvider clock) : IRequestHandler<Query, Response>
    {
        private const string ExactKeys = """
            SELECT debtor_id, kind FROM debtors.search_token
             WHERE kind IN ('document', 'contract', 'phone', 'email') AND token IN (@Whole, @Compact)
             ORDER BY CASE WHEN kind IN ('document', 'contract') THEN 0 ELSE 1 END, kind, debtor_id
            """;

        // The longest word drives (a range of the key, in token order: the whole word before longer ones, so the scan
        // stops at the page); each other word must start one of the same debtor's name tokens (a seek on debtor_id).
        private const string ByName = """
            SELECT t.debtor_id, t.kind FROM debtors.search_token t
             WHERE t.kind = 'name' AND t.token >= @P0 AND t.token < @E0
               AND (@P1 IS NULL OR EXISTS (SELECT 1 FROM debtors.search_token u
                    WHERE u.debtor_id = t.debtor_id AND u.kind = 'name' AND u.token >= @P1 AND u.token < @E1))
               AND (@P2 IS NULL OR EXISTS (SELECT 1 FROM debtors.search_token u
                    WHERE u.debtor_id = t.debtor_id AND u.kind = 'name' AND u.token >= @P2 AND u.token < @E2))
               AND (@P3 IS NULL OR EXISTS (SELECT 1 FROM debtors.search_token u
                    WHERE u.debtor_id = t.debtor_id AND u.kind = 'name' AND u.token >= @P3 AND u.token < @E3))
               AND (@P4 IS NULL OR EXISTS (SELECT 1 FROM debtors.search_token u
                    WHERE u.debtor_id = t.debtor_id AND u.kind = 'name' AND u.token >= @P4 AND u.token < @E4))
             ORDER BY t.token, t.debtor_id
            """;

        private const string ByPrefix = """
            SELECT debtor_id, kind FROM debtors.search_token
             WHERE kind IN ('document', 'contract', 'phone', 'email') AND token >= @P AND token < @E
             ORDER BY kind, token, debtor_id
            """;

        private const string Details = """
            SELECT d.id, d.name, d.document, d.kind,
                   (SELECT COUNT(*) FROM debtors.invoice i WHERE i.debtor_id = d.id AND i.status = 'open') AS open_invoices,
                   (SELECT COALESCE(SUM(i.outstanding_cents), 0) FROM debtors.invoice i WHERE i.debtor_id = d.id AND i.status IN ('open', 'in_agreement')) AS outstanding_cents
              FROM debtors.debtor d
            """;

        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            var q = SearchTokens.Parse(query.Text!.Trim());
            var limit = query.Limit ?? DefaultLimit;
            var offset = query.Offset ?? 0;
            var wanted = (offset + limit + 1) * (actor.Scope.Unrestricted ? 1 : 5);   // a scoped person's hits are thinned below   // one more than the page says whether another follows
            var dialect = db.Dialect;
            await using var session = await db.OpenAsync(ct);

            var hits = new List<Hit>(await session.QueryAsync<Hit>(dialect.Limit(ExactKeys, "@Take"), new { q.Whole, q.Compact, Take = wanted }));
            if (q.Words.Count > 0)
            {
                var words = new Dapper.DynamicParameters(new { Take = wanted + 10 });   // a debtor twice in the range ("mari": Maria Mariana)
                for (var i = 0; i < ParsedQuery.MaxWords; i++)
                {
                    var word = i < q.Words.Count ? q.Words[i] : null;
                    words.Add($"P{i}", word, System.Data.DbType.String);
                    words.Add($"E{i}", word is null ? null : SearchTokens.PrefixEnd(word), System.Data.DbType.String);
                }
                hits.AddRange(await session.QueryAsync<Hit>(dialect.Limit(ByName, "@Take"), words));
            }
            foreach (var prefix in new[] { q.Whole, q.Compact }.Distinct())
                if (Distinct(hits).Count() < wanted)
                    hits.AddRange(await session.QueryAsync<Hit>(dialect.Limit(ByPrefix, "@Take"),
                        new { P = prefix, E = SearchTokens.PrefixEnd(prefix), Take = wanted }));

            if (!actor.Scope.Unrestricted) hits = await InScopeAsync(session, hits);
            var ranked = Distinct(hits).Skip(offset).Take(limit + 1).ToList();
            var page = ranked.Take(limit).ToList();
            var rows = page.Count == 0
                ? new Dictionary<Guid, Row>()
                : (await session.QueryAsync<Row>($"{Details} WHERE d.id IN ({dialect.JsonIds("@Ids")})",
                    new { Ids = dialect.JsonArray(page.Select(h => h.DebtorId)) })).ToDictionary(r => r.Id);
            var items = new List<Item>(page.Count);
            foreach (var hit in page)
                if (rows.TryGetValue(hit.DebtorId, out var r))   // anonymised meanwhile, or gone: left out
                    items.Add(new Item(r.Id, r.Name, Documents.Mask(r.Document), r.Kind, r.OpenInvoices, Money.ToReais(r.OutstandingCents), hit.Kind));
            return new Response(items, ranked.Count > limit ? offset + limit : null);
        }

        private static IEnumerable<Hit> Distinct(IEnumerable<Hit> hits) => hits.DistinctBy(h => h.DebtorId);

        /// <summary>A scoped person finds only debtors with a debt inside their scope (ADR 0026).</summary>
        private async Task<List<Hit>> InScopeAsync(Recovery.BuildingBlocks.Data.DbSession session, List<Hit> hits)
        {
            if (hits.Count == 0) return hits;
            var visible = (await session.QueryAsync<Guid>(
                $"SELECT DISTINCT i.debtor_id FROM debtors.invoice i WHERE i.debtor_id IN ({db.Dialect.JsonIds("@Ids")}) AND {DebtScope.Where(db.Dialect)}",
                DebtScope.Args(actor.Scope, clock.GetUtcNow(), new { Ids = db.Dialect.JsonArray(hits.Select(h => h.DebtorId).Distinct()) }))).ToHashSet();
            return hits.Where(h => visible.Contains(h.DebtorId)).ToList();
        }
    }

    private sealed class Hit
    {
        public Guid DebtorId { get; init; }
        public string Kind { get; init; } = "";
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
        group.MapGet("/", (string? query, int? limit, int? offset, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new Query(query, limit, offset), ct))
            .WithName(nameof(SearchDebtors))
            .RequireAuthorization(Policies.Person)
            .ProducesValidationProblem();
}
