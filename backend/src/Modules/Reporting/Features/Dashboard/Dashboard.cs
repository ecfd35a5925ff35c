using Dapper;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Data;
using Recovery.Reporting.Data;

namespace Recovery.Reporting.Features.Dashboard;

/// <summary>
/// The supervisor's day at a glance, from Reporting's own copies of the events: promises made, due and found broken on
/// the day; agreements made (and their amount), those waiting for approval; money recovered on the day, in the month to
/// the day and in the whole previous month (and the previous month to the same day); messages sent and blocked, by the
/// contact policy's reason; the contact rate (messages that reached the debtor among those attempted); and the same per
/// agent (the e-mail they sign in with). The day is a business day in Brasília, today by default.
/// </summary>
internal static class Dashboard
{
    internal sealed record Query(DateOnly? Date) : IRequest<Report>;

    internal sealed record Tally(long Count, decimal Amount);

    internal sealed record Recovered(decimal Today, decimal Month, decimal LastMonthToDate, decimal LastMonth);

    /// <param name="Attempted">Messages first recorded on the day that were sent, delivered or failed (calls not answered fail).</param>
    /// <param name="Reached">Of those, the ones sent or delivered.</param>
    /// <param name="Rate">Reached over attempted, 0 to 1 (0 when nothing was attempted).</param>
    internal sealed record Contacts(long Attempted, long Reached, decimal Rate);

    internal sealed record BlockedReason(string Reason, long Count);

    internal sealed record Messages(long Sent, long Blocked, IReadOnlyList<BlockedReason> BlockedByReason);

    internal sealed record AgentLine(string Agent, long PromisesMade, decimal PromisedAmount, long PromisesBroken, long Agreements,
        decimal AgreementAmount, decimal RecoveredToday, decimal RecoveredMonth, long ContactsAttempted, long ContactsReached);

