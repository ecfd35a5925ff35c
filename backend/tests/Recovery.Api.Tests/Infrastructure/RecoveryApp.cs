using System.Data.Common;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Recovery.BuildingBlocks.Data;

namespace Recovery.Api.Tests.Infrastructure;

/// <summary>
/// The real host over HTTP with a database of its own: SQLite files in a fresh temporary directory, or a fresh SQL
/// Server database when RECOVERY_TEST_SQLSERVER holds a connection string. Restartable on the same data, to prove
/// what survives a crash.
/// </summary>
public sealed class RecoveryApp : IAsyncDisposable
{
    public const string AdminEmail = "admin@recovery.test";
    public const string AdminPassword = "Admin-Password-2026";

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private WebApplicationFactory<Program>? _factory;

    public RecoveryApp(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "recovery-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        _services = services;
        _settings = new Dictionary<string, string?>
        {
            ["RECOVERY_DATA_DIR"] = DataDirectory,
            ["RECOVERY_ADMIN_EMAIL"] = AdminEmail,
            ["RECOVERY_ADMIN_PASSWORD"] = AdminPassword,
            ["Messaging:PollInterval"] = "00:00:00.100",
            ["Security:RateLimits:PartnerPermitsPerSecond"] = "10000",
            ["Security:RateLimits:PartnerBurst"] = "10000",
            ["Security:RateLimits:UserPermitsPerSecond"] = "10000",
            ["Security:RateLimits:UserBurst"] = "10000",
            ["Security:RateLimits:AnonymousPermitsPerSecond"] = "10000",
            ["Security:RateLimits:AnonymousBurst"] = "10000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (SqlServerConnectionString is { } cs)
        {
            var builder = new SqlConnectionStringBuilder(cs) { InitialCatalog = "recovery_test_" + Guid.NewGuid().ToString("N")[..12] };
            SqlServerDatabase = builder.InitialCatalog;
            using (var master = new SqlConnection(new SqlConnectionStringBuilder(cs) { InitialCatalog = "master" }.ConnectionString))
            {
                master.Open();
                master.Execute($"CREATE DATABASE [{SqlServerDatabase}]");
            }
            _settings["Database:Provider"] = "SqlServer";
            _settings["Database:ConnectionString"] = builder.ConnectionString;
        }
        foreach (var (k, v) in settings ?? []) _settings[k] = v;
    }

    public static string? SqlServerConnectionString =>
        Environment.GetEnvironmentVariable("RECOVERY_TEST_SQLSERVER") is { Length: > 0 } cs ? cs : null;

    public static bool OnSqlServer => SqlServerConnectionString is not null;

    public string DataDirectory { get; }
    public string? SqlServerDatabase { get; }
    public TestClock Clock { get; } = new();

    /// <summary>Today in Brasília by the test clock: the server's business date.</summary>
    public DateOnly Today => Recovery.BuildingBlocks.BusinessDate.Today(Clock);

    public IServiceProvider Services => Factory.Services;

    private WebApplicationFactory<Program> Factory => _factory ??= Start(_settings);

    private WebApplicationFactory<Program> Start(Dictionary<string, string?> settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            foreach (var (k, v) in settings) b.UseSetting(k, v);
            b.ConfigureTestServices(s =>
            {
                s.RemoveAll<TimeProvider>();
                s.AddSingleton<TimeProvider>(Clock);
                _services?.Invoke(s);
            });
        });

    /// <summary>Stops the host as a crash would leave it (nothing in memory survives) and starts a new one on the same data.</summary>
    public async Task RestartAsync(Dictionary<string, string?>? settings = null)
    {
        if (_factory is not null) await _factory.DisposeAsync();
        foreach (var (k, v) in settings ?? []) _settings[k] = v;
        _factory = Start(_settings);
    }

