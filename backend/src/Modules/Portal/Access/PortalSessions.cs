using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks.Data;
using Recovery.Portal.Data;

namespace Recovery.Portal.Access;

/// <summary>
/// The debtors' sessions, server-side in <c>portal.session</c> like the people's (ADR 0004): the cookie carries only an
/// id, sign-out and the absolute timeout end a session for good, and any instance serves it.
/// </summary>
internal sealed class PortalSessionStore(Database database, TimeProvider clock, IOptions<PortalOptions> options) : ITicketStore
{
    private const string Schema = PortalDb.Name;

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var id = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        await database.WriteAsync(Schema,
            "INSERT INTO portal.session (id, debtor_id, ticket, created_at, expires_at, absolute_expires_at) VALUES (@Id, @DebtorId, @Ticket, @Now, @ExpiresAt, @AbsoluteExpiresAt)",
            new
            {
                Id = id, DebtorId = PortalPrincipal.DebtorId(ticket.Principal), Ticket = TicketSerializer.Default.Serialize(ticket), Now = now,
                ExpiresAt = now + options.Value.IdleTimeout, AbsoluteExpiresAt = now + options.Value.AbsoluteTimeout,
            });
        return id.ToString();
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) =>
        Guid.TryParse(key, out var id)
            ? database.WriteAsync(Schema, "UPDATE portal.session SET expires_at = @ExpiresAt WHERE id = @Id",
                new { Id = id, ExpiresAt = clock.GetUtcNow() + options.Value.IdleTimeout })
            : Task.CompletedTask;

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        if (!Guid.TryParse(key, out var id)) return null;
        var connection = await database.OpenAsync(Schema);
        try
        {
            var row = await connection.QuerySingleOrDefaultAsync<Row>(
                "SELECT ticket, expires_at, absolute_expires_at FROM portal.session WHERE id = @Id", new { Id = id });
            if (row is null) return null;
            var now = clock.GetUtcNow();
            if (row.AbsoluteExpiresAt <= now || row.ExpiresAt <= now)
            {
                await database.WriteAsync(Schema, "DELETE FROM portal.session WHERE id = @Id", new { Id = id });
                return null;
            }
            return TicketSerializer.Default.Deserialize(row.Ticket);
        }
        finally
        {
            database.Release(Schema, connection);
        }
    }

    public Task RemoveAsync(string key) =>
        Guid.TryParse(key, out var id) ? database.WriteAsync(Schema, "DELETE FROM portal.session WHERE id = @Id", new { Id = id }) : Task.CompletedTask;

    private sealed class Row
    {
        public byte[] Ticket { get; init; } = [];
        public DateTimeOffset ExpiresAt { get; init; }
        public DateTimeOffset AbsoluteExpiresAt { get; init; }
    }
}

/// <summary>The portal cookie: HttpOnly, SameSite=Strict, sent only to the portal's API paths, sessions kept server-side.</summary>
internal sealed class ConfigurePortalCookie(PortalSessionStore store, IOptions<PortalOptions> portal) : IPostConfigureOptions<CookieAuthenticationOptions>
{
    public void PostConfigure(string? name, CookieAuthenticationOptions o)
    {
        if (name != AuthSchemes.Portal) return;
        o.SessionStore = store;
        o.Cookie.Name = AuthSchemes.PortalCookieName;
        o.Cookie.Path = AuthSchemes.PortalPath;
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Strict;
        o.Cookie.SecurePolicy = portal.Value.AlwaysSecureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        o.SlidingExpiration = true;
        o.ExpireTimeSpan = portal.Value.IdleTimeout;
        o.Events.OnRedirectToLogin = c => { c.Response.StatusCode = 401; return Task.CompletedTask; };
        o.Events.OnRedirectToAccessDenied = c => { c.Response.StatusCode = 403; return Task.CompletedTask; };
    }
}

/// <summary>Who is signed in to the portal: the debtor's id, name and the role <c>debtor</c>.</summary>
internal static class PortalPrincipal
{
    public static ClaimsPrincipal For(Guid debtorId, string name) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, debtorId.ToString()),
        new Claim(ClaimTypes.Name, name),
        new Claim(ClaimTypes.Role, Roles.Debtor),
    ], AuthSchemes.Portal));

    public static Guid DebtorId(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) && user.IsInRole(Roles.Debtor)
            ? id
            : throw new UnauthorizedException("Entre no portal de novo.");
}
