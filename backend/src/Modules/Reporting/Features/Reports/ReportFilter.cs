using Recovery.BuildingBlocks.Errors;
using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Mvc;

namespace Recovery.Reporting.Features.Reports;

/// <summary>
/// The filters the reports share, from the query string: creditor (<c>partnerId</c>), portfolio (code or id), agent (the
/// name the agent signs in with) and period (<c>from</c>, <c>to</c>, dates inclusive; the last twelve months by default).
/// The agent is the e-mail they sign in with. <c>dialect</c> chooses the CSV's form (pt-BR by default, <c>en</c> for machines).
/// The agent is the e-mail they sign in with. A report applies the agent where it has one: agreements, promises, contacts and the money recovered on them.
/// </summary>
internal sealed record ReportFilter(
    [property: FromQuery(Name = "partnerId")] Guid? PartnerId,
    [property: FromQuery(Name = "portfolio")] string? Portfolio,
    [property: FromQuery(Name = "agent")] string? Agent,
    [property: FromQuery(Name = "from")] DateOnly? From,
    [property: FromQuery(Name = "to")] DateOnly? To,
    [property: FromQuery(Name = "dialect")] string? Dialect = null)
{
    public static readonly ReportFilter None = new(null, null, null, null, null);

    public DateOnly FromOr(DateOnly today) => From ?? new DateOnly(today.Year, today.Month, 1).AddMonths(-11);

    public DateOnly ToOr(DateOnly today) => To ?? today;

    /// <summary>The months of the period, oldest first, as 'yyyy-MM'.</summary>
    public static IReadOnlyList<string> Months(DateOnly from, DateOnly to)
    {
        var months = new List<string>();
        for (var m = new DateOnly(from.Year, from.Month, 1); m <= to; m = m.AddMonths(1)) months.Add(Month(m));
        return months;
    }

    public static string Month(DateOnly date) => date.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>
    /// The conditions for a table (alias) with <c>partner_id</c>, <c>portfolio_id</c> and <c>portfolio_code</c> (and
    /// <c>agent</c> when <paramref name="agentColumn"/> names it), each starting with AND; their values go in <paramref name="args"/>.
    /// </summary>
    public string Where(string alias, DynamicParameters args, string? agentColumn = null)
    {
        var sql = "";
        if (PartnerId is not null) { sql += $" AND {alias}.partner_id = @PartnerId"; args.Add("PartnerId", PartnerId); }
        if (Guid.TryParse(Portfolio, out var portfolioId)) { sql += $" AND {alias}.portfolio_id = @PortfolioId"; args.Add("PortfolioId", portfolioId); }
        else if (!string.IsNullOrWhiteSpace(Portfolio)) { sql += $" AND LOWER({alias}.portfolio_code) = @PortfolioCode"; args.Add("PortfolioCode", Portfolio.Trim().ToLowerInvariant()); }
        if (agentColumn is not null && !string.IsNullOrWhiteSpace(Agent)) { sql += $" AND LOWER({agentColumn}) = @Agent"; args.Add("Agent", Agent.Trim().ToLowerInvariant()); }
        return sql;
    }
}

/// <summary>A report's query: its filters and the clock to default the period.</summary>
internal interface IFilteredQuery
{
    ReportFilter Filter { get; }
}

/// <summary>The rules every report's filters follow, naming the query-string field that is wrong.</summary>
internal class FilterRules<TQuery> : AbstractValidator<TQuery> where TQuery : IFilteredQuery
{
    public FilterRules()
    {
        RuleFor(q => q.Filter.Portfolio).MaximumLength(64).OverridePropertyName("portfolio").WithMessage("portfolio is a portfolio's code or id", "carteira: o código ou o id de uma carteira");
        RuleFor(q => q.Filter.Agent).MaximumLength(200).OverridePropertyName("agent");
        RuleFor(q => q.Filter.From).Must((q, from) => from is null || q.Filter.To is null || from <= q.Filter.To)
            .OverridePropertyName("from").WithMessage("'from' must not be after 'to'.", "a data inicial não pode ser depois da final");
        RuleFor(q => q.Filter.To).Must((q, to) => q.Filter.From is null || to is null || to.Value.DayNumber - q.Filter.From.Value.DayNumber <= 3660)
            .OverridePropertyName("to").WithMessage("A report covers at most ten years.", "um relatório cobre no máximo dez anos");
    }
}

internal static class ReportEndpoints
{
    /// <summary>What every report endpoint is: auditors' (and administrators'), JSON or CSV, a 400 naming a wrong filter.</summary>
    public static RouteHandlerBuilder AsReport<TReport>(this RouteHandlerBuilder endpoint, string name) =>
        endpoint.WithName(name)
            .RequireAuthorization(Policies.Reports)
            .Produces<TReport>(200, "application/json", "text/csv")
            .ProducesValidationProblem();
}
