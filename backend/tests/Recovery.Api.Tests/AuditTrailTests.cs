using Dapper;

namespace Recovery.Api.Tests;

public sealed class AuditTrailTests
{
    private RecoveryApp _app = null!;

    [OneTimeSetUp] public void Start() => _app = new RecoveryApp();
    [OneTimeTearDown] public async Task Stop() => await _app.DisposeAsync();

    private static async Task<JsonElement[]> EntriesAsync(HttpClient client, string query = "")
    {
        var page = await (await client.GetAsync("/api/v1/audit" + query)).JsonAsync();
        return page.GetProperty("items").EnumerateArray().ToArray();
    }

    [Test]
    public async Task A_change_leaves_an_entry_with_who_role_when_where_what_resource_and_outcome()
    {
        var admin = await _app.AdminAsync();
        var created = await (await admin.PostAsJsonAsync("/api/v1/admin/partners", new { name = "Audited", document = TestData.Cnpj() })).JsonAsync();
        var partnerId = created.GetProperty("id").GetString()!;

        JsonElement entry = default;
        await RecoveryApp.EventuallyAsync(async () =>
        {
            var found = await EntriesAsync(admin, $"?resource={partnerId}");
            if (found.Length == 0) return false;
            entry = found[0];
            return true;
        }, "the partner's audit entry");

        Assert.That(entry.GetProperty("action").GetString(), Is.EqualTo("CreatePartner"));
        Assert.That(entry.GetProperty("actorName").GetString(), Is.EqualTo(RecoveryApp.AdminEmail));
        Assert.That(entry.GetProperty("actorRole").GetString(), Is.EqualTo("admin"));
        Assert.That(entry.GetProperty("actorKind").GetString(), Is.EqualTo("user"));
        Assert.That(entry.GetProperty("ipAddress").ValueKind, Is.Not.EqualTo(JsonValueKind.Undefined));
        Assert.That(entry.GetProperty("resourceType").GetString(), Is.EqualTo("partner"));
        Assert.That(entry.GetProperty("outcome").GetString(), Is.EqualTo("succeeded"));
        Assert.That(entry.GetProperty("afterState").GetString(), Does.Contain("Audited"));
        Assert.That(entry.GetProperty("afterState").GetString(), Does.Not.Contain("rk_live_"), "secrets stay out of the trail");
        Assert.That(entry.GetProperty("occurredAt").GetDateTimeOffset(), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
    }

    [Test]
    public async Task A_refused_command_is_recorded_with_its_outcome_and_changes_nothing()
    {
        var admin = await _app.AdminAsync();
        var missing = Guid.NewGuid();
        await (await admin.PostAsync($"/api/v1/admin/partners/{missing}/keys", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        var entries = await EntriesAsync(admin, "?actor=" + RecoveryApp.AdminEmail);
        Assert.That(entries.Any(e => e.GetProperty("action").GetString() == "IssuePartnerKey" && e.GetProperty("outcome").GetString() == "rejected:404"), Is.True);
    }

    [Test]
    public async Task Sign_ins_are_audited_including_failures()
    {
        var email = $"signin-{Guid.NewGuid():N}@recovery.test";
        await _app.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email, password = "wrong-password" });
        var auditor = await _app.PersonAsync("auditor");
        var entries = await EntriesAsync(auditor, "?actor=" + email);
        Assert.That(entries.Single().GetProperty("action").GetString(), Is.EqualTo("Login"));
        Assert.That(entries.Single().GetProperty("outcome").GetString(), Is.EqualTo("rejected:401"));
    }

    [Test]
    public async Task The_trail_is_newest_first_and_pages_with_a_cursor()
    {
        var admin = await _app.AdminAsync();
        for (var i = 0; i < 3; i++) await _app.PersonAsync("agent");
        var first = await (await admin.GetAsync("/api/v1/audit?limit=2")).JsonAsync();
        var items = first.GetProperty("items").EnumerateArray().ToArray();
        Assert.That(items, Has.Length.EqualTo(2));
        Assert.That(items[0].GetProperty("seq").GetInt64(), Is.GreaterThan(items[1].GetProperty("seq").GetInt64()));
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await (await admin.GetAsync($"/api/v1/audit?limit=2&cursor={cursor}")).JsonAsync();
        Assert.That(second.GetProperty("items")[0].GetProperty("seq").GetInt64(), Is.LessThan(items[1].GetProperty("seq").GetInt64()));

        await (await admin.GetAsync("/api/v1/audit?limit=0")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.GetAsync("/api/v1/audit?cursor=abc")).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [TestCase("agent")]
    [TestCase("supervisor")]
    public async Task Only_auditors_and_administrators_read_the_trail(string role)
    {
        var person = await _app.PersonAsync(role);
        await (await person.GetAsync("/api/v1/audit")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await person.GetAsync("/api/v1/audit/verify")).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Verification_proves_an_untouched_chain_whole()
    {
        var auditor = await _app.PersonAsync("auditor");
        var result = await (await auditor.GetAsync("/api/v1/audit/verify")).JsonAsync();
        Assert.That(result.GetProperty("valid").GetBoolean(), Is.True);
        Assert.That(result.GetProperty("entries").GetInt64(), Is.GreaterThan(1));
        Assert.That(result.GetProperty("firstInvalidEntry").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task The_database_refuses_to_change_or_delete_an_entry()
    {
        await _app.PersonAsync("agent");
        var update = Assert.CatchAsync(() => _app.WithConnectionAsync("platform", c =>
            c.ExecuteAsync("UPDATE platform.audit_entry SET actor_name = 'someone else'")));
        Assert.That(update!.Message, Does.Contain("append-only").Or.Contain("ledger").IgnoreCase);
        Assert.CatchAsync(() => _app.WithConnectionAsync("platform", c => c.ExecuteAsync("DELETE FROM platform.audit_entry")));
    }

    [Test]
    public async Task Editing_the_stored_file_behind_the_triggers_is_caught_and_the_entry_named()
    {
        if (RecoveryApp.OnSqlServer) Assert.Ignore("SQL Server's append-only ledger table refuses the edit itself (previous test).");
        await using var app = new RecoveryApp();
        var admin = await app.AdminAsync();
        for (var i = 0; i < 3; i++) await app.PersonAsync("agent");
        var auditor = await app.PersonAsync("auditor");
        await RecoveryApp.EventuallyAsync(async () => (await EntriesAsync(auditor, "?resource=user")).Length >= 5, "entries for the users");

        // Someone with access to the file drops the guard and rewrites history.
        var victim = (await EntriesAsync(auditor, "?resource=user"))[2];
        var victimId = victim.GetProperty("id").GetGuid();
        var path = Path.Combine(app.DataDirectory, "platform.db");
        await using (var raw = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await raw.OpenAsync();
            await raw.ExecuteAsync("DROP TRIGGER audit_entry_no_update");
            await raw.ExecuteAsync("UPDATE audit_entry SET actor_name = 'nobody@elsewhere' WHERE id = @Id", new { Id = victimId.ToString() });
        }

        var result = await (await auditor.GetAsync("/api/v1/audit/verify")).JsonAsync();
        Assert.That(result.GetProperty("valid").GetBoolean(), Is.False);
        Assert.That(result.GetProperty("firstInvalidEntry").GetGuid(), Is.EqualTo(victimId));
    }
}
