using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Recovery.BuildingBlocks.Messaging;

namespace Recovery.Api.Tests.BuildingBlocks;

/// <summary>A run longer than its lease keeps the lease; a run whose lease another instance took stops.</summary>
public sealed class LeasedJobTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);

    /// <summary>A job whose run lasts until the test releases it, with a three-second lease.</summary>
    private sealed class SlowJob(Leases leases, TimeProvider clock) : LeasedJob(leases, clock, NullLogger.Instance)
    {
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override string Schema => "communication";
        public override string LeaseName { get; } = "slow-" + Guid.NewGuid().ToString("N")[..8];
        protected override TimeSpan Interval => TimeSpan.FromHours(1);
        protected override TimeSpan LeaseDuration => Lease;

        protected override async Task<string> RunOnceAsync(CancellationToken ct)
        {
            await Release.Task.WaitAsync(ct);
            return "done";
        }
    }

    private sealed class LeaseRow
    {
        public string Holder { get; init; } = "";
        public DateTimeOffset ExpiresAt { get; init; }
    }

    private static Task<LeaseRow> LeaseAsync(RecoveryApp app, string name) =>
        app.WithConnectionAsync("communication", c => c.QuerySingleAsync<LeaseRow>(
            "SELECT holder, expires_at FROM communication.lease WHERE name = @Name", new { Name = name }));

    [Test]
    public async Task A_run_longer_than_its_lease_renews_it_and_ends()
    {
        await using var app = new RecoveryApp();
        var job = new SlowJob(app.Services.GetRequiredService<Leases>(), app.Clock);
        var started = app.Clock.GetUtcNow();
        var run = job.RunNowAsync(CancellationToken.None);

        await Task.Delay(Lease + TimeSpan.FromSeconds(1.5));
        var lease = await LeaseAsync(app, job.LeaseName);
        Assert.That(lease.Holder, Is.EqualTo(Leases.InstanceId));
        Assert.That(lease.ExpiresAt, Is.GreaterThan(app.Clock.GetUtcNow()), "renewed: still held after its first term");
        Assert.That(lease.ExpiresAt, Is.GreaterThan(started + Lease));
        Assert.That(run.IsCompleted, Is.False);

        job.Release.SetResult();
        Assert.That((await run)!.Outcome, Is.EqualTo("done"));
    }

    [Test]
    public async Task A_run_whose_lease_another_instance_took_is_cancelled()
    {
        await using var app = new RecoveryApp();
        var job = new SlowJob(app.Services.GetRequiredService<Leases>(), app.Clock);
        var run = job.RunNowAsync(CancellationToken.None);
        await RecoveryApp.EventuallyAsync(async () => await app.WithConnectionAsync("communication", c =>
            c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM communication.lease WHERE name = @Name", new { Name = job.LeaseName })) == 1, "the lease taken");

        // As if this instance had been cut off long enough for another one to take the lease.
        await app.WithConnectionAsync("communication", c => c.ExecuteAsync(
            "UPDATE communication.lease SET holder = 'another-instance', expires_at = @Until WHERE name = @Name",
            new { Name = job.LeaseName, Until = app.Clock.GetUtcNow().AddHours(1) }));

        var finished = await Task.WhenAny(run, Task.Delay(Lease * 3));
        Assert.That(finished, Is.SameAs(run), "the run stopped at its next renewal");
        Assert.That(async () => await run, Throws.InstanceOf<OperationCanceledException>());
        Assert.That((await LeaseAsync(app, job.LeaseName)).Holder, Is.EqualTo("another-instance"));
    }
}
