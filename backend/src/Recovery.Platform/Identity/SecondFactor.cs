using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using OtpNet;

namespace Recovery.Platform.Identity;

/// <summary>
/// The second factor of a person's sign-in: TOTP (RFC 6238: SHA-1, 6 digits, 30 s, one step either side accepted, a
/// step never accepted twice) and single-use recovery codes. Secrets are kept protected by the host's Data Protection
/// keys; recovery codes only as salted SHA-256 hashes (ASVS 2.6.2).
/// </summary>
internal sealed class SecondFactor(IDataProtectionProvider provider)
{
    public const string Issuer = "Recovery";
    public const int RecoveryCodeCount = 10;

    /// <summary>The roles that must sign in with a second factor; a session of theirs without one may only enrol.</summary>
    public static readonly IReadOnlyList<string> RequiredFor = [Roles.Admin, Roles.Supervisor, Roles.Auditor];

    /// <summary>The claim a session carries when its person has an active second factor.</summary>
    public const string Claim = "recovery:mfa";

    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
    private static readonly VerificationWindow Window = new(previous: 1, future: 1);
    private readonly IDataProtector _protector = provider.CreateProtector("Recovery.Platform.Mfa.Secret.v1");

    public static bool IsRequiredFor(string role) => RequiredFor.Contains(role);

    /// <summary>A new 160-bit secret: in base32 for the person's authenticator, and protected for the database.</summary>
    public (string Base32, string Protected) NewSecret()
    {
        var key = KeyGeneration.GenerateRandomKey(20);
        return (Base32Encoding.ToString(key), Convert.ToBase64String(_protector.Protect(key)));
    }

    public static string OtpAuthUri(string email, string base32) =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(email)}?secret={base32}" +
        $"&issuer={Uri.EscapeDataString(Issuer)}&algorithm=SHA1&digits=6&period=30";

    /// <summary>Six digits (spaces ignored): a TOTP code; anything else in the same field is taken as a recovery code.</summary>
    public static bool LooksLikeTotp(string code)
    {
        var digits = code.Replace(" ", "");
        return digits.Length == 6 && digits.All(char.IsAsciiDigit);
    }

    /// <summary>The time step the code belongs to, if it is right now (±1 step) and later than the last step used.</summary>
    public long? Verify(string protectedSecret, string code, DateTimeOffset now, long? lastUsedStep)
    {
        if (!LooksLikeTotp(code)) return null;
        var totp = new Totp(_protector.Unprotect(Convert.FromBase64String(protectedSecret)));
        return totp.VerifyTotp(now.UtcDateTime, code.Replace(" ", ""), out var step, Window) && step > (lastUsedStep ?? long.MinValue)
            ? step : null;
    }

    /// <summary>Ten recovery codes of 10 characters (50 bits each), shown once as "xxxxx-xxxxx".</summary>
    public static IReadOnlyList<string> NewRecoveryCodes() =>
        Enumerable.Range(0, RecoveryCodeCount).Select(_ =>
        {
            var chars = RandomNumberGenerator.GetItems<char>(Alphabet, 10);
            return new string(chars, 0, 5) + "-" + new string(chars, 5, 5);
        }).ToList();

    public static (string Salt, string Hash) HashRecoveryCode(string code)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return (Convert.ToBase64String(salt), Convert.ToBase64String(Hash(salt, code)));
    }

    public static bool MatchesRecoveryCode(string code, string salt, string hash) =>
        CryptographicOperations.FixedTimeEquals(Hash(Convert.FromBase64String(salt), code), Convert.FromBase64String(hash));

    private static byte[] Hash(byte[] salt, string code)
    {
        var normalized = new string(code.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        return SHA256.HashData([.. salt, .. Encoding.UTF8.GetBytes(normalized)]);
    }
}
