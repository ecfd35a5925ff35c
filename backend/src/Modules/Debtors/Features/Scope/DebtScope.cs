using Dapper;
using Recovery.BuildingBlocks.Data;

namespace Recovery.Debtors.Features.Scope;

/// <summary>
/// The scope of ADR 0026 as SQL over a debt (<c>debtors.invoice</c> aliased <c>i</c>): every list and check of Debtors
/// adds <see cref="Where"/> with the parameters of <see cref="Args"/>, so what is outside never leaves the database.
/// </summary>
internal static class DebtScope
{
    public static string Where(ISqlDialect dialect) => $"""
        (@ScopeAll = 1
         OR (@ScopeAgency IS NULL AND i.portfolio_id IN ({dialect.JsonIds("@ScopePortfolios")}))
         OR EXISTS (SELECT 1 FROM debtors.placement pl
                     WHERE pl.invoice_id = i.id AND pl.agency_id = @ScopeAgency AND pl.starts_at <= @ScopeNow AND pl.ends_at > @ScopeNow))
        """;

    /// <summary>The scope's parameters added to a statement's own (an anonymous object, or none).</summary>
    public static DynamicParameters Args(AccessScope scope, DateTimeOffset now, object? template = null)
    {
        var args = template is DynamicParameters dynamic ? dynamic : new DynamicParameters(template);
        args.Add("ScopeAll", scope.Unrestricted ? 1 : 0);
        args.Add("ScopePortfolios", scope.PortfoliosJson, System.Data.DbType.String);
        args.Add("ScopeAgency", scope.AgencyId);
        args.Add("ScopeNow", now);
        return args;
    }
}