    /// <summary>A client with no credentials; cookies are kept between its requests.</summary>
    public HttpClient Anonymous() => Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });

    /// <summary>
    /// A signed-in person, sending X-Requested-With as the SPA does. Administrators, supervisors and auditors sign in
    /// with a second factor: see <see cref="SecondFactors"/>.
    /// </summary>
    public async Task<HttpClient> LoginAsync(string email, string password)
    {
        var client = await SecondFactors.SignInAsync(email, password);
        client.DefaultRequestHeaders.Add("X-Requested-With", "recovery-tests");
        return client;
    }

    /// <summary>Posts a sign-in, with the next code of the person's second factor when this app enrolled them.</summary>
    public Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password) =>
        SecondFactors.PostLoginAsync(client, email, password);

    /// <summary>The second factors of the people this app signed in (enrolled at their first sign-in).</summary>
    public SecondFactors SecondFactors => _secondFactors ??= new SecondFactors(this, Clock);

    private SecondFactors? _secondFactors;

    internal HttpClient ClientWith(System.Net.CookieContainer cookies) =>
        Factory.CreateDefaultClient(new Uri("http://localhost"), new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(cookies));

    public Task<HttpClient> AdminAsync() => LoginAsync(AdminEmail, AdminPassword);

    public const string PersonPassword = "Person-Password-2026";

    /// <summary>Creates a person with the role (and the name, when given) and signs them in.</summary>
    public async Task<HttpClient> PersonAsync(string role, string? name = null)
    {
        var email = $"{role}-{Guid.NewGuid():N}@recovery.test";
        var admin = await AdminAsync();
        var created = await admin.PostAsJsonAsync("/api/v1/admin/users", new { email, name = name ?? $"Test {role}", role, password = PersonPassword });
        created.EnsureSuccessStatusCode();
        var client = await LoginAsync(email, PersonPassword);
        _emails.Add(client, email);
        return client;
    }

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<HttpClient, string> _emails = new();

    /// <summary>Signs a person made by <see cref="PersonAsync"/> in again (sessions end when the clock moves by days).</summary>
    public Task<HttpClient> AgainAsync(HttpClient person) => LoginAsync(EmailOf(person), PersonPassword);

    /// <summary>The e-mail a person made by <see cref="PersonAsync"/> signs in with (the name the audit trail and the reports give them).</summary>
    public string EmailOf(HttpClient person) =>
        _emails.TryGetValue(person, out var email) ? email : throw new ArgumentException("Not a person this app made.", nameof(person));

    /// <summary>Registers a partner and returns a client that sends its API key.</summary>
    public async Task<(HttpClient Client, Guid PartnerId, string ApiKey)> PartnerAsync()
    {
        var admin = await AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/v1/admin/partners", new { name = "Credor " + Guid.NewGuid().ToString("N")[..6], document = TestData.Cnpj() });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<PartnerCreated>();
        return (PartnerClient(body!.ApiKey), body.Id, body.ApiKey);
    }

    public HttpClient PartnerClient(string apiKey)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>Direct access to a schema, for what a test must set up or inspect behind the API's back.</summary>
    public async Task<T> WithConnectionAsync<T>(string schema, Func<DbConnection, Task<T>> action)
    {
        var database = Services.GetRequiredService<Database>();
        var connection = await database.OpenAsync(schema);
        try { return await action(connection); }
        finally { connection.Dispose(); }
    }

    /// <summary>Waits until a condition over the API holds (events are delivered asynchronously).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, int timeoutMs = 30_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(50);
        }
        Assert.Fail($"Timed out waiting for: {what}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
        if (SqlServerDatabase is not null)
        {
            await using var master = new SqlConnection(new SqlConnectionStringBuilder(SqlServerConnectionString) { InitialCatalog = "master" }.ConnectionString);
            await master.ExecuteAsync($"ALTER DATABASE [{SqlServerDatabase}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{SqlServerDatabase}]");
        }
    }

    private sealed record PartnerCreated(Guid Id, string Name, string ApiKey, Guid KeyId);
}

/// <summary>A clock the tests move; starts at the real time.</summary>
public sealed class TestClock : TimeProvider
{
    private TimeSpan _offset;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + _offset;

    public void Advance(TimeSpan by) => _offset += by;
}
