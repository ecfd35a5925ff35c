using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Data;
using Recovery.Debtors.Data;
using Recovery.Debtors.Features.Scope;
using Recovery.Platform.Contracts;

namespace Recovery.Debtors.Features.Debtors;

/// <summary>
/// What a supervisor hands out: the debtors with open debts, one row per debtor, filtered by portfolio, days-late bucket
/// and holder (an agent, or nobody), with who holds each debt; and the team, each agent with how many debtors, debts
/// and how much they hold. Paged by debtor, oldest placed first, with a cursor. Assigning is <see cref="AssignDebts"/>.
/// </summary>
internal static class ListAssignments
{
    internal sealed record Query(Guid? PortfolioId, string? Bucket, Guid? AgentId, bool Unassigned, int? Limit, string? Cursor) : IRequest<Response>;

    /// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last.</param>
    internal sealed record Response(IReadOnlyList<Item> Items, int Total, string? NextCursor);

    internal sealed record Item(Guid DebtorId, string DebtorName, string Document, int DaysLate, string Bucket, decimal Outstanding,
        IReadOnlyList<Debt> Debts);

    /// <param name="AgentId">Who holds the debt; null when nobody does.</param>
    internal sealed record Debt(Guid InvoiceId, string ExternalId, string Portfolio, DateOnly DueDate, decimal Outstanding, Guid? AgentId, string? AgentName);

    internal sealed record TeamQuery : IRequest<Team>;

    internal sealed record Holder(Guid AgentId, string Name, string Email, string Role, int Debtors, int Debts, decimal Outstanding);

