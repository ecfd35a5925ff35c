using System.Security.Cryptography;

namespace Recovery.Portal.Access;

/// <summary>
/// Six-digit sign-in codes, kept as PBKDF2-SHA256 with a salt of their own. The hashing is also the work a request for an
/// unknown document does, so both take the same time.
/// </summary>
internal static class AccessCodes
{
    private const int Iterations = 20_000;

    public static string NewCode() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6");

    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(16);

    public static byte[] Hash(string code, byte[] salt) => Rfc2898DeriveBytes.Pbkdf2(code, salt, Iterations, HashAlgorithmName.SHA256, 32);

    public static bool Matches(string code, byte[] salt, byte[] hash) => CryptographicOperations.FixedTimeEquals(Hash(code, salt), hash);

    public static bool LooksLikeCode(string? code) => code is { Length: 6 } && code.All(char.IsAsciiDigit);
}
