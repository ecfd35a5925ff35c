using System.Diagnostics;

namespace Recovery.Api.Tests.Portal;

/// <summary>Signing in to the portal: no enumeration, one-time codes, brute force refused, a session that reaches the portal only.</summary>
public sealed class PortalAccessTests
{
    /// <summary>
    /// A known and an unknown CPF get the same status and body, and answer within 150 ms of each other (medians over 8
    /// tries each, interleaved; the floor is 400 ms): the code request does the same work and waits for the same floor.
    /// Only the known one gets an e-mail.
    /// </summary>
    [Test]
    public async Task A_code_request_answers_alike_whether_or_not_the_document_is_known()
    {
        await using var host = await new PortalHost(new() { ["Portal:CodeRequestsPerDocument"] = "100" }).StartAsync();
        const string email = "conhecida@example.com";
        var known = TestData.Cpf();
        await host.DebtAsync(known, email, 500m, 40);
        var browser = host.Browser();

        // Warm up both paths (first-call JIT), then measure.
        foreach (var d in new[] { known, TestData.Cpf() }) (await browser.PostAsJsonAsync("/api/v1/portal/access-codes", new { document = d })).EnsureSuccessStatusCode();
        var knownTimes = new List<double>();
        var unknownTimes = new List<double>();
        string? knownBody = null, unknownBody = null;
        for (var i = 0; i < 8; i++)
        {
            foreach (var (document, times, isKnown) in new[] { (known, knownTimes, true), (TestData.Cpf(), unknownTimes, false) })
            {
                var watch = Stopwatch.StartNew();
                var response = await browser.PostAsJsonAsync("/api/v1/portal/access-codes", new { document });
                watch.Stop();
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
                var body = await response.Content.ReadAsStringAsync();
                if (isKnown) knownBody = body; else unknownBody = body;
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        Assert.That(knownBody, Is.EqualTo(unknownBody), "the same body");
        Assert.That(knownBody, Does.Contain("código de acesso"));
        var (k, u) = (Median(knownTimes), Median(unknownTimes));
        Assert.That(Math.Abs(k - u), Is.LessThan(150), $"known {k:0} ms, unknown {u:0} ms");
        Assert.That(Math.Min(k, u), Is.GreaterThanOrEqualTo(390), "the floor holds");
        await host.CodeSentToAsync(email, 9);
        Assert.That(host.Smtp.Received.All(m => m.To.SequenceEqual([email])), Is.True, "nothing was sent for the unknown documents");
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    [Test]
    public async Task A_code_signs_in_once_and_the_session_reaches_the_portal_only()
    {
        await using var host = await new PortalHost().StartAsync();
        var document = TestData.Cpf();
        const string email = "maria.sessao@example.com";
        var (_, debtorId) = await host.DebtAsync(document, email, 800m, 100);
        var browser = host.Browser();
        (await browser.PostAsJsonAsync("/api/v1/portal/access-codes", new { document = Format(document) })).EnsureSuccessStatusCode();
        var code = await host.CodeSentToAsync(email);
        var mail = host.Smtp.Received.Single();
        Assert.That(mail.Text, Does.Contain("10 minutos"));

        var signedIn = await browser.PostAsJsonAsync("/api/v1/portal/sessions", new { document, code });
        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.OK), await signedIn.Content.ReadAsStringAsync());
        var setCookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("recovery_portal="));
        Assert.That(setCookie, Does.Contain("httponly").IgnoreCase.And.Contain("samesite=strict").IgnoreCase.And.Contain("path=/api/v1/portal"));
        Assert.That((await (await browser.GetAsync("/api/v1/portal/me")).JsonAsync()).GetProperty("name").GetString(), Is.EqualTo("Maria da Silva"));

        // The same code again, from another browser: refused.
        var again = await host.Browser().PostAsJsonAsync("/api/v1/portal/sessions", new { document, code });
        var problem = await again.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("já foi usado"));

