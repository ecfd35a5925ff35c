using System.Text.Json.Nodes;

namespace Recovery.Api.Tests;

public sealed class HostTests
{
    private RecoveryApp _app = null!;

    [OneTimeSetUp] public void Start() => _app = new RecoveryApp();
    [OneTimeTearDown] public async Task Stop() => await _app.DisposeAsync();

    [Test]
    public async Task Healthz_answers_200_when_the_database_is_migrated()
    {
        var response = await _app.Anonymous().GetAsync("/healthz");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Healthy"));
    }

    [Test]
    public async Task Healthz_answers_503_when_a_migration_is_missing()
    {
        await using var app = new RecoveryApp();
        await app.WithConnectionAsync("platform", c => Dapper.SqlMapper.ExecuteAsync(c,
            "DELETE FROM platform.schema_migration WHERE name = '0001_create_platform'"));
        var response = await app.Anonymous().GetAsync("/healthz");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }

    [Test]
    public async Task OpenApi_document_describes_the_endpoints_and_both_credentials()
    {
        var doc = await (await _app.Anonymous().GetAsync("/swagger/v1/swagger.json")).JsonAsync();
        var paths = doc.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/auth/login", "/api/v1/admin/users", "/api/v1/admin/partners",
                     "/api/v1/admin/partners/{partnerId}/keys", "/api/v1/audit", "/api/v1/audit/verify" })
            Assert.That(paths.TryGetProperty(path, out _), Is.True, path);
        var schemes = doc.GetProperty("components").GetProperty("securitySchemes");
        Assert.That(schemes.GetProperty("ApiKey").GetProperty("name").GetString(), Is.EqualTo("X-Api-Key"));
        Assert.That(schemes.GetProperty("Cookies").GetProperty("in").GetString(), Is.EqualTo("cookie"));
        var createUser = paths.GetProperty("/api/v1/admin/users").GetProperty("post");
        Assert.That(createUser.GetProperty("responses").TryGetProperty("400", out _), Is.True, "validation problems are documented");
        Assert.That(createUser.GetProperty("security").GetArrayLength(), Is.EqualTo(1));

        var ui = await _app.Anonymous().GetAsync("/swagger/index.html");
        Assert.That(ui.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    /// <summary>
    /// The SPA's API types are generated from <c>frontend/openapi.json</c>: the document the host serves must be that file,
    /// so a change to the API that the SPA has not taken in fails here. <c>RECOVERY_UPDATE_OPENAPI=1</c> rewrites the file
    /// (then <c>npm run api:types</c> in frontend/ regenerates the types, and the SPA's type check shows what broke).
    /// </summary>
    [Test]
    public async Task OpenApi_document_is_the_one_the_SPA_types_are_generated_from()
    {
        var served = JsonNode.Parse(await _app.Anonymous().GetStringAsync("/swagger/v1/swagger.json"))!.ToJsonString(Indented);
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Recovery.sln"))) dir = dir.Parent;
        var snapshot = Path.Combine(dir!.FullName, "frontend", "openapi.json");
        if (Environment.GetEnvironmentVariable("RECOVERY_UPDATE_OPENAPI") == "1") await File.WriteAllTextAsync(snapshot, served + "\n");
        Assert.That(File.Exists(snapshot), Is.True, "frontend/openapi.json: run the tests once with RECOVERY_UPDATE_OPENAPI=1");
        Assert.That((await File.ReadAllTextAsync(snapshot)).TrimEnd(), Is.EqualTo(served),
            "The API changed: run the Api tests with RECOVERY_UPDATE_OPENAPI=1, then `npm run api:types` in frontend/.");
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [Test]
    public async Task Problems_speak_Portuguese_to_who_asks_for_it_and_English_otherwise()
    {
        var agent = await _app.PersonAsync("agent");
        var english = await (await agent.GetAsync("/api/v1/debtors?query=a")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(english.ErrorsFor("query"), Is.EqualTo(new[] { "query needs at least 2 characters" }));

        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/debtors?query=a");
        request.Headers.AcceptLanguage.ParseAdd("pt-BR,pt;q=0.9,en;q=0.5");
        var portuguese = await (await agent.SendAsync(request)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(portuguese.ErrorsFor("query"), Is.EqualTo(new[] { "digite ao menos 2 caracteres" }));

        // FluentValidation's own messages follow too; numbers in the rest of the answer do not change.
        var note = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/debtors/{Guid.NewGuid()}/notes")
        {
            Content = JsonContent.Create(new { text = new string('x', 2001) }),
        };
        note.Headers.AcceptLanguage.ParseAdd("pt-BR");
        var tooLong = await (await agent.SendAsync(note)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(string.Join(" ", tooLong.ErrorsFor("text")), Does.Contain("caracteres"));
    }

    [Test]
    public async Task Unknown_api_path_is_a_404_problem()
    {
        var response = await _app.Anonymous().GetAsync("/api/v1/no-such-thing");
        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.That(problem.GetProperty("type").GetString(), Does.EndWith("/not-found"));
        await (await _app.Anonymous().GetAsync("/api/v1")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Wrong_method_is_a_problem_too()
    {
        var response = await _app.Anonymous().DeleteAsync("/api/v1/auth/me");
        Assert.That((int)response.StatusCode, Is.EqualTo(405));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }
}
