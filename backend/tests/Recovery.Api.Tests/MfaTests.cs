using OtpNet;

namespace Recovery.Api.Tests;

/// <summary>Multi-factor sign-in: TOTP enrolment, the second factor at sign-in, recovery codes, enforcement and reset.</summary>
public sealed class MfaTests
{
    private RecoveryApp _app = null!;

    [OneTimeSetUp] public void Start() => _app = new RecoveryApp(new() { ["Security:LockoutThreshold"] = "3" });
    [OneTimeTearDown] public async Task Stop() => await _app.DisposeAsync();

    private sealed record Person(string Email, HttpClient Client, Guid Id);

    /// <summary>An agent (who may enrol, but need not) signed in without a second factor.</summary>
    private async Task<Person> AgentAsync()
    {
        var email = $"mfa-{Guid.NewGuid():N}@recovery.test";
        var admin = await _app.AdminAsync();
        var created = await (await admin.PostAsJsonAsync("/api/v1/admin/users", new { email, name = "Agente", role = "agent", password = RecoveryApp.PersonPassword })).JsonAsync();
        return new Person(email, await _app.LoginAsync(email, RecoveryApp.PersonPassword), created.GetProperty("id").GetGuid());
    }

    private long Now => SecondFactors.Step(_app.Clock.GetUtcNow());

    private Task<HttpResponseMessage> LoginAsync(string email, string? totp, string password = RecoveryApp.PersonPassword) =>
        _app.Anonymous().PostAsJsonAsync("/api/v1/auth/login", totp is null ? new { email, password } : (object)new { email, password, totp });

    /// <summary>Enrols and confirms; returns the key and the recovery codes.</summary>
    private async Task<(byte[] Key, string[] RecoveryCodes)> EnrolAsync(Person person)
    {
        var started = await (await person.Client.PostAsync("/api/v1/auth/mfa", null)).JsonAsync();
        var key = Base32Encoding.ToBytes(started.GetProperty("secret").GetString()!);
        var confirmed = await (await person.Client.PostAsJsonAsync("/api/v1/auth/mfa/confirm", new { totp = SecondFactors.Code(key, Now) })).JsonAsync();
        return (key, confirmed.GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToArray());
    }