    internal sealed record Team(IReadOnlyList<Holder> Agents, int UnassignedDebtors, int UnassignedDebts, decimal UnassignedOutstanding);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Limit).InclusiveBetween(1, 500).OverridePropertyName("limit");
            RuleFor(q => q.Bucket).Must(b => b is null || GetWorkQueue.Buckets.Contains(b)).OverridePropertyName("bucket")
                .WithMessage($"bucket is one of {string.Join(", ", GetWorkQueue.Buckets)}", "escolha uma faixa de atraso da lista");
            RuleFor(q => q.Cursor).Must(c => c is null || Guid.TryParse(c, out _)).OverridePropertyName("cursor")
                .WithMessage("cursor is not one this API returned", "o cursor não é um que a API devolveu");
            RuleFor(q => q.AgentId).Null().When(q => q.Unassigned).OverridePropertyName("agentId")
                .WithMessage("agentId and unassigned=true exclude each other", "escolha um operador ou os sem operador, não os dois");
        }
    }

    private const string Where = """
         WHERE i.status = 'open'
           AND (@PortfolioId IS NULL OR i.portfolio_id = @PortfolioId)
           AND (@AgentId IS NULL OR a.agent_id = @AgentId)
           AND (@Unassigned = 0 OR a.invoice_id IS NULL)
           AND (@DueFrom IS NULL OR i.due_date >= @DueFrom)
           AND (@DueTo IS NULL OR i.due_date <= @DueTo)
        """;

    internal sealed class Handler(DebtorsDb db, TimeProvider clock, IMediator mediator, ICurrentActor actor) : IRequestHandler<Query, Response>
    {
        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            var today = clock.Today();
            var (dueFrom, dueTo) = DueDates(query.Bucket, today);
            var limit = query.Limit ?? 50;
            var args = DebtScope.Args(actor.Scope, clock.GetUtcNow(), new
            {
                query.PortfolioId, query.AgentId, Unassigned = query.Unassigned ? 1 : 0, DueFrom = dueFrom, DueTo = dueTo,
                After = query.Cursor is null ? (Guid?)null : Guid.Parse(query.Cursor), Take = limit + 1,
            });
            await using var session = await db.OpenAsync(ct);
            var total = await session.ExecuteScalarAsync<int>(
                $"SELECT COUNT(DISTINCT i.debtor_id) FROM debtors.invoice i LEFT JOIN debtors.assignment a ON a.invoice_id = i.id {Where} AND {DebtScope.Where(db.Dialect)}", args);
            var page = (await session.QueryAsync<Guid>(db.Dialect.Limit(
                $"""
                SELECT i.debtor_id FROM debtors.invoice i LEFT JOIN debtors.assignment a ON a.invoice_id = i.id {Where}
                   AND {DebtScope.Where(db.Dialect)}
                   AND (@After IS NULL OR i.debtor_id > @After)
                 GROUP BY i.debtor_id ORDER BY i.debtor_id
                """, "@Take"), args)).ToList();
            var next = page.Count > limit ? page[limit - 1].ToString() : null;
            page = page.Take(limit).ToList();
            if (page.Count == 0) return new Response([], total, null);

            var rows = (await session.QueryAsync<Row>(
                $"""
                SELECT i.debtor_id, d.name AS debtor_name, d.document, i.id AS invoice_id, i.external_id, p.name AS portfolio,
                       i.due_date, i.outstanding_cents, a.agent_id
                  FROM debtors.invoice i
                  JOIN debtors.debtor d ON d.id = i.debtor_id
                  JOIN debtors.portfolio p ON p.id = i.portfolio_id
                  LEFT JOIN debtors.assignment a ON a.invoice_id = i.id
                {Where}
                   AND {DebtScope.Where(db.Dialect)}
                   AND i.debtor_id IN ({db.Dialect.JsonIds("@Ids")})
                 ORDER BY i.debtor_id, i.due_date, i.id
                """, DebtScope.Args(actor.Scope, clock.GetUtcNow(), new
                {
                    query.PortfolioId, query.AgentId, Unassigned = query.Unassigned ? 1 : 0, DueFrom = dueFrom, DueTo = dueTo,
                    Ids = db.Dialect.JsonArray(page),
                }))).ToList();
            var names = (await mediator.Send(new ListPeople([]), ct)).ToDictionary(p => p.Id, p => p.Name);
            var items = rows.GroupBy(r => r.DebtorId).Select(g =>
            {
                var first = g.First();
                var daysLate = Math.Max(0, g.Max(r => today.DayNumber - r.DueDate.DayNumber));
                return new Item(g.Key, first.DebtorName, Documents.Mask(first.Document), daysLate, GetWorkQueue.BucketOf(daysLate),
                    Money.ToReais(g.Sum(r => r.OutstandingCents)),
                    g.Select(r => new Debt(r.InvoiceId, r.ExternalId, r.Portfolio, r.DueDate, Money.ToReais(r.OutstandingCents), r.AgentId,
                        r.AgentId is { } id ? names.GetValueOrDefault(id) ?? id.ToString() : null)).ToList());
            }).ToList();
            return new Response(items, total, next);
        }
    }

    /// <summary>The due dates of debts in a days-late bucket today (both ends inclusive; null for open-ended).</summary>
    internal static (DateOnly? From, DateOnly? To) DueDates(string? bucket, DateOnly today) => bucket switch
    {
        "not_due" => (today, null),
        "1-30" => (today.AddDays(-30), today.AddDays(-1)),
        "31-60" => (today.AddDays(-60), today.AddDays(-31)),
        "61-90" => (today.AddDays(-90), today.AddDays(-61)),
        "91-180" => (today.AddDays(-180), today.AddDays(-91)),
        "181-360" => (today.AddDays(-360), today.AddDays(-181)),
        "361+" => (null, today.AddDays(-361)),
        _ => (null, null),
    };

    internal sealed class TeamHandler(DebtorsDb db, IMediator mediator, ICurrentActor actor, TimeProvider clock) : IRequestHandler<TeamQuery, Team>
    {
        public async Task<Team> Handle(TeamQuery query, CancellationToken ct)
        {
            List<HeldRow> held;
            HeldRow unassigned;
            await using (var session = await db.OpenAsync(ct))
            {
                var scope = DebtScope.Args(actor.Scope, clock.GetUtcNow());
                held = (await session.QueryAsync<HeldRow>(
                    $"""
                    SELECT a.agent_id, COUNT(DISTINCT i.debtor_id) AS debtors, COUNT(*) AS debts, SUM(i.outstanding_cents) AS outstanding_cents
                      FROM debtors.assignment a JOIN debtors.invoice i ON i.id = a.invoice_id
                     WHERE i.status = 'open' AND {DebtScope.Where(db.Dialect)} GROUP BY a.agent_id
                    """, scope)).ToList();
                unassigned = (await session.QuerySingleOrDefaultAsync<HeldRow>(
                    $"""
                    SELECT COUNT(DISTINCT i.debtor_id) AS debtors, COUNT(*) AS debts, COALESCE(SUM(i.outstanding_cents), 0) AS outstanding_cents
                      FROM debtors.invoice i
                     WHERE i.status = 'open' AND NOT EXISTS (SELECT 1 FROM debtors.assignment a WHERE a.invoice_id = i.id)
                       AND {DebtScope.Where(db.Dialect)}
                    """, scope))!;
            }
            var byAgent = held.ToDictionary(h => h.AgentId);
            var people = await mediator.Send(new ListPeople([Roles.Agent, Roles.Supervisor]), ct);
            // A supervisor who owns a team sees their team (and themselves); others see everyone (ADR 0026).
            if (actor.Scope.AgencyId is { } agency)
            {
                people = people.Where(p => p.AgencyId == agency).ToList();
                held = held.Where(h => people.Any(p => p.Id == h.AgentId)).ToList();
            }
            else if (actor.Role == Roles.Supervisor && actor.TeamId is { } team)
            {
                people = people.Where(p => p.TeamId == team || p.Id == actor.Id).ToList();
                held = held.Where(h => people.Any(p => p.Id == h.AgentId)).ToList();
            }
            // Active agents and supervisors, and anyone else who still holds debts (deactivated since).
            var agents = people.Where(p => p.IsActive || byAgent.ContainsKey(p.Id))
                .Select(p => (Id: p.Id, p.Name, p.Email, p.Role, Held: byAgent.GetValueOrDefault(p.Id)))
                .Concat(held.Where(h => people.All(p => p.Id != h.AgentId)).Select(h => (Id: h.AgentId, Name: h.AgentId.ToString(), Email: "", Role: "", Held: (HeldRow?)h)))
                .Select(a => new Holder(a.Id, a.Name, a.Email, a.Role, a.Held?.Debtors ?? 0, a.Held?.Debts ?? 0, Money.ToReais(a.Held?.OutstandingCents ?? 0)))
                .OrderBy(h => h.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
            return new Team(agents, unassigned.Debtors, unassigned.Debts, Money.ToReais(unassigned.OutstandingCents));
        }
    }

    internal static void Map(RouteGroupBuilder debtors)
    {
        debtors.MapGet("/assignments", (Guid? portfolioId, string? bucket, Guid? agentId, bool? unassigned, int? limit, string? cursor,
                    IMediator mediator, CancellationToken ct) =>
                mediator.Send(new Query(portfolioId, bucket, agentId, unassigned == true, limit, cursor), ct))
            .WithName(nameof(ListAssignments))
            .WithSummary("Debtors with open debts and who holds each, by portfolio, days-late bucket and holder (agentId, or unassigned=true)")
            .RequireAuthorization(Policies.Supervisor)
            .ProducesValidationProblem();
        debtors.MapGet("/assignments/agents", (IMediator mediator, CancellationToken ct) => mediator.Send(new TeamQuery(), ct))
            .WithName("ListAssignmentHolders")
            .WithSummary("The agents and supervisors, with how many debtors and open debts each holds, and what nobody holds")
            .RequireAuthorization(Policies.Supervisor);
    }

    private sealed class Row
    {
        public Guid DebtorId { get; init; }
        public string DebtorName { get; init; } = "";
        public string Document { get; init; } = "";
        public Guid InvoiceId { get; init; }
        public string ExternalId { get; init; } = "";
        public string Portfolio { get; init; } = "";
        public DateOnly DueDate { get; init; }
        public long OutstandingCents { get; init; }
        public Guid? AgentId { get; init; }
    }

    private sealed class HeldRow
    {
        public Guid AgentId { get; init; }
        public int Debtors { get; init; }
        public int Debts { get; init; }
        public long OutstandingCents { get; init; }
    }
}