        // The debtor's session reaches no agent, admin or auditor endpoint, however the cookie is presented.
        var cookie = PortalHost.PortalCookie(signedIn);
        foreach (var name in new[] { "recovery_portal", "recovery_session" })
        foreach (var (method, path) in new[]
                 {
                     ("GET", $"/api/v1/debtors/{debtorId}"), ("GET", $"/api/v1/debtors/{debtorId}/valuation"), ("GET", "/api/v1/agreements"),
                     ("GET", "/api/v1/admin/users"), ("GET", "/api/v1/audit"), ("GET", "/api/v1/work-queue"), ("GET", "/api/v1/auth/me"),
                     ("POST", "/api/v1/negotiations/simulate"),
                 })
        {
            var stranger = host.App.Anonymous();
            var request = new HttpRequestMessage(new HttpMethod(method), path);
            request.Headers.Add("Cookie", $"{name}={cookie}");
            request.Headers.Add("X-Requested-With", "portal-tests");
            if (method == "POST") request.Content = JsonContent.Create(new { debtorId, invoiceIds = Array.Empty<Guid>() });
            var response = await stranger.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), $"{name} on {method} {path}");
        }

        // Signing out ends the session for good; the idle timeout ends an unused one.
        (await browser.DeleteAsync("/api/v1/portal/sessions/current")).EnsureSuccessStatusCode();
        Assert.That((await browser.GetAsync("/api/v1/portal/debts")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var idle = await host.SignInAsync(document, email);
        Assert.That((await idle.GetAsync("/api/v1/portal/debts")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        host.App.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.That((await idle.GetAsync("/api/v1/portal/debts")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task An_expired_code_is_refused()
    {
        await using var host = await new PortalHost().StartAsync();
        var document = TestData.Cpf();
        const string email = "maria.expira@example.com";
        await host.DebtAsync(document, email, 300m, 20);
        var browser = host.Browser();
        (await browser.PostAsJsonAsync("/api/v1/portal/access-codes", new { document })).EnsureSuccessStatusCode();
        var code = await host.CodeSentToAsync(email);
        host.App.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        await (await browser.PostAsJsonAsync("/api/v1/portal/sessions", new { document, code })).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    /// <summary>Five wrong codes answer 401; then the document is refused with 429 and Retry-After, even with the right code.</summary>
    [Test]
    public async Task Guessing_codes_is_stopped_after_five_wrong_ones()
    {
        await using var host = await new PortalHost().StartAsync();
        var document = TestData.Cpf();
        const string email = "maria.forca@example.com";
        await host.DebtAsync(document, email, 300m, 20);
        var browser = host.Browser();
        (await browser.PostAsJsonAsync("/api/v1/portal/access-codes", new { document })).EnsureSuccessStatusCode();
        var code = await host.CodeSentToAsync(email);
        var wrong = code == "123456" ? "654321" : "123456";
        for (var i = 0; i < 5; i++)
            await (await browser.PostAsJsonAsync("/api/v1/portal/sessions", new { document, code = wrong })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var refused = await browser.PostAsJsonAsync("/api/v1/portal/sessions", new { document, code });
        var problem = await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.That(int.Parse(refused.Headers.GetValues("Retry-After").Single()), Is.InRange(1, 15 * 60));
        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Muitas tentativas"));

        // An unknown document is stopped alike (nothing tells them apart).
        var unknown = TestData.Cpf();
        for (var i = 0; i < 5; i++)
            await (await browser.PostAsJsonAsync("/api/v1/portal/sessions", new { document = unknown, code = wrong })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await browser.PostAsJsonAsync("/api/v1/portal/sessions", new { document = unknown, code = wrong })).AssertProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [Test]
    public async Task Too_many_code_requests_per_document_or_address_are_refused_with_retry_after()
    {
        await using var host = await new PortalHost(new() { ["Portal:CodeRequestsPerAddress"] = "8", ["Portal:CodeRequestFloor"] = "00:00:00.010" }).StartAsync();
        var browser = host.Browser();
        var document = TestData.Cpf();
        for (var i = 0; i < 5; i++)
            Assert.That((await browser.PostAsJsonAsync("/api/v1/portal/access-codes", new { document })).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var perDocument = await browser.PostAsJsonAsync("/api/v1/portal/access-codes", new { document });
        await perDocument.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.That(perDocument.Headers.RetryAfter, Is.Not.Null);

        for (var i = 0; i < 2; i++)
            Assert.That((await browser.PostAsJsonAsync("/api/v1/portal/access-codes", new { document = TestData.Cpf() })).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var perAddress = await browser.PostAsJsonAsync("/api/v1/portal/access-codes", new { document = TestData.Cpf() });
        await perAddress.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.That(perAddress.Headers.RetryAfter, Is.Not.Null);
    }

    [Test]
    public async Task Bad_input_is_a_problem_in_portuguese_naming_the_field()
    {
        await using var host = await new PortalHost().StartAsync();
        var browser = host.Browser();
        var badDocument = await (await browser.PostAsJsonAsync("/api/v1/portal/access-codes", new { document = "123.456.789-00" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(badDocument.ErrorsFor("document"), Is.EqualTo(new[] { "CPF ou CNPJ inválido: confira os números" }));
        Assert.That(badDocument.GetProperty("title").GetString(), Is.EqualTo("Um ou mais campos estão inválidos."));
        var badCode = await (await browser.PostAsJsonAsync("/api/v1/portal/sessions", new { document = TestData.Cpf(), code = "12ab" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(badCode.ErrorsFor("code"), Is.EqualTo(new[] { "o código tem 6 números" }));
        var missing = await (await browser.PostAsJsonAsync("/api/v1/portal/sessions", new { })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(missing.ErrorsFor("document"), Is.Not.Empty);
        Assert.That(missing.ErrorsFor("code"), Is.Not.Empty);
    }

    private static string Format(string cpf) => $"{cpf[..3]}.{cpf[3..6]}.{cpf[6..9]}-{cpf[9..]}";
}
