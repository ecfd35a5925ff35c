using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Recovery.BuildingBlocks.Errors;

namespace Recovery.BuildingBlocks.Security;

/// <summary>
/// What of the debts a person may see (ADR 0026): everything; the debts of some portfolios (an agent or supervisor limited
/// to them); or the debts placed with their collection agency while the placement lasts. Read from the session's claims,
/// which the session store refreshes from the user's record on every request, so a change takes effect at once.
/// </summary>
public sealed record AccessScope(IReadOnlyList<Guid>? Portfolios, Guid? AgencyId)
{
    public static readonly AccessScope Everything = new(null, null);

    public bool Unrestricted => Portfolios is null && AgencyId is null;

    /// <summary>The portfolios as a JSON array, for <c>ISqlDialect.JsonIds</c> ("[]" when not limited by portfolio).</summary>
    public string PortfoliosJson => "[" + string.Join(",", (Portfolios ?? []).Select(p => "\"" + p + "\"")) + "]";

    public bool AllowsPortfolio(Guid portfolioId) => AgencyId is null && (Portfolios is null || Portfolios.Contains(portfolioId));

    public static AccessScope Of(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true || user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Auditor)) return Everything;
        if (Guid.TryParse(user.FindFirstValue(ScopeClaims.AgencyId), out var agency)) return new AccessScope(null, agency);
        if (user.FindFirstValue(ScopeClaims.Limited) is null) return Everything;
        return new AccessScope(user.FindAll(ScopeClaims.Portfolio).Select(c => Guid.Parse(c.Value)).ToList(), null);
    }
}

/// <summary>The claims the session store puts on a person's principal on every request (never kept in the ticket).</summary>
public static class ScopeClaims
{
    public const string Portfolio = "recovery:portfolio";
    /// <summary>Present when the person is limited to <see cref="Portfolio"/> (none of them: they see nothing).</summary>
    public const string Limited = "recovery:scoped";
    public const string AgencyId = "recovery:agency_id";
    public const string TeamId = "recovery:team_id";

    public static readonly IReadOnlyList<string> All = [Portfolio, Limited, AgencyId, TeamId];
}

/// <summary>
/// Answers whether a scope lets its person see a debtor or some debts. Debtors owns the debts and implements it (the
/// portfolio of each debt, the placements with agencies); every module asks it, never re-deriving the rule.
/// </summary>
public interface IScopeGate
{
    /// <summary>A debtor is visible when any of their debts is (ADR 0026).</summary>
    Task<bool> DebtorVisibleAsync(AccessScope scope, Guid debtorId, CancellationToken ct);

    /// <summary>Which of these debts the scope allows.</summary>
    Task<IReadOnlySet<Guid>> VisibleInvoicesAsync(AccessScope scope, IReadOnlyCollection<Guid> invoiceIds, CancellationToken ct);

    /// <summary>Which of these debtors the scope allows (a page of another module's list, filtered in one question).</summary>
    Task<IReadOnlySet<Guid>> VisibleDebtorsAsync(AccessScope scope, IReadOnlyCollection<Guid> debtorIds, CancellationToken ct);
}

/// <summary>A kind of resource an endpoint names in its route, and whether a scope lets its person see one.</summary>
public interface IScopedResource
{
    string Kind { get; }
    Task<bool> VisibleAsync(AccessScope scope, Guid id, CancellationToken ct);
}

/// <summary>The kinds of <see cref="IScopedResource"/>: each answered by the module that owns it.</summary>
public static class ScopedKinds
{
    public const string Debtor = "debtor";
    public const string Agreement = "agreement";
    public const string Message = "message";
    public const string Invoice = "invoice";
}

public static class Scoping
{
    /// <summary>
    /// The endpoint names a debtor-specific resource in its route: for a scoped person, one outside their scope is a 404,
    /// told like one that does not exist, before the handler runs. Unrestricted people pass without a query.
    /// </summary>
    public static TBuilder ScopedTo<TBuilder>(this TBuilder builder, string kind, string routeValue) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new ScopedRoute(kind, routeValue));
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var scope = AccessScope.Of(http.User);
            if (!scope.Unrestricted && Guid.TryParse(http.Request.RouteValues[routeValue]?.ToString(), out var id))
            {
                var resource = http.RequestServices.GetServices<IScopedResource>().Single(r => r.Kind == kind);
                if (!await resource.VisibleAsync(scope, id, http.RequestAborted)) throw NotFound(kind, id);
            }
            return await next(context);
        });
        return builder;
    }

    /// <summary>What a scoped person hears of a resource outside their scope: the same as of one that does not exist.</summary>
    public static NotFoundException NotFound(string kind, Guid id) => new($"{char.ToUpperInvariant(kind[0])}{kind[1..]} {id} does not exist.");

    /// <summary>Throws the 404 unless every one of these debts is within the scope (commands and queries naming debts in their body).</summary>
    public static async Task EnsureInvoicesAsync(this IScopeGate gate, AccessScope scope, IReadOnlyCollection<Guid> invoiceIds, CancellationToken ct)
    {
        if (scope.Unrestricted || invoiceIds.Count == 0) return;
        var visible = await gate.VisibleInvoicesAsync(scope, invoiceIds, ct);
        foreach (var id in invoiceIds)
            if (!visible.Contains(id)) throw new NotFoundException($"Invoice {id} does not exist.");
    }

    /// <summary>Throws the 404 unless the debtor is within the scope.</summary>
    public static async Task EnsureDebtorAsync(this IScopeGate gate, AccessScope scope, Guid debtorId, CancellationToken ct)
    {
        if (!scope.Unrestricted && !await gate.DebtorVisibleAsync(scope, debtorId, ct)) throw NotFound(ScopedKinds.Debtor, debtorId);
    }
}

/// <summary>Endpoint metadata: the route names a resource of this kind in this route value, checked against the scope.</summary>
public sealed record ScopedRoute(string Kind, string RouteValue);
