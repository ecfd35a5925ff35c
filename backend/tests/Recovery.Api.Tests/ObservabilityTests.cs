using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Recovery.Api.Tests;

/// <summary>
/// What an operator sees: the Prometheus scrape behind its token, the business counters and the outbox gauges moving
/// with what happens through the API, and readiness. The product's counters are process-wide, so this fixture runs
/// alone and compares what it reads before and after.
/// </summary>
[NonParallelizable]
public sealed class ObservabilityTests
{
    private const string Token = "scrape-token-for-tests";

    private static RecoveryApp Scraped(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?> { ["Observability:MetricsToken"] = Token };
        foreach (var (k, v) in more ?? []) settings[k] = v;
        return new RecoveryApp(settings);
    }

    private static async Task<string> ScrapeAsync(RecoveryApp app)
    {
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var response = await client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
        return text;
    }

    /// <summary>The sum of the samples of a metric whose labels include every given pair (0 when there is none).</summary>
    private static double Sample(string scrape, string metric, params string[] labels)
    {
        var total = 0.0;
        foreach (var line in scrape.Split('\n'))
        {
            var match = Regex.Match(line, @"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)");
            if (!match.Success || match.Groups["name"].Value != metric) continue;
            if (!labels.All(l => match.Groups["labels"].Value.Contains(l, StringComparison.Ordinal))) continue;
            total += double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        }
        return total;
    }

