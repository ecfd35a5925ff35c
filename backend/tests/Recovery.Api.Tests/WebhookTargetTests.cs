namespace Recovery.Api.Tests;

/// <summary>A partner's webhook cannot be pointed inside: the server would otherwise call its own network for them (SSRF).</summary>
public sealed class WebhookTargetTests
{
    private RecoveryApp _app = null!;

    [OneTimeSetUp] public void Start() => _app = new RecoveryApp();
    [OneTimeTearDown] public async Task Stop() => await _app.DisposeAsync();

    [TestCase("https://169.254.169.254/latest/meta-data/")]
    [TestCase("https://10.0.0.5/hook")]
    [TestCase("https://172.16.8.1/hook")]
    [TestCase("https://192.168.0.10/hook")]
    [TestCase("https://100.64.0.1/hook")]
    [TestCase("https://127.0.0.1/hook")]
    [TestCase("https://localhost/hook")]
    [TestCase("https://2130706433/hook")]
    [TestCase("https://0x7f000001/hook")]
    [TestCase("https://[::1]/hook")]
    [TestCase("https://[::ffff:169.254.169.254]/hook")]
    [TestCase("https://[fd00::1]/hook")]
    [TestCase("https://[fe80::1]/hook")]
    [TestCase("https://224.0.0.1/hook")]
    [TestCase("https://0.0.0.0/hook")]
    [TestCase("http://127.0.0.1:8080/hook")]
    [TestCase("http://93.184.216.34/hook")]
    [TestCase("ftp://93.184.216.34/hook")]
    public async Task Internal_addresses_and_plain_http_are_refused_naming_the_url(string url)
    {
        var (partner, _, _) = await _app.PartnerAsync();
        var response = await partner.PutAsJsonAsync("/api/v1/partner/webhook", new { url, events = new[] { "invoice.paid" } });
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("url"), Is.Not.Empty, problem.ToString());
        await (await partner.GetAsync("/api/v1/partner/webhook")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task A_public_https_address_is_accepted()
    {
        var (partner, _, _) = await _app.PartnerAsync();
        var saved = await (await partner.PutAsJsonAsync("/api/v1/partner/webhook",
            new { url = "https://93.184.216.34/recovery/hook", events = new[] { "invoice.paid" } })).JsonAsync();
        Assert.That(saved.GetProperty("url").GetString(), Is.EqualTo("https://93.184.216.34/recovery/hook"));
    }
}
