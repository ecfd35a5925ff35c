using Dapper;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Recovery.BuildingBlocks.Audit;
using Recovery.BuildingBlocks.Errors;
using Recovery.BuildingBlocks.Idempotency;
using Recovery.BuildingBlocks.Mediation;
using Recovery.BuildingBlocks.Security;
using Recovery.Platform.Data;

namespace Recovery.Api.Tests;

/// <summary>
/// The Idempotency-Key mechanism, through a partner POST mapped into the real pipeline. Its effect is observable: every
/// execution issues a new id and leaves one audit entry, committed in the same transaction as the stored response.
/// </summary>
public sealed class IdempotencyTests
{
    private RecoveryApp _app = null!;
    private HttpClient _partner = null!;
    internal static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> Gates = new();

    internal static SemaphoreSlim Gate(string text) => Gates.GetOrAdd(text, _ => new SemaphoreSlim(0));

    [OneTimeSetUp]
    public async Task Start()
    {
        _app = new RecoveryApp(services: s =>
        {
            s.AddHandler<Probe.Command, Probe.Response, Probe.Handler>();
            s.AddSingleton<EndpointExtension>(Probe.Map);
        });
        (_partner, _, _) = await _app.PartnerAsync();
    }

    [OneTimeTearDown] public async Task Stop() => await _app.DisposeAsync();

    private async Task<HttpResponseMessage> PostAsync(string? key, object body, HttpClient? client = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/partner/probes") { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return await (client ?? _partner).SendAsync(request);
    }

    private async Task<int> ExecutionsAsync(string text)
    {
        var admin = await _app.AdminAsync();
        var page = await (await admin.GetAsync("/api/v1/audit?resource=probe&limit=500")).JsonAsync();
        return page.GetProperty("items").EnumerateArray().Count(e => e.GetProperty("afterState").GetString()!.Contains(text));
    }

    [Test]
    public async Task Same_key_and_body_replays_the_first_response_and_applies_once()
    {
        var key = Guid.NewGuid().ToString();
        var text = "replay-" + key;
        var first = await PostAsync(key, new { text });
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(first.Headers.Contains("Idempotent-Replayed"), Is.False);
        var firstBody = await first.Content.ReadAsStringAsync();

        var second = await PostAsync(key, new { text });
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(second.Headers.GetValues("Idempotent-Replayed").Single(), Is.EqualTo("true"));
        Assert.That(await second.Content.ReadAsStringAsync(), Is.EqualTo(firstBody));
        Assert.That(second.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));