    [Test]
    public async Task Enrolment_answers_a_secret_and_its_otpauth_URI_and_keeps_the_secret_protected()
    {
        var person = await AgentAsync();
        var first = await (await person.Client.PostAsync("/api/v1/auth/mfa", null)).JsonAsync();
        var again = await (await person.Client.PostAsync("/api/v1/auth/mfa", null)).JsonAsync();
        var secret = again.GetProperty("secret").GetString()!;
        Assert.That(secret, Does.Match("^[A-Z2-7]{32}$"));
        Assert.That(secret, Is.Not.EqualTo(first.GetProperty("secret").GetString()), "enrolling again replaces the pending secret");
        Assert.That(again.GetProperty("otpauthUri").GetString(), Is.EqualTo(
            $"otpauth://totp/Recovery:{Uri.EscapeDataString(person.Email)}?secret={secret}&issuer=Recovery&algorithm=SHA1&digits=6&period=30"));

        var stored = await _app.WithConnectionAsync("platform", c => Dapper.SqlMapper.ExecuteScalarAsync<string>(c,
            "SELECT secret FROM platform.user_mfa WHERE user_id = @Id", new { person.Id }));
        Assert.That(stored, Is.Not.Null.And.Not.Contains(secret));
        Assert.That(stored, Does.Not.Contain(Convert.ToBase64String(Base32Encoding.ToBytes(secret))));

        // The first secret no longer confirms: only the pending one does.
        var stale = await person.Client.PostAsJsonAsync("/api/v1/auth/mfa/confirm",
            new { totp = SecondFactors.Code(Base32Encoding.ToBytes(first.GetProperty("secret").GetString()!), Now) });
        Assert.That((await stale.AssertProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("totp"), Is.Not.Empty);
        var me = await (await person.Client.GetAsync("/api/v1/auth/me")).JsonAsync();
        Assert.That((me.GetProperty("mfaEnabled").GetBoolean(), me.GetProperty("mfaRequired").GetBoolean()), Is.EqualTo((false, false)));
    }

    [Test]
    public async Task After_confirmation_sign_in_needs_a_code_refuses_a_replay_and_takes_each_recovery_code_once()
    {
        var person = await AgentAsync();
        var elsewhere = await _app.LoginAsync(person.Email, RecoveryApp.PersonPassword);
        var (key, codes) = await EnrolAsync(person);
        await (await elsewhere.GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That(codes, Has.Length.EqualTo(10).And.Unique);
        Assert.That(codes, Has.All.Match("^[0-9a-z]{5}-[0-9a-z]{5}$"));
        Assert.That((await (await person.Client.GetAsync("/api/v1/auth/me")).JsonAsync()).GetProperty("mfaEnabled").GetBoolean(), Is.True);
        await (await person.Client.PostAsync("/api/v1/auth/mfa", null)).AssertProblemAsync(HttpStatusCode.Conflict);

        var without = await (await LoginAsync(person.Email, null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That(without.GetProperty("type").GetString(), Does.EndWith("/mfa-required"));

        // The step confirmed at enrolment is spent; the next one is accepted (one step of drift either side).
        var code = SecondFactors.Code(key, Now + 1);
        Assert.That((await LoginAsync(person.Email, code)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var replay = await (await LoginAsync(person.Email, code)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That(replay.GetProperty("type").GetString(), Does.EndWith("/unauthorized"), "a replayed code fails as a wrong password does");
        var earlier = await (await LoginAsync(person.Email, SecondFactors.Code(key, Now))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That(earlier.GetProperty("type").GetString(), Does.EndWith("/unauthorized"), "a step before the last one used is refused too");

        var signedIn = _app.Anonymous();
        var withRecovery = await signedIn.PostAsJsonAsync("/api/v1/auth/login", new { email = person.Email, password = RecoveryApp.PersonPassword, totp = codes[3].ToUpperInvariant() });
        Assert.That(withRecovery.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a recovery code goes in the same field");
        Assert.That((await signedIn.GetAsync("/api/v1/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await (await LoginAsync(person.Email, codes[3])).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That((await LoginAsync(person.Email, codes[4])).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var wrongPassword = await (await LoginAsync(person.Email, null, "wrong-password")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That(wrongPassword.GetProperty("type").GetString(), Does.EndWith("/unauthorized"), "mfa-required only once the password is right");
    }

    [Test]
    public async Task Wrong_codes_count_towards_the_lock()
    {
        var person = await AgentAsync();
        var (key, _) = await EnrolAsync(person);
        for (var i = 0; i < 2; i++)
            await (await LoginAsync(person.Email, "000000")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await LoginAsync(person.Email, "zzzzz-zzzzz")).AssertProblemAsync(HttpStatusCode.Locked);
        await (await LoginAsync(person.Email, SecondFactors.Code(key, Now + 1))).AssertProblemAsync(HttpStatusCode.Locked);
    }

    [Test]
    public async Task A_supervisor_without_a_second_factor_may_only_enrol()
    {
        var email = $"sup-{Guid.NewGuid():N}@recovery.test";
        var admin = await _app.AdminAsync();
        (await admin.PostAsJsonAsync("/api/v1/admin/users", new { email, name = "Supervisora", role = "supervisor", password = RecoveryApp.PersonPassword })).EnsureSuccessStatusCode();
        var supervisor = _app.Anonymous();
        Assert.That((await supervisor.PostAsJsonAsync("/api/v1/auth/login", new { email, password = RecoveryApp.PersonPassword })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        supervisor.DefaultRequestHeaders.Add("X-Requested-With", "t");

        var me = await (await supervisor.GetAsync("/api/v1/auth/me")).JsonAsync();
        Assert.That((me.GetProperty("mfaEnabled").GetBoolean(), me.GetProperty("mfaRequired").GetBoolean()), Is.EqualTo((false, true)));
        foreach (var path in new[] { "/api/v1/work-queue", "/api/v1/reports/aging", "/api/v1/debtors" })
        {
            var problem = await (await supervisor.GetAsync(path)).AssertProblemAsync(HttpStatusCode.Forbidden);
            Assert.That(problem.GetProperty("type").GetString(), Does.EndWith("/mfa-enrollment-required"), path);
        }

        var person = new Person(email, supervisor, me.GetProperty("id").GetGuid());
        await EnrolAsync(person);
        Assert.That((await supervisor.GetAsync("/api/v1/work-queue")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the same session, now with a second factor");
    }

    [Test]
    public async Task An_administrator_resets_a_second_factor_the_sessions_end_and_it_is_all_audited_without_secrets()
    {
        var person = await AgentAsync();
        var (key, codes) = await EnrolAsync(person);
        var admin = await _app.AdminAsync();
        var users = await (await admin.GetAsync("/api/v1/admin/users")).JsonAsync();
        Assert.That(users.GetProperty("items").EnumerateArray().Single(u => u.GetProperty("id").GetGuid() == person.Id).GetProperty("mfaEnabled").GetBoolean(), Is.True);

        Assert.That((await admin.DeleteAsync($"/api/v1/admin/users/{person.Id}/mfa")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await (await person.Client.GetAsync("/api/v1/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That((await LoginAsync(person.Email, null)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "no second factor any more");
        await (await admin.DeleteAsync($"/api/v1/admin/users/{Guid.NewGuid()}/mfa")).AssertProblemAsync(HttpStatusCode.NotFound);
        var agent = await _app.PersonAsync("agent");
        await (await agent.DeleteAsync($"/api/v1/admin/users/{person.Id}/mfa")).AssertProblemAsync(HttpStatusCode.Forbidden);

        JsonElement[] entries = [];
        await RecoveryApp.EventuallyAsync(async () =>
        {
            var page = await (await admin.GetAsync($"/api/v1/audit?resource={person.Id}&limit=100")).JsonAsync();
            entries = page.GetProperty("items").EnumerateArray().ToArray();
            return entries.Any(e => e.GetProperty("action").GetString() == "ResetUserMfa");
        }, "the reset in the audit trail");
        var actions = entries.Select(e => (e.GetProperty("action").GetString(), e.GetProperty("outcome").GetString())).ToArray();
        Assert.That(actions, Does.Contain(("EnrolMfa", "succeeded")).And.Contain(("ConfirmMfa", "succeeded")).And.Contain(("ResetUserMfa", "succeeded")));
        var reset = entries.First(e => e.GetProperty("action").GetString() == "ResetUserMfa");
        Assert.That(reset.GetProperty("actorName").GetString(), Is.EqualTo(RecoveryApp.AdminEmail));
        var text = string.Join("\n", entries.Select(e => e.GetRawText()));
        Assert.That(text, Does.Not.Contain(Base32Encoding.ToString(key)));
        Assert.That(codes.Where(c => text.Contains(c)), Is.Empty, "recovery codes are never audited");
    }
}
