using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Data;
using Recovery.Bureau.Client;
using Recovery.Bureau.Contracts;
using Recovery.Bureau.Data;
using Recovery.Debtors.Contracts;

namespace Recovery.Bureau.Features;

/// <summary>
/// The one way a lookup is made, whoever asks (an agent from the 360, the placement rule, monitoring): an answer younger
/// than <see cref="BureauOptions.CacheFor"/> is served again at no cost; otherwise the portfolio's monthly budget is checked
/// and the cost reserved (a row committed before the bureau is called, so two lookups cannot both spend the last of a
/// budget), the bureau asked, and the answer kept with who asked, the purpose, the legal basis and the cost. The contacts
/// found go to Debtors (<see cref="BureauContactsFound"/>) and the cost to Reporting (<see cref="BureauLookupCharged"/>),
/// in the same transaction as the answer.
/// </summary>
internal sealed class Lookups(BureauDb db, IBureauClient bureau, IMediator mediator, IOptions<BureauOptions> options, TimeProvider clock)
{
    public const string LegalBasis = PersonalDataSection.CreditProtection;

    /// <summary>Agents' purposes; <c>placement</c> and <c>monitoring</c> are the system's own.</summary>
    public static readonly string[] Purposes = ["collection", "skip_tracing", "negotiation"];

    internal sealed record Ask(Guid DebtorId, Guid? PortfolioId, string Purpose, Guid? RequesterId, string Requester, bool UseCache = true);

    /// <summary>What a lookup gave, and the answer before it (monitoring compares them); null when the budget was spent and <paramref name="refuse"/> is false.</summary>
    internal sealed record Outcome(LookupView Lookup, BureauReport? Previous);

    public async Task<Outcome?> LookUpAsync(Ask ask, bool refuse, CancellationToken ct, Func<DbSession, LookupView, BureauReport?, Task>? alongside = null)
    {
        var debtor = await mediator.Send(new GetDebtorDebts(ask.DebtorId), ct) ?? throw new NotFoundException($"Debtor {ask.DebtorId} does not exist.");
        var portfolioId = ask.PortfolioId ?? PortfolioOf(debtor);
        if (ask.PortfolioId is { } given && debtor.Debts.All(d => d.PortfolioId != given))
            throw new FieldException("portfolioId", "The debtor has no debt in that portfolio.");
        if (portfolioId is null)
            throw new BusinessRuleException(ProblemTypes.Base + "bureau-no-portfolio", "No portfolio pays for this lookup",
                "The debtor has no debt in any portfolio, so no portfolio's budget can pay for a lookup.");
        var now = clock.GetUtcNow();

        if (ask.UseCache && await CachedAsync(ask, portfolioId.Value, now, ct) is { } cached) return new Outcome(cached, null);

        var price = Money.ToCents(options.Value.Price);
        var id = Guid.CreateVersion7();
        await using (var reserve = await db.BeginIndependentAsync(ct))
        {
            var budget = await BudgetAsync(reserve, portfolioId.Value, now);
            if (budget.SpentCents + price > budget.LimitCents)
            {
                if (!refuse) return null;
                var portfolio = await mediator.Send(new GetPortfolio(portfolioId.Value), ct);
                throw new BusinessRuleException(ProblemTypes.Base + "bureau-budget-exceeded", "The portfolio's monthly bureau budget is spent",
                    Language.IsPortuguese
                        ? $"O orçamento mensal de consultas ao birô da carteira {portfolio?.Code} ({portfolio?.Name}) é {Money.Format(budget.LimitCents)}; " +
                          $"já foram gastos {Money.Format(budget.SpentCents)} neste mês e uma consulta custa {Money.Format(price)}."
                        : $"The monthly bureau budget of portfolio {portfolio?.Code} ({portfolio?.Name}) is {Money.Format(budget.LimitCents)}; " +
                          $"{Money.Format(budget.SpentCents)} was spent this month and a lookup costs {Money.Format(price)}.")
                {
                    Extensions = new Dictionary<string, object?>
                    {
                        ["portfolioId"] = portfolioId, ["portfolioCode"] = portfolio?.Code, ["budget"] = Money.ToReais(budget.LimitCents),
                        ["spent"] = Money.ToReais(budget.SpentCents), ["cost"] = Money.ToReais(price),
                    },
                };
            }
            await reserve.ExecuteAsync(
                """
                INSERT INTO bureau.lookup (id, debtor_id, portfolio_id, purpose, legal_basis, requested_by, requested_by_id, requested_at, cost_cents)
                VALUES (@Id, @DebtorId, @PortfolioId, @Purpose, @LegalBasis, @Requester, @RequesterId, @Now, @Price)
                """, new { Id = id, ask.DebtorId, PortfolioId = portfolioId, ask.Purpose, LegalBasis, ask.Requester, ask.RequesterId, Now = now, Price = price });
            await reserve.CommitAsync(ct);
        }

        BureauReport report;
        try
        {
            report = await bureau.LookUpAsync(debtor.Document, ask.Purpose, id, ct);
        }
        catch
        {
            // Not answered, not paid: the reservation goes.
            await using var release = await db.BeginIndependentAsync(CancellationToken.None);
            await release.ExecuteAsync("DELETE FROM bureau.lookup WHERE id = @Id", new { Id = id });
            await release.CommitAsync(CancellationToken.None);
            throw;
        }

        await using var tx = await db.BeginAsync(ct);
        var previous = (await tx.QueryAsync<LookupView.Row>(db.Dialect.Limit(
                $"SELECT {LookupView.Columns} FROM bureau.lookup WHERE debtor_id = @DebtorId AND id <> @Id AND cached_from IS NULL AND report IS NOT NULL ORDER BY requested_at DESC",
                "1"), new { ask.DebtorId, Id = id }))
            .Select(LookupView.Parse).FirstOrDefault();
        await tx.ExecuteAsync("UPDATE bureau.lookup SET protocol = @Protocol, score = @Score, report = @Report WHERE id = @Id",
            new { Id = id, report.Protocol, report.Score, Report = LookupView.Serialise(report) });
        var view = LookupView.From((await tx.QuerySingleOrDefaultAsync<LookupView.Row>($"SELECT {LookupView.Columns} FROM bureau.lookup WHERE id = @Id", new { Id = id }))!);
        await tx.PublishAsync(new BureauLookupCharged(id, ask.DebtorId, portfolioId, ask.Purpose, price, now), now);
        if (report.Contacts.Count > 0)
            await tx.PublishAsync(new BureauContactsFound(id, ask.DebtorId, report.Contacts.Select(c => new BureauContact(c.Channel, c.Value)).ToList()), now);
        if (alongside is not null) await alongside(tx, view, previous);
        await tx.CommitAsync(ct);
        return new Outcome(view, previous);
    }

