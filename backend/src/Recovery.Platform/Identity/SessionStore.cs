using Dapper;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks.Data;
using Recovery.Platform.Data;

namespace Recovery.Platform.Identity;

/// <summary>
/// Sessions kept server-side: the cookie carries only an id, so sign-out and an absolute timeout end a session for
/// good, and any instance behind the load balancer can serve it.
/// </summary>
internal sealed class SessionStore(Database database, TimeProvider clock, IOptions<SecurityOptions> options) : ITicketStore
{
    private const string Schema = PlatformDb.Name;

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var id = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        var userId = Guid.Parse(ticket.Principal.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value);
        await ExecuteAsync(
            "INSERT INTO platform.user_session (id, user_id, ticket, created_at, expires_at, absolute_expires_at) VALUES (@Id, @UserId, @Ticket, @Now, @ExpiresAt, @AbsoluteExpiresAt)",
            new
            {
                Id = id, UserId = userId, Ticket = TicketSerializer.Default.Serialize(ticket), Now = now,
                ExpiresAt = ticket.Properties.ExpiresUtc ?? now + options.Value.IdleTimeout,
                AbsoluteExpiresAt = now + options.Value.AbsoluteTimeout,
            });
        return id.ToString();
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) =>
        Guid.TryParse(key, out var id)
            ? ExecuteAsync("UPDATE platform.user_session SET ticket = @Ticket, expires_at = @ExpiresAt WHERE id = @Id",
                new { Id = id, Ticket = TicketSerializer.Default.Serialize(ticket), ExpiresAt = ticket.Properties.ExpiresUtc ?? clock.GetUtcNow() + options.Value.IdleTimeout })
            : Task.CompletedTask;

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        if (!Guid.TryParse(key, out var id)) return null;
        var connection = await database.OpenAsync(Schema);
        try
        {
            var row = await connection.QuerySingleOrDefaultAsync<SessionRow>(
                "SELECT ticket, expires_at, absolute_expires_at FROM platform.user_session WHERE id = @Id", new { Id = id });
            if (row is null) return null;
            var now = clock.GetUtcNow();
            if (row.AbsoluteExpiresAt <= now || row.ExpiresAt <= now)
            {
                await database.WriteAsync(Schema, "DELETE FROM platform.user_session WHERE id = @Id", new { Id = id });
                return null;
            }
            var ticket = TicketSerializer.Default.Deserialize(row.Ticket);
            if (ticket is not null) await RefreshScopeAsync(connection, ticket);
            return ticket;
        }
        finally
        {
            database.Release(Schema, connection);
        }
    }

    /// <summary>
    /// The person's scope, team and agency as they are now (ADR 0026): read with the session on every request and never
    /// trusted from the stored ticket, so a change by an administrator takes effect on the person's next request.
    /// </summary>
    private static async Task RefreshScopeAsync(System.Data.Common.DbConnection connection, AuthenticationTicket ticket)
    {
        if (ticket.Principal.Identity is not System.Security.Claims.ClaimsIdentity identity
            || !Guid.TryParse(identity.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value, out var userId)) return;
        foreach (var claim in identity.Claims.Where(c => ScopeClaims.All.Contains(c.Type)).ToList()) identity.RemoveClaim(claim);
        var user = await connection.QuerySingleOrDefaultAsync<ScopeRow>(
            """
            SELECT u.agency_id, COALESCE((SELECT MIN(t.id) FROM platform.team t WHERE t.supervisor_id = u.id), u.team_id) AS team_id
              FROM platform.app_user u WHERE u.id = @UserId
            """, new { UserId = userId });
        if (user is null) return;
        var portfolios = (await connection.QueryAsync<Guid>(
            "SELECT portfolio_id FROM platform.user_portfolio WHERE user_id = @UserId ORDER BY portfolio_id", new { UserId = userId })).ToList();
        if (user.AgencyId is { } agency) identity.AddClaim(new(ScopeClaims.AgencyId, agency.ToString()));
        if (user.TeamId is { } team) identity.AddClaim(new(ScopeClaims.TeamId, team.ToString()));
        if (portfolios.Count > 0) identity.AddClaim(new(ScopeClaims.Limited, "true"));
        foreach (var portfolio in portfolios) identity.AddClaim(new(ScopeClaims.Portfolio, portfolio.ToString()));
    }

    private sealed class ScopeRow
    {
        public Guid? AgencyId { get; init; }
        public Guid? TeamId { get; init; }
    }

    public Task RemoveAsync(string key) =>
        Guid.TryParse(key, out var id)
            ? ExecuteAsync("DELETE FROM platform.user_session WHERE id = @Id", new { Id = id })
            : Task.CompletedTask;

    private const string CurrentKeyItem = "recovery:session_key";

    /// <summary>Read for a request: the session's key is kept with the request, for <see cref="EndOthersAsync"/>.</summary>
    public Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        httpContext.Items[CurrentKeyItem] = key;
        return RetrieveAsync(key);
    }

    /// <summary>Ends every session of the request's person but the request's own (their second factor changed).</summary>
    public Task EndOthersAsync(HttpContext httpContext, Guid userId) =>
        ExecuteAsync("DELETE FROM platform.user_session WHERE user_id = @UserId AND id <> @Current",
            new { UserId = userId, Current = Guid.TryParse(httpContext.Items[CurrentKeyItem] as string, out var current) ? current : Guid.Empty });

    private sealed class SessionRow
    {
        public byte[] Ticket { get; init; } = [];
        public DateTimeOffset ExpiresAt { get; init; }
        public DateTimeOffset AbsoluteExpiresAt { get; init; }
    }

    private Task ExecuteAsync(string sql, object args) => database.WriteAsync(Schema, sql, args);
}

internal sealed class ConfigureSessionCookie(SessionStore store, IOptions<SecurityOptions> security) : IPostConfigureOptions<CookieAuthenticationOptions>
{
    public void PostConfigure(string? name, CookieAuthenticationOptions options)
    {
        if (name != AuthSchemes.Cookie) return;
        options.SessionStore = store;
        options.ExpireTimeSpan = security.Value.IdleTimeout;
        if (security.Value.AlwaysSecureCookies) options.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.Always;
    }
}
