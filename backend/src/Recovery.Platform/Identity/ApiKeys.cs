using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Dapper;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks.Data;
using Recovery.Platform.Data;

namespace Recovery.Platform.Identity;

/// <summary>
/// Partner API keys: <c>rk_live_</c> and 256 random bits in base64url (the prefix lets secret scanners find leaked
/// keys). Stored only as a SHA-256 hash; the first characters of the secret index the row, and the hash is compared
/// in constant time.
/// </summary>
internal static class ApiKeys
{
    public const string Prefix = "rk_live_";
    private const int LookupLength = 16;

    public static (string Key, string Lookup, string Hash) Generate()
    {
        var secret = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var key = Prefix + secret;
        return (key, secret[..LookupLength], Hash(key));
    }

    public static string? LookupOf(string presented) =>
        presented.StartsWith(Prefix, StringComparison.Ordinal) && presented.Length == Prefix.Length + 43
            ? presented.Substring(Prefix.Length, LookupLength)
            : null;

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static bool Matches(string presented, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(presented)), Encoding.ASCII.GetBytes(storedHash.Trim()));
}

internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    Database database) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Header = AuthSchemes.ApiKeyHeader;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values)) return AuthenticateResult.NoResult();
        var presented = values.ToString().Trim();
        var lookup = ApiKeys.LookupOf(presented);
        if (lookup is null) return AuthenticateResult.Fail("Malformed API key.");

        var connection = await database.OpenAsync(PlatformDb.Name, Context.RequestAborted);
        KeyRow? row;
        try
        {
            row = await connection.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(
                """
                SELECT k.id AS key_id, k.key_hash, p.id AS partner_id, p.name AS partner_name
                  FROM platform.api_key k JOIN platform.partner p ON p.id = k.partner_id
                 WHERE k.lookup = @Lookup AND k.revoked_at IS NULL
                """, new { Lookup = lookup }, cancellationToken: Context.RequestAborted));
        }
        finally
        {
            database.Release(PlatformDb.Name, connection);
        }
        if (row is null || !ApiKeys.Matches(presented, row.KeyHash)) return AuthenticateResult.Fail("Unknown or revoked API key.");

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, row.PartnerId.ToString()),
            new Claim(ClaimTypes.Name, row.PartnerName),
            new Claim(ClaimTypes.Role, Roles.Partner),
            new Claim(RecoveryClaims.PartnerId, row.PartnerId.ToString()),
            new Claim(RecoveryClaims.ApiKeyId, row.KeyId.ToString()),
        ], AuthSchemes.ApiKey);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), AuthSchemes.ApiKey));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = "ApiKey header=\"X-Api-Key\"";
        return Task.CompletedTask;
    }

    private sealed class KeyRow
    {
        public Guid KeyId { get; init; }
        public string KeyHash { get; init; } = "";
        public Guid PartnerId { get; init; }
        public string PartnerName { get; init; } = "";
    }
}
