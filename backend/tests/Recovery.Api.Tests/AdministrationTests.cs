namespace Recovery.Api.Tests;

public sealed class AdministrationTests
{
    private RecoveryApp _app = null!;

    [OneTimeSetUp] public void Start() => _app = new RecoveryApp();
    [OneTimeTearDown] public async Task Stop() => await _app.DisposeAsync();

    [TestCase("agent")]
    [TestCase("supervisor")]
    [TestCase("auditor")]
    [TestCase("admin")]
    public async Task Administrator_creates_a_person_who_signs_in_with_that_role(string role)
    {
        var admin = await _app.AdminAsync();
        var email = $"New.Person-{Guid.NewGuid():N}@Recovery.Test";
        var response = await admin.PostAsJsonAsync("/api/v1/admin/users", new { email, name = "Ana Souza", role, password = "Ana-Password-2026" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var user = await response.JsonAsync();
        Assert.That(user.GetProperty("email").GetString(), Is.EqualTo(email.ToLowerInvariant()));
        Assert.That(response.Headers.Location?.ToString(), Does.EndWith(user.GetProperty("id").GetString()));

        var person = await _app.LoginAsync(email, "Ana-Password-2026");
        var me = await (await person.GetAsync("/api/v1/auth/me")).JsonAsync();
        Assert.That(me.GetProperty("role").GetString(), Is.EqualTo(role));
        Assert.That(me.GetProperty("name").GetString(), Is.EqualTo("Ana Souza"));
    }

    [Test]
    public async Task Invalid_user_is_a_400_naming_each_field_and_nothing_is_created()
    {
        var admin = await _app.AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/v1/admin/users", new { email = "not-an-email", name = "", role = "boss", password = "short" });
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("type").GetString(), Does.EndWith("/validation"));
        foreach (var field in new[] { "email", "name", "role", "password" })
            Assert.That(problem.ErrorsFor(field), Is.Not.Empty, field);

        var users = await (await admin.GetAsync("/api/v1/admin/users")).JsonAsync();
        Assert.That(users.GetProperty("items").EnumerateArray().Any(u => u.GetProperty("email").GetString() == "not-an-email"), Is.False);
    }

    [Test]
    public async Task Malformed_json_and_wrong_types_are_400_problems_naming_the_field()
    {
        var admin = await _app.AdminAsync();
        var broken = await admin.PostAsync("/api/v1/admin/users", new StringContent("{\"email\": ", System.Text.Encoding.UTF8, "application/json"));
        await broken.AssertProblemAsync(HttpStatusCode.BadRequest);

        var wrongType = await admin.PostAsync("/api/v1/admin/partners",
            new StringContent("{\"name\": \"Loja\", \"document\": 12345}", System.Text.Encoding.UTF8, "application/json"));
        var problem = await wrongType.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("document"), Is.Not.Empty);
    }

    [Test]
    public async Task Duplicate_email_is_a_409()
    {
        var admin = await _app.AdminAsync();
        var email = $"dup-{Guid.NewGuid():N}@recovery.test";
        (await admin.PostAsJsonAsync("/api/v1/admin/users", new { email, name = "A", role = "agent", password = "Some-Password-1" })).EnsureSuccessStatusCode();
        var again = await admin.PostAsJsonAsync("/api/v1/admin/users", new { email = email.ToUpperInvariant(), name = "B", role = "agent", password = "Some-Password-1" });
        var problem = await again.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.That(problem.GetProperty("type").GetString(), Does.EndWith("/email-taken"));
    }

