using Recovery.Analytics.Contracts;
using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks;
using Recovery.Debtors.Data;
using Recovery.Debtors.Features.Scope;
using Recovery.Platform.Contracts;
using Recovery.Negotiation.Contracts;

namespace Recovery.Debtors.Features.Debtors;

/// <summary>
/// The agent's debtors in the order most worth working now, one row per debtor with their open debts summed. First the
/// callbacks due (an agent's call scheduled a call back for now or earlier; one scheduled later keeps the debtor out of the
/// queue until then, ADR 0022); then by expected recovery, each open debt's outstanding × its propensity to pay within 90
/// days (Analytics', asked through its contract, ADR 0027), then those who may be contacted at this hour (Communication's
/// calendar, the one the dispatcher applies) before those who may not, then promises to pay due (Negotiation's, asked
/// through its contract); then debtors waiting for a promise due later, and last those with no usable contact. What may not be chased is left out: holds, debts in an agreement, prescribed, settled, cancelled.
/// Filters by portfolio, days-late bucket and contact allowed now; paged, with the total.
/// </summary>
internal static class GetWorkQueue
{
    public static readonly string[] Buckets = ["not_due", "1-30", "31-60", "61-90", "91-180", "181-360", "361+"];

    internal sealed record Query(Guid AgentId, int? Limit, int? Offset, Guid? PortfolioId, string? Bucket, bool? ContactAllowedNow)
        : IRequest<Response>;

    /// <param name="Portfolios">The portfolios of the agent's whole queue, to filter by.</param>
    internal sealed record Response(IReadOnlyList<Item> Items, int Total, int Offset, int Limit, IReadOnlyList<PortfolioFacet> Portfolios);

    internal sealed record PortfolioFacet(Guid Id, string Name, int Debtors);

