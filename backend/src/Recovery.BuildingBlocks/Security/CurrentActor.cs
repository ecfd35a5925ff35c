using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace Recovery.BuildingBlocks.Security;

public static class Roles
{
    public const string Admin = "admin";
    public const string Supervisor = "supervisor";
    public const string Agent = "agent";
    public const string Auditor = "auditor";
    public const string Partner = "partner";
    /// <summary>A debtor signed in to the self-service portal (its own cookie, its own endpoints only).</summary>
    public const string Debtor = "debtor";

    public static readonly IReadOnlyList<string> People = [Admin, Supervisor, Agent, Auditor];
}

/// <summary>Authorization policy names used by endpoints.</summary>
public static class Policies
{
    public const string Admin = "admin";
    /// <summary>Supervisors and administrators.</summary>
    public const string Supervisor = "supervisor";
    /// <summary>Anyone who works debts: agents, supervisors, administrators.</summary>
    public const string Agent = "agent";
    /// <summary>Auditors and administrators (read-only by construction for auditors).</summary>
    public const string Auditor = "auditor";
    /// <summary>The reports: auditors, and supervisors and administrators who watch the team.</summary>
    public const string Reports = "reports";
    /// <summary>Any signed-in person.</summary>
    public const string Person = "person";
    /// <summary>A partner system with an API key.</summary>
    public const string Partner = "partner";
    /// <summary>A debtor signed in to the portal with a one-time code.</summary>
    public const string Debtor = "debtor";
}

public static class AuthSchemes
{
    public const string Cookie = "Cookies";
    public const string ApiKey = "ApiKey";
    /// <summary>The default: the API key when the request carries one, else the session cookie.</summary>
    public const string Selector = "Recovery";
    public const string CookieName = "recovery_session";
    public const string CsrfHeader = "X-Requested-With";
    public const string ApiKeyHeader = "X-Api-Key";
    /// <summary>The portal's own cookie session (role debtor), read only on the portal's paths.</summary>
    public const string Portal = "Portal";
    public const string PortalCookieName = "recovery_portal";
    public const string PortalPath = "/api/v1/portal";
}

public static class RecoveryClaims
{
    public const string PartnerId = "recovery:partner_id";
    public const string SessionId = "recovery:session_id";
    public const string ApiKeyId = "recovery:api_key_id";
}

public enum ActorKind { System, User, Partner, Debtor }

/// <summary>Who is acting: a person, a partner system, or the system itself (background work).</summary>
public interface ICurrentActor
{
    ActorKind Kind { get; }
    Guid? Id { get; }
    string Name { get; }
    string? Role { get; }
    /// <summary>For a partner: its id, taken from the credential and never from the request.</summary>
    Guid? PartnerId { get; }
    string? IpAddress { get; }
    /// <summary>What of the debts the actor may see (ADR 0026); everything for partners, debtors and the system.</summary>
    AccessScope Scope => AccessScope.Everything;
    /// <summary>A person's team: the one they supervise, else the one they belong to.</summary>
    Guid? TeamId => null;
}

internal sealed class HttpCurrentActor(IHttpContextAccessor accessor) : ICurrentActor
{
    private ClaimsPrincipal? User => accessor.HttpContext?.User is { Identity.IsAuthenticated: true } u ? u : null;

    public ActorKind Kind => User is null ? ActorKind.System
        : PartnerId is not null ? ActorKind.Partner
        : User.IsInRole(Roles.Debtor) ? ActorKind.Debtor
        : ActorKind.User;

    public Guid? Id => Guid.TryParse(User?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public string Name => User?.FindFirstValue(ClaimTypes.Name) ?? (accessor.HttpContext is null ? "system" : "anonymous");

    public string? Role => User?.FindFirstValue(ClaimTypes.Role);

    public Guid? PartnerId => Guid.TryParse(User?.FindFirstValue(RecoveryClaims.PartnerId), out var id) ? id : null;

    public string? IpAddress => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public AccessScope Scope => AccessScope.Of(User);

    public Guid? TeamId => Guid.TryParse(User?.FindFirstValue(ScopeClaims.TeamId), out var id) ? id : null;
}
