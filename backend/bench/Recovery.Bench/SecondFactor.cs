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
    // A TOTP code is accepted once (replays are refused): later sign-ins use the recovery codes of the last enrolment
    // (a server restarted on the same data directory has the same administrator).
    private static System.Collections.Concurrent.ConcurrentQueue<string> _recoveryCodes = new();

    /// <summary>How far the server's clock is shifted (Benchmark:ClockStart): its TOTP codes follow its own time.</summary>
    public static TimeSpan ServerClockOffset { get; set; }

    public static async Task EnrolAsync(HttpClient signedIn, string baseUrl)
    {
        var started = await (await signedIn.PostAsync(baseUrl + "/api/v1/auth/mfa", null)).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonObject>();
        var key = Base32(started!["secret"]!.GetValue<string>());
        var code = Code(key, (DateTimeOffset.UtcNow + ServerClockOffset).ToUnixTimeSeconds() / 30);
        var confirmed = await (await signedIn.PostAsJsonAsync(baseUrl + "/api/v1/auth/mfa/confirm", new { totp = code })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonObject>();
        _recoveryCodes = new(confirmed!["recoveryCodes"]!.AsArray().Select(c => c!.GetValue<string>()));
    }

    /// <summary>Signs the benchmark's administrator in; when the server asks for the second factor, with a recovery code.</summary>
    public static async Task SignInAdminAsync(HttpClient client, string baseUrl)
    {
        var body = new Dictionary<string, string> { ["email"] = "admin@bench.local", ["password"] = "Bench-Password-2026" };
        using (var plain = await client.PostAsJsonAsync(baseUrl + "/api/v1/auth/login", body))
        {
            if (plain.IsSuccessStatusCode) return;
            if (plain.StatusCode != System.Net.HttpStatusCode.Unauthorized || !(await plain.Content.ReadAsStringAsync()).Contains("mfa-required"))
                plain.EnsureSuccessStatusCode();
        }
        body["totp"] = _recoveryCodes.TryDequeue(out var code) ? code : throw new InvalidOperationException("the administrator's recovery codes ran out");
        (await client.PostAsJsonAsync(baseUrl + "/api/v1/auth/login", body)).EnsureSuccessStatusCode();
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
