using Dapper;

namespace Recovery.Api.Tests;

/// <summary>
/// The outbox carries each command's audit entry from the schema it changed to the platform's trail: the entry is
/// written with the change, delivered after a crash, and never applied twice.
/// </summary>
public sealed class OutboxTests
{
    private static async Task<int> TrailCountAsync(RecoveryApp app, string resourceId) =>
        (await (await (await app.AdminAsync()).GetAsync($"/api/v1/audit?resource={resourceId}")).JsonAsync())
            .GetProperty("items").GetArrayLength();

    [Test]
    public async Task An_event_written_with_its_change_is_delivered_after_the_process_dies_before_dispatch()
    {
        await using var app = new RecoveryApp(new() { ["Messaging:DispatchEnabled"] = "false" });
        var admin = await app.AdminAsync();
        var user = await (await admin.PostAsJsonAsync("/api/v1/admin/users",
            new { email = $"out-{Guid.NewGuid():N}@recovery.test", name = "Outbox", role = "agent", password = "Some-Password-1" })).JsonAsync();
        var userId = user.GetProperty("id").GetString()!;

        var pending = await app.WithConnectionAsync("platform", c => c.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM platform.outbox_message WHERE dispatched_at IS NULL"));
        Assert.That(pending, Is.GreaterThanOrEqualTo(1), "the event waits in the outbox, committed with the user");
        Assert.That(await TrailCountAsync(app, userId), Is.Zero, "nothing delivered yet");

        await app.RestartAsync(new() { ["Messaging:DispatchEnabled"] = "true" });

        await RecoveryApp.EventuallyAsync(async () => await TrailCountAsync(app, userId) == 1, "delivery after restart");
        var left = await app.WithConnectionAsync("platform", c => c.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM platform.outbox_message WHERE dispatched_at IS NULL"));
        Assert.That(left, Is.Zero);
    }

    [Test]
    public async Task A_redelivered_event_changes_nothing()
    {
        await using var app = new RecoveryApp();
        var admin = await app.AdminAsync();
        var user = await (await admin.PostAsJsonAsync("/api/v1/admin/users",
            new { email = $"re-{Guid.NewGuid():N}@recovery.test", name = "Redelivered", role = "agent", password = "Some-Password-1" })).JsonAsync();
        var userId = user.GetProperty("id").GetString()!;
        await RecoveryApp.EventuallyAsync(async () => await TrailCountAsync(app, userId) == 1, "first delivery");

        // As if the process had died after the subscriber committed but before the outbox row was marked.
        var reset = await app.WithConnectionAsync("platform", c => c.ExecuteAsync(
            "UPDATE platform.outbox_message SET dispatched_at = NULL"));
        Assert.That(reset, Is.GreaterThanOrEqualTo(1));
        await app.RestartAsync();

        await RecoveryApp.EventuallyAsync(async () => await app.WithConnectionAsync("platform", c => c.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM platform.outbox_message WHERE dispatched_at IS NULL")) == 0, "redelivery");
        var verify = await (await (await app.AdminAsync()).GetAsync("/api/v1/audit/verify")).JsonAsync();
        Assert.That(await TrailCountAsync(app, userId), Is.EqualTo(1), "still exactly one entry for the change");
        Assert.That(verify.GetProperty("valid").GetBoolean(), Is.True);
    }

    [Test]
    public async Task A_failed_command_rolls_back_and_its_event_is_never_sent()
    {
        await using var app = new RecoveryApp();
        var admin = await app.AdminAsync();
        var email = $"dup-{Guid.NewGuid():N}@recovery.test";
        (await admin.PostAsJsonAsync("/api/v1/admin/users", new { email, name = "One", role = "agent", password = "Some-Password-1" })).EnsureSuccessStatusCode();
        var outboxBefore = await app.WithConnectionAsync("platform", c => c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM platform.outbox_message"));
        await (await admin.PostAsJsonAsync("/api/v1/admin/users", new { email, name = "Two", role = "agent", password = "Some-Password-1" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        var outboxAfter = await app.WithConnectionAsync("platform", c => c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM platform.outbox_message"));
        Assert.That(outboxAfter, Is.EqualTo(outboxBefore));
    }

    [Test]
    public async Task Events_applied_in_groups_leave_a_failing_event_to_be_retried_alone()
    {
        await using var app = new RecoveryApp(new() { ["Messaging:DispatchEnabled"] = "false", ["Messaging:SubscriberBatchSize"] = "50" });
        var admin = await app.AdminAsync();
        async Task<string> CreateUserAsync(string name) => (await (await admin.PostAsJsonAsync("/api/v1/admin/users",
                new { email = $"grp-{Guid.NewGuid():N}@recovery.test", name, role = "agent", password = "Some-Password-1" })).JsonAsync())
            .GetProperty("id").GetString()!;
        var before = await CreateUserAsync("Before");
        // An entry no trail can take (no actor, no action) between two good ones, in the same group.
        var poison = Guid.NewGuid();
        await app.WithConnectionAsync("platform", c => c.ExecuteAsync(
            "INSERT INTO platform.outbox_message (id, type, payload, occurred_at, attempts, next_attempt_at) VALUES (@Id, @Type, @Payload, @Now, 0, @Now)",
            new
            {
                Id = poison.ToString(), Type = typeof(Recovery.BuildingBlocks.Audit.AuditRecorded).FullName,
                Payload = $$"""{"id":"{{poison}}","occurredAt":"2026-01-01T00:00:00Z"}""", Now = DateTimeOffset.UtcNow.ToString("O"),
            }));
        var after = await CreateUserAsync("After");

        await app.RestartAsync(new() { ["Messaging:DispatchEnabled"] = "true", ["Messaging:SubscriberBatchSize"] = "50" });

        await RecoveryApp.EventuallyAsync(async () => await TrailCountAsync(app, before) == 1 && await TrailCountAsync(app, after) == 1,
            "the good events of the group delivered");
        var row = await app.WithConnectionAsync("platform", c => c.QuerySingleAsync<(long Attempts, string? Error, string? Dispatched)>(
            "SELECT attempts, last_error, dispatched_at FROM platform.outbox_message WHERE id = @Id", new { Id = poison.ToString() }));
        Assert.That(row.Dispatched, Is.Null, "the failing event waits for its retry");
        Assert.That(row.Attempts, Is.GreaterThanOrEqualTo(1));
        Assert.That(row.Error, Is.Not.Null.And.Not.Empty);
        var verify = await (await (await app.AdminAsync()).GetAsync("/api/v1/audit/verify")).JsonAsync();
        Assert.That(verify.GetProperty("valid").GetBoolean(), Is.True, "the chain holds without the failed entry");
    }
}