    /// <summary>The answer of the last paid lookup still in the cache, recorded again for this ask at no cost.</summary>
    private async Task<LookupView?> CachedAsync(Ask ask, Guid portfolioId, DateTimeOffset now, CancellationToken ct)
    {
        LookupView.Row? hit;
        // Read first without a transaction: a miss goes on to reserve in a transaction of its own (the write lock is not held twice).
        await using (var read = await db.OpenAsync(ct))
            hit = (await read.QueryAsync<LookupView.Row>(db.Dialect.Limit(
            $"""
            SELECT {LookupView.Columns} FROM bureau.lookup
             WHERE debtor_id = @DebtorId AND cached_from IS NULL AND report IS NOT NULL AND erased_at IS NULL AND requested_at > @Since
             ORDER BY requested_at DESC
            """, "1"), new { ask.DebtorId, Since = now - options.Value.CacheFor })).FirstOrDefault();
        if (hit is null) return null;
        await using var tx = await db.BeginAsync(ct);
        var id = Guid.CreateVersion7();
        await tx.ExecuteAsync(
            """
            INSERT INTO bureau.lookup (id, debtor_id, portfolio_id, purpose, legal_basis, requested_by, requested_by_id, requested_at, cost_cents,
                                       cached_from, protocol, score, report)
            VALUES (@Id, @DebtorId, @PortfolioId, @Purpose, @LegalBasis, @Requester, @RequesterId, @Now, 0, @CachedFrom, @Protocol, @Score, @Report)
            """, new { Id = id, ask.DebtorId, PortfolioId = portfolioId, ask.Purpose, LegalBasis, ask.Requester, ask.RequesterId, Now = now,
                       CachedFrom = hit.Id, hit.Protocol, hit.Score, hit.Report });
        var row = await tx.QuerySingleOrDefaultAsync<LookupView.Row>($"SELECT {LookupView.Columns} FROM bureau.lookup WHERE id = @Id", new { Id = id });
        await tx.CommitAsync(ct);
        return LookupView.From(row!);
    }

    /// <summary>The portfolio that pays: the one of the debtor's oldest open debt, else of the oldest debt.</summary>
    private static Guid? PortfolioOf(DebtorDebts debtor) =>
        debtor.Debts.OrderBy(d => d.Status == DebtStatus.Open ? 0 : 1).ThenBy(d => d.DueDate).Select(d => (Guid?)d.PortfolioId).FirstOrDefault();

    internal sealed record Budget(long LimitCents, long SpentCents);

    /// <summary>A portfolio's budget this month (Brasília's calendar month) and what its lookups cost so far.</summary>
    public async Task<Budget> BudgetAsync(DbSession session, Guid portfolioId, DateTimeOffset now)
    {
        var today = BusinessDate.Of(now);
        var first = new DateOnly(today.Year, today.Month, 1);
        var start = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(first.ToDateTime(TimeOnly.MinValue), BusinessDate.Brasilia), TimeSpan.Zero);
        var limit = await session.QuerySingleOrDefaultAsync<long?>("SELECT monthly_budget_cents FROM bureau.settings WHERE portfolio_id = @PortfolioId",
            new { PortfolioId = portfolioId });
        var spent = await session.ExecuteScalarAsync<long?>(
            "SELECT SUM(cost_cents) FROM bureau.lookup WHERE portfolio_id = @PortfolioId AND requested_at >= @Start",
            new { PortfolioId = portfolioId, Start = start });
        return new Budget(limit ?? Money.ToCents(options.Value.DefaultMonthlyBudget), spent ?? 0);
    }
}