        await RecoveryApp.EventuallyAsync(async () => await ExecutionsAsync(text) == 1, "one audited execution");
        await Task.Delay(300);
        Assert.That(await ExecutionsAsync(text), Is.EqualTo(1));
    }

    [Test]
    public async Task Without_a_key_every_request_executes()
    {
        var text = "nokey-" + Guid.NewGuid();
        var a = await (await PostAsync(null, new { text })).JsonAsync();
        var b = await (await PostAsync(null, new { text })).JsonAsync();
        Assert.That(a.GetProperty("id").GetGuid(), Is.Not.EqualTo(b.GetProperty("id").GetGuid()));
    }

    [Test]
    public async Task Same_key_with_a_different_body_is_422()
    {
        var key = Guid.NewGuid().ToString();
        (await PostAsync(key, new { text = "a" })).EnsureSuccessStatusCode();
        var problem = await (await PostAsync(key, new { text = "b" })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.That(problem.GetProperty("type").GetString(), Does.EndWith("/idempotency-key-reused"));
    }

    [Test]
    public async Task Keys_are_scoped_to_the_partner()
    {
        var (other, _, _) = await _app.PartnerAsync();
        var key = Guid.NewGuid().ToString();
        var mine = await (await PostAsync(key, new { text = "scoped" })).JsonAsync();
        var theirs = await PostAsync(key, new { text = "scoped" }, other);
        Assert.That(theirs.Headers.Contains("Idempotent-Replayed"), Is.False);
        Assert.That((await theirs.JsonAsync()).GetProperty("id").GetGuid(), Is.Not.EqualTo(mine.GetProperty("id").GetGuid()));
    }

    [Test]
    public async Task Same_key_while_the_first_is_running_is_409()
    {
        var key = Guid.NewGuid().ToString();
        var slow = "slow-" + key;
        var running = PostAsync(key, new { text = slow });
        await RecoveryApp.EventuallyAsync(async () => await _app.WithConnectionAsync("platform", c => c.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM platform.idempotency_request WHERE idempotency_key = @Key", new { Key = key })) == 1, "the first request to claim its key");
        var concurrent = await PostAsync(key, new { text = slow });
        var problem = await concurrent.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.That(problem.GetProperty("type").GetString(), Does.EndWith("/idempotency-request-in-flight"));
        Gate(slow).Release();
        Assert.That((await running).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var replay = await PostAsync(key, new { text = slow });
        Assert.That(replay.Headers.GetValues("Idempotent-Replayed").Single(), Is.EqualTo("true"));
    }

    [Test]
    public async Task A_failed_request_stores_nothing_so_the_key_can_be_retried()
    {
        var key = Guid.NewGuid().ToString();
        await (await PostAsync(key, new { text = "fail" })).AssertProblemAsync(HttpStatusCode.Conflict);
        var stored = await _app.WithConnectionAsync("platform", c => c.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM platform.idempotency_request WHERE idempotency_key = @Key", new { Key = key }));
        Assert.That(stored, Is.Zero);
        var invalid = await PostAsync(key, new { text = "" });
        await invalid.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task A_request_that_died_in_flight_is_taken_over_once_its_lock_expires()
    {
        var key = Guid.NewGuid().ToString();
        var slow = "slow-" + key;
        var running = PostAsync(key, new { text = slow });
        await RecoveryApp.EventuallyAsync(async () => await _app.WithConnectionAsync("platform", c => c.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM platform.idempotency_request WHERE idempotency_key = @Key", new { Key = key })) == 1, "claim");
        // As if its process had died: the lock is past, nothing was committed.
        await _app.WithConnectionAsync("platform", c => c.ExecuteAsync(
            "UPDATE platform.idempotency_request SET locked_until = @Past WHERE idempotency_key = @Key",
            new { Past = DateTimeOffset.UtcNow.AddMinutes(-5), Key = key }));
        var retry = PostAsync(key, new { text = slow });
        await RecoveryApp.EventuallyAsync(() => Task.FromResult(Gate(slow).CurrentCount == 0 && Gates.ContainsKey(slow)), "both waiting");
        await Task.Delay(200);
        Gate(slow).Release(2);
        var results = await Task.WhenAll(running, retry);
        Assert.That(results.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Created), "the retry took the key over instead of waiting for a dead request");
        var replay = await PostAsync(key, new { text = slow });
        Assert.That(replay.Headers.GetValues("Idempotent-Replayed").Single(), Is.EqualTo("true"));
    }

    [TestCase("clé")]
    [TestCase("has space")]
    public async Task An_invalid_key_is_400(string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/partner/probes") { Content = JsonContent.Create(new { text = "x" }) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        var problem = await (await _partner.SendAsync(request)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("Idempotency-Key"), Is.Not.Empty);
    }

    /// <summary>The contract: any partner POST may carry Idempotency-Key. One filter gives them all the same behaviour.</summary>
    [Test]
    public void Every_partner_POST_is_idempotent()
    {
        var endpoints = _app.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.Contains("POST") == true
                        && e.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Any(a => a.Policy == Policies.Partner))
            .ToList();
        Assert.That(endpoints.Select(e => e.RoutePattern.RawText), Does.Contain("/api/v1/partner/pix/payments"));
        Assert.That(endpoints.Where(e => e.Metadata.GetMetadata<Recovery.BuildingBlocks.Idempotency.IdempotentEndpointMetadata>() is null)
            .Select(e => e.RoutePattern.RawText), Is.Empty);
    }

    [Test]
    public async Task A_Pix_payment_takes_the_same_key_rules()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/partner/pix/payments")
        {
            Content = JsonContent.Create(new { txid = "TX1", endToEndId = "E2E1", amount = 10.00m, paidAt = "2026-01-10" }),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", new string('k', 256));
        var problem = await (await _partner.SendAsync(request)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("Idempotency-Key"), Is.Not.Empty);
    }

    [Test]
    public async Task A_key_of_256_characters_is_400()
    {
        var problem = await (await PostAsync(new string('k', 256), new { text = "x" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("Idempotency-Key"), Is.Not.Empty);
    }
}

/// <summary>A partner command for the tests: "slow" waits for the test's gate, "fail" is a business conflict.</summary>
internal static class Probe
{
    internal sealed record Command(string Text) : ICommand<Response>;

    internal sealed record Response(Guid Id, string Text);

    internal sealed class Handler(PlatformDb db, AuditContext audit) : IRequestHandler<Command, Response>
    {
        public async Task<Response> Handle(Command command, CancellationToken ct)
        {
            if (string.IsNullOrEmpty(command.Text))
                throw new FieldException("text", "text is required");
            if (command.Text.StartsWith("slow", StringComparison.Ordinal))
                await IdempotencyTests.Gate(command.Text).WaitAsync(TimeSpan.FromSeconds(10), ct);
            if (command.Text == "fail") throw new ConflictException(ProblemTypes.Conflict, "Probe conflict", "as asked");
            await using var tx = await db.BeginAsync(ct);
            var id = Guid.NewGuid();
            await tx.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM platform.partner");
            await tx.CommitAsync(ct);
            audit.Describe("probe", id, after: new { command.Text });
            return new Response(id, command.Text);
        }
    }

    internal static void Map(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/partner/probes", async (Command command, IMediator mediator, CancellationToken ct) =>
                TypedResults.Created("/api/v1/partner/probes", await mediator.Send(command, ct)))
            .RequireAuthorization(Policies.Partner)
            .WithIdempotency<PlatformDb>();
}