    internal sealed record Report(DateOnly Date, Tally PromisesMade, Tally PromisesDue, Tally PromisesBroken, Tally PromisesKept,
        Tally Agreements, Tally ApprovalsWaiting, Recovered Recovered, Contacts Contacts, Messages Messages, IReadOnlyList<AgentLine> Agents);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Date).Must(d => d is null || d.Value.Year is >= 2000 and <= 2100)
            .OverridePropertyName("date").WithMessage("date must be a day between 2000 and 2100", "informe um dia entre 2000 e 2100");
    }

    internal sealed class Handler(ReportingDb db, TimeProvider clock, ICurrentActor actor, IMediator mediator) : IRequestHandler<Query, Report>
    {
        public async Task<Report> Handle(Query query, CancellationToken ct)
        {
            var day = query.Date ?? clock.Today();
            var monthStart = new DateOnly(day.Year, day.Month, 1);
            var lastStart = monthStart.AddMonths(-1);
            var lastToDate = lastStart.AddDays(Math.Min(day.Day, DateTime.DaysInMonth(lastStart.Year, lastStart.Month)) - 1);
            var args = new { Day = day, MonthStart = monthStart, LastStart = lastStart, LastEnd = monthStart.AddDays(-1), LastToDate = lastToDate };
            await using var s = await db.OpenAsync(ct);

            var made = await CountAsync(s, "SELECT COUNT(*) AS n, COALESCE(SUM(promised_cents), 0) AS cents FROM reporting.promise WHERE made_on = @Day", args);
            var due = await CountAsync(s, "SELECT COUNT(*) AS n, COALESCE(SUM(promised_cents), 0) AS cents FROM reporting.promise WHERE due_date = @Day", args);
            var broken = await CountAsync(s,
                "SELECT COUNT(*) AS n, COALESCE(SUM(promised_cents - paid_cents), 0) AS cents FROM reporting.promise WHERE checked_on = @Day AND outcome IN ('broken', 'partial')", args);
            var kept = await CountAsync(s, "SELECT COUNT(*) AS n, COALESCE(SUM(paid_cents), 0) AS cents FROM reporting.promise WHERE checked_on = @Day AND outcome = 'kept'", args);
            var agreements = await CountAsync(s, "SELECT COUNT(*) AS n, COALESCE(SUM(total_cents), 0) AS cents FROM reporting.agreement WHERE created_on = @Day", args);
            var waiting = await CountAsync(s, "SELECT COUNT(*) AS n, COALESCE(SUM(total_cents), 0) AS cents FROM reporting.agreement WHERE status = 'pending_approval'", args);

            var money = (await s.QuerySingleOrDefaultAsync<MoneyRow>(
                """
                SELECT COALESCE(SUM(CASE WHEN paid_on = @Day THEN amount_cents ELSE 0 END), 0) AS today,
                       COALESCE(SUM(CASE WHEN paid_on >= @MonthStart AND paid_on <= @Day THEN amount_cents ELSE 0 END), 0) AS month,
                       COALESCE(SUM(CASE WHEN paid_on >= @LastStart AND paid_on <= @LastToDate THEN amount_cents ELSE 0 END), 0) AS last_to_date,
                       COALESCE(SUM(CASE WHEN paid_on <= @LastEnd THEN amount_cents ELSE 0 END), 0) AS last_month
                  FROM reporting.collection WHERE paid_on >= @LastStart AND paid_on <= @Day
                """, args))!;

            var contacts = (await s.QuerySingleOrDefaultAsync<ContactRow>(
                """
                SELECT COUNT(*) AS attempted, COALESCE(SUM(CASE WHEN status IN ('sent', 'delivered') THEN 1 ELSE 0 END), 0) AS reached
                  FROM reporting.message WHERE created_on = @Day AND status IN ('sent', 'delivered', 'failed')
                """, args))!;
            var sent = await s.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM reporting.message WHERE sent_on = @Day", args);
            var blocked = (await s.QueryAsync<ReasonRow>(
                """
                SELECT COALESCE(reason, '') AS reason, COUNT(*) AS n FROM reporting.message
                 WHERE created_on = @Day AND status = 'blocked' GROUP BY reason ORDER BY COUNT(*) DESC, COALESCE(reason, '')
                """, args)).Select(r => new BlockedReason(r.Reason.Length == 0 ? "sem motivo registrado" : r.Reason, r.N)).ToList();

            var agents = await AgentsAsync(s, args);
            // A supervisor who owns a team watches their team (ADR 0026): the lines of its people and their own.
            if (actor.Role == Roles.Supervisor && actor.TeamId is { } team)
            {
                var emails = (await mediator.Send(new Platform.Contracts.ListPeople([]), ct))
                    .Where(p => p.TeamId == team || p.Id == actor.Id).Select(p => p.Email).ToHashSet(StringComparer.OrdinalIgnoreCase);
                agents = agents.Where(a => emails.Contains(a.Agent)).ToList();
            }
            return new Report(day, made, due, broken, kept, agreements, waiting,
                new Recovered(Money.ToReais(money.Today), Money.ToReais(money.Month), Money.ToReais(money.LastToDate), Money.ToReais(money.LastMonth)),
                new Contacts(contacts.Attempted, contacts.Reached, contacts.Attempted == 0 ? 0 : Math.Round((decimal)contacts.Reached / contacts.Attempted, 4)),
                new Messages(sent, blocked.Sum(b => b.Count), blocked), agents);
        }

        private static async Task<Tally> CountAsync(DbSession s, string sql, object args)
        {
            var row = (await s.QuerySingleOrDefaultAsync<CountRow>(sql, args))!;
            return new Tally(row.N, Money.ToReais(row.Cents));
        }

        /// <summary>One line per agent who did something on the day or recovered money in the month, most recovered first.</summary>
        private static async Task<List<AgentLine>> AgentsAsync(DbSession s, object args)
        {
            var lines = new Dictionary<string, long[]>(StringComparer.OrdinalIgnoreCase);
            async Task SumByAgentAsync(string sql, params int[] slots)
            {
                foreach (var row in await s.QueryAsync<AgentRow>(sql, args))
                {
                    if (!lines.TryGetValue(row.Agent, out var line)) lines[row.Agent] = line = new long[10];
                    line[slots[0]] += row.A;
                    if (slots.Length > 1) line[slots[1]] += row.B;
                }
            }
            await SumByAgentAsync("SELECT agent, COUNT(*) AS a, SUM(promised_cents) AS b FROM reporting.promise WHERE made_on = @Day GROUP BY agent", 0, 1);
            await SumByAgentAsync("SELECT agent, COUNT(*) AS a, 0 AS b FROM reporting.promise WHERE checked_on = @Day AND outcome IN ('broken', 'partial') GROUP BY agent", 2);
            await SumByAgentAsync("SELECT agent, COUNT(*) AS a, SUM(total_cents) AS b FROM reporting.agreement WHERE agent IS NOT NULL AND created_on = @Day GROUP BY agent", 3, 4);
            await SumByAgentAsync(
                """
                SELECT agent, SUM(CASE WHEN paid_on = @Day THEN amount_cents ELSE 0 END) AS a, SUM(amount_cents) AS b
                  FROM reporting.collection WHERE agent IS NOT NULL AND paid_on >= @MonthStart AND paid_on <= @Day GROUP BY agent
                """, 5, 6);
            await SumByAgentAsync(
                """
                SELECT agent, COUNT(*) AS a, SUM(CASE WHEN status IN ('sent', 'delivered') THEN 1 ELSE 0 END) AS b
                  FROM reporting.message WHERE agent IS NOT NULL AND created_on = @Day AND status IN ('sent', 'delivered', 'failed') GROUP BY agent
                """, 7, 8);
            return lines.Select(l => new AgentLine(l.Key, l.Value[0], Money.ToReais(l.Value[1]), l.Value[2], l.Value[3], Money.ToReais(l.Value[4]),
                    Money.ToReais(l.Value[5]), Money.ToReais(l.Value[6]), l.Value[7], l.Value[8]))
                .OrderByDescending(l => l.RecoveredToday).ThenByDescending(l => l.RecoveredMonth).ThenBy(l => l.Agent, StringComparer.Ordinal).ToList();
        }
    }

    internal static void Map(RouteGroupBuilder reports) =>
        reports.MapGet("/dashboard", (DateOnly? date, IMediator mediator, CancellationToken ct) => mediator.Send(new Query(date), ct))
            .WithName("SupervisorDashboard")
            .WithSummary("The supervisor's day: promises, agreements, approvals waiting, money recovered, contacts and messages, per agent")
            .RequireAuthorization(Policies.Reports)
            .ProducesValidationProblem();

    private sealed class CountRow { public long N { get; init; } public long Cents { get; init; } }

    private sealed class MoneyRow
    {
        public long Today { get; init; }
        public long Month { get; init; }
        public long LastToDate { get; init; }
        public long LastMonth { get; init; }
    }

    private sealed class ContactRow { public long Attempted { get; init; } public long Reached { get; init; } }

    private sealed class ReasonRow { public string Reason { get; init; } = ""; public long N { get; init; } }

    private sealed class AgentRow { public string Agent { get; init; } = ""; public long A { get; init; } public long B { get; init; } }
}
