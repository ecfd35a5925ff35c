using Dapper;
using Recovery.BuildingBlocks;
using Recovery.Reporting.Data;
using Recovery.Reporting.Features.Reports;

namespace Recovery.Reporting.Features.Productivity;

/// <summary>
/// What each agent did in the period: contacts made (calls and letters they recorded), the calls among them by outcome
/// (the codes of the portfolios' outcome catalogues, ADR 0022), promises taken and kept,
/// agreements made and their amount, and the money recovered on their agreements. One row per agent, busiest first.
/// </summary>
internal static class ProductivityReport
{
    internal sealed record Query(ReportFilter Filter) : IRequest<Report>, IFilteredQuery;

    /// <param name="Calls">Calls recorded with an outcome (each is a contact too).</param>
    /// <param name="Outcomes">Those calls by outcome code.</param>
    internal sealed record Line(string Agent, long Contacts, long Promises, long PromisesKept, long Agreements, decimal AgreementAmount, decimal Recovered,
        long Calls, IReadOnlyDictionary<string, long> Outcomes);

    internal sealed record Report(DateOnly From, DateOnly To, IReadOnlyList<Line> Agents);

    internal sealed class Validator : FilterRules<Query>;

    internal sealed class Handler(ReportingDb db, TimeProvider clock) : IRequestHandler<Query, Report>
    {
        public async Task<Report> Handle(Query query, CancellationToken ct)
        {
            var today = clock.Today();
            var (from, to) = (query.Filter.FromOr(today), query.Filter.ToOr(today));
            var args = new DynamicParameters(new { From = from, To = to });
            // Contacts and promises belong to a debtor; partner and portfolio apply through the debtor's debts.
            var debts = query.Filter with { Agent = null };
            var debtorWhere = debts.Where("d", args);
            var ofDebtor = debtorWhere.Length == 0 ? "" : $" AND EXISTS (SELECT 1 FROM reporting.debt d WHERE d.debtor_id = x.debtor_id{debtorWhere})";
            var agent = string.IsNullOrWhiteSpace(query.Filter.Agent) ? "" : " AND LOWER(x.agent) = @Agent";
            if (agent.Length > 0) args.Add("Agent", query.Filter.Agent!.Trim().ToLowerInvariant());
            var agreementWhere = query.Filter.Where("x", args, "x.agent");

            await using var session = await db.OpenAsync(ct);
            var contacts = await SumsAsync(session,
                $"SELECT x.agent, COUNT(*) AS n, 0 AS cents FROM reporting.message x WHERE x.agent IS NOT NULL AND x.sent_on >= @From AND x.sent_on <= @To{agent}{ofDebtor} GROUP BY x.agent", args);
            // An agent's call is a contact, unless it closed a dunning call task: that one counted through its message.
            var outcomes = (await session.QueryAsync<Outcome>(
                    $"SELECT x.agent, x.outcome AS code, COUNT(*) AS n, SUM(CASE WHEN x.message_id IS NULL THEN 1 ELSE 0 END) AS contacts FROM reporting.call x WHERE x.made_on >= @From AND x.made_on <= @To{agent}{ofDebtor} GROUP BY x.agent, x.outcome", args))
                .GroupBy(o => o.Agent, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
            var promises = await SumsAsync(session,
                $"SELECT x.agent, COUNT(*) AS n, SUM(CASE WHEN x.outcome = 'kept' THEN 1 ELSE 0 END) AS cents FROM reporting.promise x WHERE x.made_on >= @From AND x.made_on <= @To{agent}{ofDebtor} GROUP BY x.agent", args);
            var agreements = await SumsAsync(session,
                $"SELECT x.agent, COUNT(*) AS n, SUM(x.total_cents) AS cents FROM reporting.agreement x WHERE x.agent IS NOT NULL AND x.created_on >= @From AND x.created_on <= @To{agreementWhere} GROUP BY x.agent", args);
            var recovered = await SumsAsync(session,
                $"SELECT x.agent, COUNT(*) AS n, SUM(x.amount_cents) AS cents FROM reporting.collection x WHERE x.agent IS NOT NULL AND x.paid_on >= @From AND x.paid_on <= @To{agreementWhere} GROUP BY x.agent", args);

            var names = contacts.Keys.Concat(outcomes.Keys).Concat(promises.Keys).Concat(agreements.Keys).Concat(recovered.Keys).Distinct(StringComparer.OrdinalIgnoreCase);
            var lines = names.Select(a => new Line(a,
                    (contacts.GetValueOrDefault(a)?.N ?? 0) + (outcomes.GetValueOrDefault(a)?.Sum(o => o.Contacts) ?? 0),
                    promises.GetValueOrDefault(a)?.N ?? 0, promises.GetValueOrDefault(a)?.Cents ?? 0,
                    agreements.GetValueOrDefault(a)?.N ?? 0, Money.ToReais(agreements.GetValueOrDefault(a)?.Cents ?? 0),
                    Money.ToReais(recovered.GetValueOrDefault(a)?.Cents ?? 0),
                    outcomes.GetValueOrDefault(a)?.Sum(o => o.N) ?? 0,
                    (outcomes.GetValueOrDefault(a) ?? []).OrderBy(o => o.Code, StringComparer.Ordinal).ToDictionary(o => o.Code, o => o.N)))
                .OrderByDescending(l => l.Recovered).ThenByDescending(l => l.Agreements).ThenBy(l => l.Agent, StringComparer.Ordinal).ToList();
            return new Report(from, to, lines);
        }

        private static async Task<Dictionary<string, Sum>> SumsAsync(Recovery.BuildingBlocks.Data.DbSession session, string sql, DynamicParameters args) =>
            (await session.QueryAsync<Sum>(sql, args)).ToDictionary(s => s.Agent, StringComparer.OrdinalIgnoreCase);
    }

    internal static void Map(RouteGroupBuilder reports) =>
        reports.MapGet("/productivity", async ([AsParameters] ReportFilter filter, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var report = await mediator.Send(new Query(filter), ct);
                if (!Csv.Wanted(http.Request)) return Results.Ok(report);
                return Csv.Stream(filter.Dialect, $"productivity-{report.From:yyyy-MM-dd}-{report.To:yyyy-MM-dd}.csv",
                    [("agent", "Operador"), ("contacts", "Contatos"), ("promises", "Promessas"), ("promises_kept", "Promessas cumpridas"),
                     ("agreements", "Acordos"), ("agreement_amount", "Valor dos acordos (R$)"), ("recovered", "Valor recuperado (R$)"),
                     ("calls", "Ligações"), ("outcomes", "Resultados das ligações")], report.Agents,
                    l => [l.Agent, Csv.Number(l.Contacts), Csv.Number(l.Promises), Csv.Number(l.PromisesKept), Csv.Number(l.Agreements),
                          Csv.Money(l.AgreementAmount), Csv.Money(l.Recovered), Csv.Number(l.Calls),
                          string.Join("; ", l.Outcomes.Select(o => $"{o.Key}: {o.Value}"))], ct);
            })
            .AsReport<Report>("ProductivityReport");

    private sealed class Outcome
    {
        public string Agent { get; init; } = "";
        public string Code { get; init; } = "";
        public long N { get; init; }
        public long Contacts { get; init; }
    }

    private sealed class Sum
    {
        public string Agent { get; init; } = "";
        public long N { get; init; }
        public long Cents { get; init; }
    }
}
