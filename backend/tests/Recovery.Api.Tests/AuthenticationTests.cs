namespace Recovery.Api.Tests;

public sealed class AuthenticationTests
{
    private RecoveryApp _app = null!;

    [OneTimeSetUp] public void Start() => _app = new RecoveryApp(new() { ["Security:LockoutThreshold"] = "3" });
    [OneTimeTearDown] public async Task Stop() => await _app.DisposeAsync();

    [Test]
    public async Task First_administrator_comes_from_the_environment_and_can_sign_in()
    {
        var client = _app.Anonymous();
        var response = await _app.PostLoginAsync(client, RecoveryApp.AdminEmail, RecoveryApp.AdminPassword);
        var user = await response.JsonAsync();
        Assert.That(user.GetProperty("email").GetString(), Is.EqualTo(RecoveryApp.AdminEmail));
        Assert.That(user.GetProperty("role").GetString(), Is.EqualTo("admin"));
        Assert.That(user.GetProperty("id").GetGuid(), Is.Not.EqualTo(Guid.Empty));

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("recovery_session="));
        Assert.That(cookie, Does.Contain("httponly").IgnoreCase);
        Assert.That(cookie, Does.Contain("samesite=strict").IgnoreCase);

        var me = await (await client.GetAsync("/api/v1/auth/me")).JsonAsync();
        Assert.That(me.GetProperty("email").GetString(), Is.EqualTo(RecoveryApp.AdminEmail));
    }

    [Test]
    public async Task Without_a_session_me_is_401_problem()
    {
        var response = await _app.Anonymous().GetAsync("/api/v1/auth/me");
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Wrong_password_and_unknown_email_are_the_same_401()
    {
        var client = _app.Anonymous();
        var wrong = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = RecoveryApp.AdminEmail, password = "not-the-password" });
        var unknown = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "nobody@recovery.test", password = "whatever-it-is" });
        var a = await wrong.AssertProblemAsync(HttpStatusCode.Unauthorized);
        var b = await unknown.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That(a.GetProperty("detail").GetString(), Is.EqualTo(b.GetProperty("detail").GetString()));
        // a good sign-in resets the counter, so this test does not lock the administrator for the others
        (await _app.PostLoginAsync(_app.Anonymous(), RecoveryApp.AdminEmail, RecoveryApp.AdminPassword)).EnsureSuccessStatusCode();
    }

    [Test]
    public async Task Login_with_missing_fields_is_a_400_naming_them()
    {
        var response = await _app.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email = "" });
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("email"), Is.Not.Empty);
        Assert.That(problem.ErrorsFor("password"), Is.Not.Empty);
    }

    [Test]
    public async Task Repeated_failures_lock_the_account_even_for_the_right_password()
    {
        var email = $"locked-{Guid.NewGuid():N}@recovery.test";
        var admin = await _app.AdminAsync();
        (await admin.PostAsJsonAsync("/api/v1/admin/users", new { email, name = "Locked", role = "agent", password = "Right-Password-1" })).EnsureSuccessStatusCode();

        var client = _app.Anonymous();
        for (var i = 0; i < 2; i++)
            await (await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "wrong-password" })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var third = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "wrong-password" });
        await third.AssertProblemAsync(HttpStatusCode.Locked);
        Assert.That(third.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));

        var right = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "Right-Password-1" });
        var problem = await right.AssertProblemAsync(HttpStatusCode.Locked);
        Assert.That(problem.GetProperty("type").GetString(), Does.EndWith("/account-locked"));
        Assert.That(right.Headers.RetryAfter, Is.Not.Null);
    }

    /// <summary>An e-mail with no account fails exactly like one with an account: nobody learns which accounts exist.</summary>
    [Test]
    public async Task Repeated_failures_for_an_unknown_email_answer_as_for_an_account()
    {
        var real = $"real-{Guid.NewGuid():N}@recovery.test";
        var unknown = $"nobody-{Guid.NewGuid():N}@recovery.test";
        var admin = await _app.AdminAsync();
        (await admin.PostAsJsonAsync("/api/v1/admin/users", new { email = real, name = "Real", role = "agent", password = "Right-Password-1" })).EnsureSuccessStatusCode();

        var client = _app.Anonymous();
        foreach (var email in new[] { real, unknown })
        {
            var answers = new List<(HttpStatusCode, string?, bool)>();
            for (var i = 0; i < 4; i++)
            {
                var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "wrong-password" });
                var type = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("type").GetString();
                answers.Add((response.StatusCode, type, response.Headers.RetryAfter is not null));
            }
            Assert.That(answers, Is.EqualTo(new[]
            {
                (HttpStatusCode.Unauthorized, Recovery.BuildingBlocks.Errors.ProblemTypes.Unauthorized, false), (HttpStatusCode.Unauthorized, Recovery.BuildingBlocks.Errors.ProblemTypes.Unauthorized, false),
                (HttpStatusCode.Locked, Recovery.BuildingBlocks.Errors.ProblemTypes.AccountLocked, true), (HttpStatusCode.Locked, Recovery.BuildingBlocks.Errors.ProblemTypes.AccountLocked, true),
            }), email == real ? "an account" : "an unknown e-mail");
        }
    }

    [Test]
    public async Task Logout_ends_the_session_on_the_server_so_a_copied_cookie_stops_working()
    {
        var client = await _app.AdminAsync();
        var login = await _app.PostLoginAsync(_app.Anonymous(), RecoveryApp.AdminEmail, RecoveryApp.AdminPassword);
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("recovery_session=")).Split(';')[0];

        var copy = _app.Anonymous();
        copy.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.That((await copy.GetAsync("/api/v1/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var signedOut = _app.Anonymous();
        signedOut.DefaultRequestHeaders.Add("Cookie", cookie);
        signedOut.DefaultRequestHeaders.Add("X-Requested-With", "t");
        Assert.That((await signedOut.PostAsync("/api/v1/auth/logout", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        await (await copy.GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That((await client.GetAsync("/api/v1/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "other sessions go on");
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase(" ")]
    public async Task Cookie_writes_without_X_Requested_With_are_403_and_change_nothing(string? value)
    {
        var admin = await _app.AdminAsync();
        admin.DefaultRequestHeaders.Remove("X-Requested-With");
        if (value is not null) admin.DefaultRequestHeaders.TryAddWithoutValidation("X-Requested-With", value);
        var email = $"csrf-{Guid.NewGuid():N}@recovery.test";
        var response = await admin.PostAsJsonAsync("/api/v1/admin/users", new { email, name = "X", role = "agent", password = "Some-Password-1" });
        var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("X-Requested-With"));

        var users = await (await (await _app.AdminAsync()).GetAsync("/api/v1/admin/users")).JsonAsync();
        Assert.That(users.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("email").GetString()), Does.Not.Contain(email));
    }

    [Test]
    public async Task Sessions_end_after_the_idle_timeout()
    {
        await using var app = new RecoveryApp();
        var client = await app.AdminAsync();
        Assert.That((await client.GetAsync("/api/v1/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        await (await client.GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Sessions_end_after_the_absolute_timeout_however_active()
    {
        await using var app = new RecoveryApp();
        var client = await app.AdminAsync();
        for (var hour = 0; hour < 12; hour++)
        {
            Assert.That((await client.GetAsync("/api/v1/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK), $"hour {hour}");
            app.Clock.Advance(TimeSpan.FromMinutes(20));
            await client.GetAsync("/api/v1/auth/me");
            app.Clock.Advance(TimeSpan.FromMinutes(20));
            await client.GetAsync("/api/v1/auth/me");
            app.Clock.Advance(TimeSpan.FromMinutes(20));
        }
        await (await client.GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Auditors_read_but_every_write_is_403()
    {
        var auditor = await _app.PersonAsync("auditor");
        Assert.That((await auditor.GetAsync("/api/v1/audit")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var response = await auditor.PostAsJsonAsync("/api/v1/admin/users", new { email = "x@recovery.test", name = "X", role = "agent", password = "Some-Password-1" });
        var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("read-only"));
        Assert.That((await auditor.PostAsync("/api/v1/auth/logout", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent), "but they may sign out");
    }

    [Test]
    public async Task People_are_rate_limited_with_Retry_After()
    {
        await using var app = new RecoveryApp(new()
        {
            ["Security:RateLimits:UserPermitsPerSecond"] = "1",
            ["Security:RateLimits:UserBurst"] = "3",
        });
        var client = await app.AdminAsync();
        // All at once, so that a slow machine cannot refill the bucket between them.
        var statuses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.GetAsync("/api/v1/auth/me")));
        var limited = statuses.FirstOrDefault(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.That(limited, Is.Not.Null, "a burst beyond the bucket is refused");
        await limited!.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.That(limited.Headers.RetryAfter?.Delta, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)));
    }
}
