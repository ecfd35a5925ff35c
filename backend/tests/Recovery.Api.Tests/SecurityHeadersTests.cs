namespace Recovery.Api.Tests;

/// <summary>What a browser is told about every answer: the SPA runs only its own scripts, nothing frames it.</summary>
public sealed class SecurityHeadersTests
{
    private RecoveryApp _app = null!;

    [OneTimeSetUp] public void Start() => _app = new RecoveryApp();
    [OneTimeTearDown] public async Task Stop() => await _app.DisposeAsync();

    [TestCase("/")]
    [TestCase("/devedores/123")]
    [TestCase("/api/v1/auth/me")]
    [TestCase("/api/v1/nowhere")]
    [TestCase("/swagger/index.html")]
    [TestCase("/healthz")]
    public async Task Every_answer_forbids_sniffing_framing_and_referrers(string path)
    {
        var response = await _app.Anonymous().GetAsync(path);
        Assert.That(response.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
        Assert.That(response.Headers.GetValues("X-Frame-Options").Single(), Is.EqualTo("DENY"));
        Assert.That(response.Headers.GetValues("Referrer-Policy").Single(), Is.EqualTo("no-referrer"));
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.That(csp, Does.Contain("frame-ancestors 'none'"));
        Assert.That(csp, Does.Not.Contain("'unsafe-eval'"));
        Assert.That(Directive(csp, "script-src") ?? Directive(csp, "default-src"), Does.Not.Contain("'unsafe-inline'"), csp);
    }

    [Test]
    public async Task The_SPA_may_load_only_its_own_files()
    {
        var csp = (await _app.Anonymous().GetAsync("/")).Headers.GetValues("Content-Security-Policy").Single();
        Assert.That(Directive(csp, "script-src"), Is.EqualTo("script-src 'self'"));
        Assert.That(Directive(csp, "connect-src"), Is.EqualTo("connect-src 'self'"));
        Assert.That(Directive(csp, "object-src"), Is.EqualTo("object-src 'none'"));
    }

    [Test]
    public async Task Hsts_is_sent_over_tls_behind_a_trusted_proxy_and_not_over_plain_http()
    {
        await using var app = new RecoveryApp(new() { ["Hosting:TrustForwardedHeaders"] = "true" });
        using var http = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        http.Headers.Host = "cobranca.example.com.br";
        var plain = await app.Anonymous().SendAsync(http);
        Assert.That(plain.Headers.Contains("Strict-Transport-Security"), Is.False);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.Host = "cobranca.example.com.br";
        request.Headers.Add("X-Forwarded-Proto", "https");
        var tls = await app.Anonymous().SendAsync(request);
        Assert.That(tls.Headers.GetValues("Strict-Transport-Security").Single(), Does.StartWith("max-age=31536000"));
    }

    private static string? Directive(string csp, string name) =>
        csp.Split(';', StringSplitOptions.TrimEntries).FirstOrDefault(d => d.StartsWith(name + " ", StringComparison.Ordinal));
}
