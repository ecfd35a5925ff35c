using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OtpNet;

namespace Recovery.Api.Tests.Infrastructure;

/// <summary>
/// Signs people in as the SPA does, second factor included. A person whose role requires one (administrator,
/// supervisor, auditor) is enrolled at their first sign-in with a real TOTP secret, whose codes are computed here as an
/// authenticator app would. The server refuses a time step twice, so codes are taken from steps not yet used (the
/// current one and the next, which the server accepts) and then from the recovery codes; and a person with a second
/// factor who is still signed in gets their live session again (a copy of its cookie) rather than a new sign-in, so
/// that tests signing the administrator in over and over need no more codes than 30 s give.
/// </summary>
public sealed class SecondFactors(RecoveryApp app, TimeProvider clock)
{
    private static readonly HashSet<string> Enrolling = ["admin", "supervisor", "auditor"];

    private readonly ConcurrentDictionary<string, Factor> _factors = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new();

    public sealed class Factor(byte[] key, long lastStep, IEnumerable<string> recoveryCodes)
    {
        public byte[] Key { get; } = key;
        public long LastStep { get; set; } = lastStep;
        public Queue<string> RecoveryCodes { get; } = new(recoveryCodes);
        public CookieCollection? Session { get; set; }
        public string Password { get; set; } = "";
    }

    public bool IsEnrolled(string email) => _factors.ContainsKey(email);

    /// <summary>The authenticator of a person enrolled on another host whose data this host now has (a restored backup).</summary>
    public void Adopt(SecondFactors from, string email) => _factors[email] = from._factors[email];

    /// <summary>A code the server has not seen for this person: a TOTP code of an unused step, else a recovery code.</summary>
    public string NextCode(string email)
    {
        var factor = _factors[email];
        lock (factor)
        {
            var now = Step(clock.GetUtcNow());
            var step = Math.Max(now, factor.LastStep + 1);
            if (step <= now + 1)
            {
                factor.LastStep = step;
                return Code(factor.Key, step);
            }
            return factor.RecoveryCodes.TryDequeue(out var code)
                ? code
                : throw new InvalidOperationException($"No unused code left for {email} in this 30 s window.");
        }
    }

    public static long Step(DateTimeOffset at) => at.ToUnixTimeSeconds() / 30;

    public static string Code(byte[] key, long step) => new Totp(key).ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(step * 30).UtcDateTime);

    public Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password) =>
        client.PostAsJsonAsync("/api/v1/auth/login", IsEnrolled(email)
            ? new { email, password, totp = NextCode(email) }
            : (object)new { email, password });

    internal async Task<HttpClient> SignInAsync(string email, string password)
    {
        var gate = _locks.GetOrAdd(email, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync();
        try
        {
            var cookies = new CookieContainer();
            if (_factors.TryGetValue(email, out var known) && known.Session is { } live && known.Password == password)
            {
                cookies.Add(live);
                var reused = app.ClientWith(cookies);
                if ((await reused.GetAsync("/api/v1/auth/me")).IsSuccessStatusCode) return reused;
                cookies = new CookieContainer();
            }
            var client = app.ClientWith(cookies);
            var response = await PostLoginAsync(client, email, password);
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"Login of {email} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var role = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("role").GetString()!;
            if (!IsEnrolled(email) && Enrolling.Contains(role)) await EnrolAsync(client, email);
            if (_factors.TryGetValue(email, out var factor))
            {
                factor.Session = cookies.GetCookies(new Uri("http://localhost"));
                factor.Password = password;
            }
            return client;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Enrols the signed-in person as the SPA's enrolment screen does; their session then has the second factor.</summary>
    public async Task<Factor> EnrolAsync(HttpClient client, string email)
    {
        using var enrol = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/mfa");
        enrol.Headers.Add("X-Requested-With", "recovery-tests");
        var started = await (await client.SendAsync(enrol)).JsonAsync();
        var key = Base32Encoding.ToBytes(started.GetProperty("secret").GetString()!);
        var step = Step(clock.GetUtcNow());
        using var confirm = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/mfa/confirm") { Content = JsonContent.Create(new { totp = Code(key, step) }) };
        confirm.Headers.Add("X-Requested-With", "recovery-tests");
        var confirmed = await (await client.SendAsync(confirm)).JsonAsync();
        var factor = new Factor(key, step, confirmed.GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!));
        _factors[email] = factor;
        return factor;
    }
}
