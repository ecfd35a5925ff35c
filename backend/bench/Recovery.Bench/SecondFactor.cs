using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Recovery.Bench;

/// <summary>
/// Administrators sign in with a second factor: the benchmark enrols its administrator as the SPA does, computing the
/// TOTP code (RFC 6238: HMAC-SHA1, 30 s steps, 6 digits) as an authenticator app would. The session then has it.
/// </summary>
internal static class SecondFactor
{
    public static async Task EnrolAsync(HttpClient signedIn, string baseUrl)
    {
        var started = await (await signedIn.PostAsync(baseUrl + "/api/v1/auth/mfa", null)).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonObject>();
        var key = Base32(started!["secret"]!.GetValue<string>());
        var code = Code(key, DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30);
        (await signedIn.PostAsJsonAsync(baseUrl + "/api/v1/auth/mfa/confirm", new { totp = code })).EnsureSuccessStatusCode();
    }

    private static string Code(byte[] key, long step)
    {
        var counter = BitConverter.GetBytes(step);
        if (BitConverter.IsLittleEndian) Array.Reverse(counter);
        var hash = HMACSHA1.HashData(key, counter);
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6");
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('=').ToUpperInvariant())
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. bytes];
    }
}
