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
}