    [TestCase("agent")]
    [TestCase("supervisor")]
    public async Task Only_administrators_administer(string role)
    {
        var person = await _app.PersonAsync(role);
        await (await person.PostAsJsonAsync("/api/v1/admin/users", new { email = "x@recovery.test", name = "X", role = "agent", password = "Some-Password-1" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await person.PostAsJsonAsync("/api/v1/admin/partners", new { name = "X", document = TestData.Cnpj() }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await person.GetAsync("/api/v1/admin/users")).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Partner_gets_a_key_shown_once_that_authenticates_it()
    {
        var admin = await _app.AdminAsync();
        var document = TestData.Cnpj();
        var response = await admin.PostAsJsonAsync("/api/v1/admin/partners", new { name = "Lojas Exemplo S.A.", document });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var partner = await response.JsonAsync();
        var key = partner.GetProperty("apiKey").GetString()!;
        Assert.That(key, Does.StartWith("rk_live_"));
        Assert.That(key.Length, Is.GreaterThanOrEqualTo("rk_live_".Length + 43), "at least 256 bits");
        Assert.That(partner.GetProperty("name").GetString(), Is.EqualTo("Lojas Exemplo S.A."));

        var me = await (await _app.PartnerClient(key).GetAsync("/api/v1/partner/me")).JsonAsync();
        Assert.That(me.GetProperty("id").GetGuid(), Is.EqualTo(partner.GetProperty("id").GetGuid()));
        Assert.That(me.GetProperty("document").GetString(), Is.EqualTo(new string(document.Where(char.IsDigit).ToArray())));

        var list = await (await admin.GetAsync("/api/v1/admin/partners")).JsonAsync();
        var listed = list.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("id").GetGuid() == partner.GetProperty("id").GetGuid());
        Assert.That(listed.ToString(), Does.Not.Contain(key), "the key is never shown again");

        var stored = await _app.WithConnectionAsync("platform", c => Dapper.SqlMapper.QueryAsync<string>(c, "SELECT key_hash FROM platform.api_key"));
        Assert.That(stored, Has.None.Contains(key[8..]), "only a hash is stored");
    }

    [Test]
    public async Task Partner_with_an_invalid_or_taken_CNPJ_is_refused()
    {
        var admin = await _app.AdminAsync();
        var bad = await admin.PostAsJsonAsync("/api/v1/admin/partners", new { name = "X", document = "11.222.333/0001-82" });
        Assert.That((await bad.AssertProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("document"), Is.Not.Empty);

        var cpf = await admin.PostAsJsonAsync("/api/v1/admin/partners", new { name = "X", document = TestData.Cpf() });
        Assert.That((await cpf.AssertProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("document"), Is.Not.Empty, "a creditor is a CNPJ");

        var document = TestData.Cnpj();
        (await admin.PostAsJsonAsync("/api/v1/admin/partners", new { name = "A", document })).EnsureSuccessStatusCode();
        var again = await admin.PostAsJsonAsync("/api/v1/admin/partners", new { name = "B", document = new string(document.Where(char.IsDigit).ToArray()) });
        await again.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Test]
    public async Task Keys_rotate_two_active_at_most_and_a_revoked_key_is_401()
    {
        var admin = await _app.AdminAsync();
        var (first, partnerId, _) = await _app.PartnerAsync();

        var issued = await admin.PostAsync($"/api/v1/admin/partners/{partnerId}/keys", null);
        Assert.That(issued.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var second = await issued.JsonAsync();
        var secondClient = _app.PartnerClient(second.GetProperty("apiKey").GetString()!);
        Assert.That((await first.GetAsync("/api/v1/partner/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await secondClient.GetAsync("/api/v1/partner/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var third = await admin.PostAsync($"/api/v1/admin/partners/{partnerId}/keys", null);
        Assert.That((await third.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("type").GetString(), Does.EndWith("/too-many-active-keys"));

        var partners = await (await admin.GetAsync("/api/v1/admin/partners")).JsonAsync();
        var firstKeyId = partners.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("id").GetGuid() == partnerId)
            .GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("id").GetGuid())
            .Single(id => id != second.GetProperty("id").GetGuid());
        Assert.That((await admin.DeleteAsync($"/api/v1/admin/partners/{partnerId}/keys/{firstKeyId}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        await (await first.GetAsync("/api/v1/partner/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That((await secondClient.GetAsync("/api/v1/partner/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await admin.PostAsync($"/api/v1/admin/partners/{partnerId}/keys", null)).StatusCode, Is.EqualTo(HttpStatusCode.Created), "room for a new one");
    }

    [Test]
    public async Task Keys_of_an_unknown_partner_are_404()
    {
        var admin = await _app.AdminAsync();
        await (await admin.PostAsync($"/api/v1/admin/partners/{Guid.NewGuid()}/keys", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await admin.DeleteAsync($"/api/v1/admin/partners/{Guid.NewGuid()}/keys/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Administrators_run_a_background_job_now_and_the_run_is_audited()
    {
        var admin = await _app.AdminAsync();
        var jobs = await (await admin.GetAsync("/api/v1/admin/jobs")).JsonAsync();
        Assert.That(jobs.GetProperty("items").EnumerateArray().Select(j => j.GetString()), Is.SupersetOf(new[] { "agreements", "prescription" }));

        var run = await (await admin.PostAsync("/api/v1/admin/jobs/prescription/runs", null)).JsonAsync();
        Assert.That(run.GetProperty("job").GetString(), Is.EqualTo("prescription"));
        Assert.That(run.GetProperty("elapsedMs").GetDouble(), Is.GreaterThanOrEqualTo(0));
        await RecoveryApp.EventuallyAsync(async () =>
            (await (await admin.GetAsync("/api/v1/audit?resource=prescription")).JsonAsync()).GetProperty("items").EnumerateArray()
                .Any(e => e.GetProperty("action").GetString() == "RunJob"), "the run in the audit trail");

        await (await admin.PostAsync("/api/v1/admin/jobs/nightly-magic/runs", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        var agent = await _app.PersonAsync("agent");
        await (await agent.PostAsync("/api/v1/admin/jobs/prescription/runs", null)).AssertProblemAsync(HttpStatusCode.Forbidden);
    }
}
