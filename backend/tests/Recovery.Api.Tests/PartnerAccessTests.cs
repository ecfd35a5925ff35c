namespace Recovery.Api.Tests;

public sealed class PartnerAccessTests
{
    private RecoveryApp _app = null!;

    [OneTimeSetUp]
    public void Start() => _app = new RecoveryApp(new()
    {
        ["Security:RateLimits:PartnerPermitsPerSecond"] = "2",
        ["Security:RateLimits:PartnerBurst"] = "5",
    });

    [OneTimeTearDown] public async Task Stop() => await _app.DisposeAsync();

    [Test]
    public async Task Missing_malformed_or_unknown_keys_are_401_problems()
    {
        var none = await _app.Anonymous().GetAsync("/api/v1/partner/me");
        await none.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That(none.Headers.WwwAuthenticate.ToString(), Does.Contain("ApiKey"));

        await (await _app.PartnerClient("hello").GetAsync("/api/v1/partner/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var forged = "rk_live_" + new string('A', 43);
        await (await _app.PartnerClient(forged).GetAsync("/api/v1/partner/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);

        var (_, _, key) = await _app.PartnerAsync();
        var tampered = key[..^1] + (key[^1] == 'A' ? 'B' : 'A');
        await (await _app.PartnerClient(tampered).GetAsync("/api/v1/partner/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task A_session_cookie_does_not_open_partner_endpoints()
    {
        var admin = await _app.AdminAsync();
        await (await admin.GetAsync("/api/v1/partner/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task A_partner_key_does_not_open_people_endpoints()
    {
        var (partner, _, _) = await _app.PartnerAsync();
        await (await partner.GetAsync("/api/v1/admin/users")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await partner.GetAsync("/api/v1/audit")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Each_partner_has_its_own_rate_limit_with_Retry_After()
    {
        var (busy, _, _) = await _app.PartnerAsync();
        var (quiet, _, _) = await _app.PartnerAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => busy.GetAsync("/api/v1/partner/me")));
        var limited = responses.FirstOrDefault(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.That(limited, Is.Not.Null);
        var problem = await limited!.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.That(problem.GetProperty("type").GetString(), Does.EndWith("/rate-limited"));
        Assert.That(limited.Headers.RetryAfter?.Delta, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)));

        Assert.That((await quiet.GetAsync("/api/v1/partner/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "another partner is not throttled");
    }
}