    [Test]
    public async Task Metrics_do_not_exist_without_a_configured_token()
    {
        await using var app = new RecoveryApp();
        await (await app.Anonymous().GetAsync("/metrics")).AssertProblemAsync(HttpStatusCode.NotFound);
        var bearer = app.Anonymous();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "anything");
        await (await bearer.GetAsync("/metrics")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Metrics_refuse_a_missing_or_wrong_token()
    {
        await using var app = Scraped();
        var missing = await app.Anonymous().GetAsync("/metrics");
        Assert.That(missing.Headers.WwwAuthenticate.ToString(), Does.StartWith("Bearer"));
        await missing.AssertProblemAsync(HttpStatusCode.Unauthorized);

        foreach (var wrong in new[] { Token + "x", Token[..^1], Token.ToUpperInvariant() })
        {
            var client = app.Anonymous();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", wrong);
            var text = await (await client.GetAsync("/metrics")).AssertProblemAsync(HttpStatusCode.Unauthorized);
            Assert.That(text.ToString(), Does.Not.Contain("recovery_"));
        }
        var basic = app.Anonymous();
        basic.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Token);
        await (await basic.GetAsync("/metrics")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Invoices_a_partner_pushes_are_counted_by_outcome_and_reason()
    {
        await using var app = Scraped();
        var (partner, _, _) = await app.PartnerAsync();
        var before = await ScrapeAsync(app);

        var first = Invoice();
        (await partner.PostAsJsonAsync("/api/v1/partner/invoices", first)).EnsureSuccessStatusCode();
        var batch = new JsonObject
        {
            ["invoices"] = new JsonArray(Invoice(), Invoice(), first.DeepClone(), Invoice(amount: -5)),
        };
        var answer = await (await partner.PostAsJsonAsync("/api/v1/partner/invoices/batch", batch)).JsonAsync();
        Assert.That(answer.GetProperty("created").GetInt32(), Is.EqualTo(2));
        Assert.That(answer.GetProperty("rejected").GetInt32(), Is.EqualTo(1));

        var after = await ScrapeAsync(app);
        double Delta(string metric, string label) => Sample(after, metric, label) - Sample(before, metric, label);
        Assert.That(Delta("recovery_invoices_accepted_total", "recovery_invoice_outcome=\"created\""), Is.EqualTo(3));
        Assert.That(Delta("recovery_invoices_accepted_total", "recovery_invoice_outcome=\"unchanged\""), Is.EqualTo(1));
        Assert.That(Delta("recovery_invoices_rejected_total", "error_type=\"invalid\""), Is.EqualTo(1));
        Assert.That(after, Does.Contain("# HELP recovery_invoices_accepted_total"));
        Assert.That(after, Does.Contain("http_server_request_duration_seconds"), "ASP.NET Core's own metrics are there too");
        Assert.That(after, Does.Not.Contain(first["debtor"]!["document"]!.GetValue<string>()), "no document in any label");
    }

    [Test]
    public async Task Events_waiting_for_a_subscriber_show_on_the_gauges()
    {
        await using var app = Scraped(new() { ["Messaging:DispatchEnabled"] = "false" });
        var admin = await app.AdminAsync();
        (await admin.PostAsJsonAsync("/api/v1/admin/users",
            new { email = $"gauge-{Guid.NewGuid():N}@recovery.test", name = "Gauge", role = "agent", password = "Some-Password-1" })).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromMinutes(3));

        string scrape = "";
        await RecoveryApp.EventuallyAsync(async () =>
        {
            scrape = await ScrapeAsync(app);
            return Sample(scrape, "recovery_outbox_pending") >= 1;
        }, "the user's audit event counted as pending");
        var waiting = scrape.Split('\n').Where(l => l.StartsWith("recovery_outbox_pending{", StringComparison.Ordinal)
                                                    && !l.EndsWith(" 0", StringComparison.Ordinal)).ToList();
        Assert.That(waiting, Has.Some.Contains("recovery_subscriber=\""), string.Join('\n', waiting));
        Assert.That(Sample(scrape, "recovery_outbox_oldest_pending_age_seconds"), Is.GreaterThanOrEqualTo(180));
    }

    [Test]
    public async Task Readyz_reports_each_check_on_a_healthy_host()
    {
        await using var app = new RecoveryApp();
        var response = await app.Anonymous().GetAsync("/readyz");
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
        var checks = body.GetProperty("checks");
        Assert.That(checks.GetProperty("database").GetProperty("status").GetString(), Is.EqualTo("Healthy"));
        Assert.That(checks.GetProperty("database").GetProperty("data").GetProperty("debtors").GetString(), Does.EndWith("migrations applied"));
        Assert.That(checks.GetProperty("outbox").GetProperty("status").GetString(), Is.EqualTo("Healthy"));
        Assert.That(text, Does.Not.Contain(app.DataDirectory), "no path or connection string in the body");
    }

    [Test]
    public async Task Readyz_answers_503_when_events_wait_longer_than_the_allowed_lag()
    {
        await using var app = new RecoveryApp(new()
        {
            ["Messaging:DispatchEnabled"] = "false",
            ["Observability:MaxDispatchLagSeconds"] = "60",
        });
        var admin = await app.AdminAsync();
        (await admin.PostAsJsonAsync("/api/v1/admin/users",
            new { email = $"lag-{Guid.NewGuid():N}@recovery.test", name = "Lag", role = "agent", password = "Some-Password-1" })).EnsureSuccessStatusCode();
        Assert.That((await app.Anonymous().GetAsync("/readyz")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "within the lag");

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var problem = await (await app.Anonymous().GetAsync("/readyz")).AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        var outbox = problem.GetProperty("checks").GetProperty("outbox");
        Assert.That(outbox.GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
        Assert.That(outbox.GetProperty("data").GetProperty("lagSeconds").GetDouble(), Is.GreaterThan(60));
        Assert.That(problem.GetProperty("checks").GetProperty("database").GetProperty("status").GetString(), Is.EqualTo("Healthy"));
        Assert.That((await app.Anonymous().GetAsync("/healthz")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "alive all the same");
    }

    private static JsonObject Invoice(decimal amount = 150.00m) => new()
    {
        ["externalId"] = "OBS-" + Guid.NewGuid().ToString("N")[..12],
        ["debtor"] = new JsonObject { ["document"] = TestData.Cpf(), ["name"] = "Pessoa de Teste" },
        ["amount"] = amount,
        ["issueDate"] = "2026-08-01",
        ["dueDate"] = "2026-09-01",
    };
}