    /// <param name="Reason">Why this debtor now, in pt-BR; <paramref name="ReasonCode"/> says the same for machines:
    /// callback_due, promise_due, bureau_alert, late, not_due, promise_pending, no_contact. <paramref name="CallbackAt"/>: the callback due.</param>
    internal sealed record Item(Guid DebtorId, string DebtorName, string Document, int Debts, IReadOnlyList<Guid> InvoiceIds,
        decimal Outstanding, int DaysLate, string Bucket, decimal ExpectedRecovery, bool Reachable, string Reason, string ReasonCode,
        DateOnly? PromiseDueDate, decimal? PromisedAmount, bool ContactAllowedNow, DateTimeOffset ContactAllowedFrom, string? ContactNote,
        DateTimeOffset? CallbackAt);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Limit).InclusiveBetween(1, 500).OverridePropertyName("limit");
            RuleFor(q => q.Offset).GreaterThanOrEqualTo(0).OverridePropertyName("offset");
            RuleFor(q => q.Bucket).OneOf(Buckets).OverridePropertyName("bucket");
        }
    }

    internal sealed class Handler(DebtorsDb db, TimeProvider clock, IMediator mediator, ICurrentActor actor) : IRequestHandler<Query, Response>
    {
        // Followed by the scope (ADR 0026): a debt of another portfolio held by the agent stays out of their queue.
        private const string Select = """
            SELECT i.id AS invoice_id, i.debtor_id, d.name AS debtor_name, d.document, i.outstanding_cents, i.due_date,
                   p.id AS portfolio_id, p.name AS portfolio_name,
                   (SELECT ad.state FROM debtors.address ad WHERE ad.debtor_id = d.id) AS state,
                   (SELECT COUNT(*) FROM debtors.contact c WHERE c.debtor_id = d.id AND c.opted_out_at IS NULL AND c.is_valid = 1) AS usable_contacts,
                   (SELECT cb.due_at FROM debtors.callback cb WHERE cb.debtor_id = d.id) AS callback_at
              FROM debtors.assignment a
              JOIN debtors.invoice i ON i.id = a.invoice_id
              JOIN debtors.debtor d ON d.id = i.debtor_id
              JOIN debtors.portfolio p ON p.id = i.portfolio_id
             WHERE a.agent_id = @AgentId
               AND i.status = 'open'
               AND NOT EXISTS (SELECT 1 FROM debtors.hold h
                                WHERE h.debtor_id = i.debtor_id AND (h.invoice_id IS NULL OR h.invoice_id = i.id)
                                  AND h.lifted_at IS NULL AND (h.ends_on IS NULL OR h.ends_on > @Today))
            """;

        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            var today = clock.Today();
            var now = clock.GetUtcNow();
            List<Row> rows;
            await using (var session = await db.OpenAsync(ct))
                rows = (await session.QueryAsync<Row>($"{Select} AND {DebtScope.Where(db.Dialect)}", DebtScope.Args(actor.Scope, now, new { query.AgentId, Today = today }))).ToList();
            rows = rows.Where(r => r.CallbackAt is not { } callback || callback <= now).ToList();

            var portfolios = rows.GroupBy(r => (r.PortfolioId, r.PortfolioName))
                .Select(g => new PortfolioFacet(g.Key.PortfolioId, g.Key.PortfolioName, g.Select(r => r.DebtorId).Distinct().Count()))
                .OrderBy(f => f.Name).ToList();
            if (query.PortfolioId is { } portfolioId) rows = rows.Where(r => r.PortfolioId == portfolioId).ToList();
            var debtors = rows.GroupBy(r => r.DebtorId).ToList();
            var promises = (await mediator.Send(new GetPendingPromises(debtors.Select(g => g.Key).ToList()), ct))
                .GroupBy(p => p.DebtorId).ToDictionary(g => g.Key, g => g.First());
            var windows = new Dictionary<string, Communication.Contracts.ContactWindow>();
            foreach (var state in rows.Select(r => r.State?.ToUpperInvariant() ?? "").Distinct())
                windows[state] = await mediator.Send(new Communication.Contracts.GetContactWindow(state == "" ? null : state, now), ct);

            var propensities = (await mediator.Send(new GetPropensities(rows.Select(r => new DebtAsked(r.InvoiceId, r.DueDate)).ToList()), ct))
                .ToDictionary(p => p.InvoiceId);

            var alerts = await BureauAlertsAsync(debtors.Select(g => g.Key).ToList(), now, ct);
            var items = debtors.Select(g => ItemOf(g.ToList(), promises.GetValueOrDefault(g.Key), windows, propensities, today, alerts.GetValueOrDefault(g.Key)))
                .Where(i => query.Bucket is null || i.Bucket == query.Bucket)
                .Where(i => query.ContactAllowedNow is not { } allowed || (i.Reachable && i.ContactAllowedNow) == allowed)
                .OrderBy(Tier).ThenByDescending(i => i.ExpectedRecovery).ThenByDescending(i => i.ContactAllowedNow)
                .ThenByDescending(i => i.ReasonCode == "promise_due").ThenBy(i => i.DebtorId)
                .ToList();
            var offset = query.Offset ?? 0;
            var limit = query.Limit ?? 100;
            return new Response(items.Skip(offset).Take(limit).ToList(), items.Count, offset, limit, portfolios);
        }

        private static int Tier(Item i) => i.ReasonCode switch
        {
            "callback_due" => -1,
            "bureau_alert" => 0,
            "promise_pending" => 2,
            "no_contact" => 3,
            _ => 1,
        };

        /// <summary>
        /// The latest alert of the credit bureau's monitoring on each debtor (ADR 0028) raised in the last 30 days and not
        /// followed by a call: a reason to call now.
        /// </summary>
        private async Task<Dictionary<Guid, string>> BureauAlertsAsync(IReadOnlyCollection<Guid> debtorIds, DateTimeOffset now, CancellationToken ct)
        {
            if (debtorIds.Count == 0) return [];
            await using var session = await db.OpenAsync(ct);
            var rows = await session.QueryAsync<AlertRow>(
                $"""
                SELECT ba.debtor_id, ba.summary, ba.raised_at FROM debtors.bureau_alert ba
                 WHERE ba.debtor_id IN ({session.Dialect.JsonIds("@Ids")}) AND ba.raised_at > @Since
                   AND NOT EXISTS (SELECT 1 FROM debtors.callback cb WHERE cb.debtor_id = ba.debtor_id AND cb.called_at > ba.raised_at)
                """, new { Ids = session.Dialect.JsonArray(debtorIds), Since = now.AddDays(-30) });
            return rows.GroupBy(r => r.DebtorId).ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.RaisedAt).First().Summary);
        }

        private sealed class AlertRow
        {
            public Guid DebtorId { get; init; }
            public string Summary { get; init; } = "";
            public DateTimeOffset RaisedAt { get; init; }
        }

        private static Item ItemOf(List<Row> debts, PendingPromise? promise, Dictionary<string, Communication.Contracts.ContactWindow> windows,
            Dictionary<Guid, Propensity> propensities, DateOnly today, string? bureauAlert = null)
        {
            var first = debts[0];
            var daysLate = debts.Max(d => Math.Max(0, today.DayNumber - d.DueDate.DayNumber));
            var outstanding = debts.Sum(d => d.OutstandingCents);
            var expected = debts.Sum(d => (long)Math.Round(d.OutstandingCents * propensities[d.InvoiceId].Probability));
            var probability = outstanding == 0 ? 0 : (double)expected / outstanding;
            var reachable = first.UsableContacts > 0;
            var (code, reason) = Reason(debts.Count, daysLate, expected, probability, reachable, promise, today, first.CallbackAt);
            if (bureauAlert is not null && code is "late" or "not_due" or "promise_pending") (code, reason) = ("bureau_alert", $"alerta do birô: {bureauAlert}");
            var window = windows[first.State?.ToUpperInvariant() ?? ""];
            return new Item(first.DebtorId, first.DebtorName, Documents.Mask(first.Document), debts.Count,
                debts.OrderBy(d => d.DueDate).Select(d => d.InvoiceId).ToList(), Money.ToReais(outstanding), daysLate, BucketOf(daysLate),
                Money.ToReais(expected), reachable, reason, code, promise?.DueDate, promise is null ? null : Money.ToReais(promise.PromisedCents),
                window.OpenNow, window.OpensAt, window.Reason, first.CallbackAt);
        }

        private static (string Code, string Reason) Reason(int count, int daysLate, long expectedCents, double probability, bool reachable,
            PendingPromise? promise, DateOnly today, DateTimeOffset? callback)
        {
            if (!reachable) return ("no_contact", "sem contato utilizável: inválidos ou com oposição do devedor");
            if (callback is { } at)
                return ("callback_due", $"retorno agendado para {TimeZoneInfo.ConvertTime(at, BusinessDate.Brasilia):dd/MM/yyyy HH:mm}");
            if (promise is { } p && p.DueDate <= today)
                return ("promise_due", p.DueDate == today
                    ? $"promessa de {Money.Format(p.PromisedCents)} vence hoje"
                    : $"promessa de {Money.Format(p.PromisedCents)} venceu em {p.DueDate:dd/MM/yyyy}: confirme o pagamento");
            if (promise is { } later) return ("promise_pending", $"aguardando a promessa de {Money.Format(later.PromisedCents)} para {later.DueDate:dd/MM/yyyy}");
            var debts = count == 1 ? "" : $"{count} débitos, o mais antigo com ";
            var chance = $"chance de pagamento de {Math.Round(probability * 100):0}%, recuperação esperada {Money.Format(expectedCents)}";
            return daysLate == 0
                ? ("not_due", count == 1 ? $"a vencer: lembrete preventivo; {chance}" : $"{count} débitos a vencer: lembrete preventivo; {chance}")
                : ("late", $"{debts}{daysLate} dias em atraso, {chance}");
        }
    }

    public static string BucketOf(int daysLate) => daysLate switch
    {
        0 => "not_due",
        <= 30 => "1-30",
        <= 60 => "31-60",
        <= 90 => "61-90",
        <= 180 => "91-180",
        <= 360 => "181-360",
        _ => "361+",
    };

    private sealed class Row
    {
        public Guid InvoiceId { get; init; }
        public Guid DebtorId { get; init; }
        public string DebtorName { get; init; } = "";
        public string Document { get; init; } = "";
        public long OutstandingCents { get; init; }
        public DateOnly DueDate { get; init; }
        public Guid PortfolioId { get; init; }
        public string PortfolioName { get; init; } = "";
        public int UsableContacts { get; init; }
        public string? State { get; init; }
        public DateTimeOffset? CallbackAt { get; init; }
    }

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/work-queue", async (int? limit, int? offset, Guid? portfolioId, string? bucket, bool? contactAllowedNow, Guid? agentId,
                ICurrentActor actor, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new Query(await QueueOwnerAsync(agentId, actor, mediator, ct), limit, offset, portfolioId, bucket, contactAllowedNow), ct))
            .WithName(nameof(GetWorkQueue))
            .WithTags("Debtors")
            .WithSummary("The agent's debtors most worth working now, one row per debtor; filters by portfolio, days-late bucket and contact allowed now; a supervisor may pass agentId for one of their team")
            .RequireAuthorization(Policies.Agent)
            .ProducesValidationProblem();

    /// <summary>
    /// Whose queue: the caller's own; a supervisor or administrator may look at another person's, a supervisor who owns a
    /// team only at one of their team's (anyone else's is a 404, like a person that does not exist).
    /// </summary>
    private static async Task<Guid> QueueOwnerAsync(Guid? agentId, ICurrentActor actor, IMediator mediator, CancellationToken ct)
    {
        if (agentId is not { } wanted || wanted == actor.Id) return actor.Id!.Value;
        if (actor.Role is not (Roles.Supervisor or Roles.Admin)) throw new ForbiddenException("Only supervisors see another person's queue.");
        var person = (await mediator.Send(new ListPeople([Roles.Agent, Roles.Supervisor]), ct)).FirstOrDefault(p => p.Id == wanted);
        if (person is null || (actor.Role == Roles.Supervisor && actor.TeamId is { } team && person.TeamId != team))
            throw new NotFoundException($"Agent {wanted} does not exist.");
        return wanted;
    }
}
