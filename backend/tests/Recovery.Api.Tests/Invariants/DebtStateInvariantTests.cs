using Recovery.Testing;

namespace Recovery.Api.Tests.Invariants;

/// <summary>
/// One truth for a debt's state: along a seeded random walk through the API (invoices pushed and changed, partner and
/// Pix payments, agreements made within and above authority, approved, rejected, paid to the end, cancelled and broken by
/// the clock, invoices cancelled, holds, dunning runs and days passing with e-mails going out), whenever the events have
/// settled the partner's API, Communication and Reporting tell the same status and outstanding of every debt, the aging
/// adds up to what the partners see, and no message is planned or sent for a debt that is not open.
/// Replay a failure with RECOVERY_INVARIANT_SEED (and RECOVERY_INVARIANT_STEPS); the steps are in the test's output.
/// </summary>
[Category("Invariant")]
public sealed class DebtStateInvariantTests
{
    /// <summary>A seed whose walk reaches every state the invariants speak of, including a dunning step falling on a paid debt.</summary>
    public const int DefaultSeed = 99;

    [Test]
    public async Task Every_module_tells_the_same_state_of_every_debt_along_a_random_walk()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("RECOVERY_INVARIANT_SEED"), out var s) ? s : DefaultSeed;
        var steps = int.TryParse(Environment.GetEnvironmentVariable("RECOVERY_INVARIANT_STEPS"), out var n) ? n : 200;
        TestContext.Out.WriteLine($"RECOVERY_INVARIANT_SEED={seed} RECOVERY_INVARIANT_STEPS={steps}");
        await using var smtp = new SmtpSink(keep: false);
        await using var app = new RecoveryApp(InvariantHost.Settings(smtp));
        InvariantHost.MoveToWeekdayMorning(app);
        var views = new DebtViews(app);
        var walk = new Walk(app, views, seed);
        await walk.StartAsync(partners: 3);

        for (var step = 1; step <= steps; step++)
        {
            await walk.StepAsync(step);
            if (step % 10 == 0 || step == steps) await walk.CheckAsync();
        }

        var messages = await views.MessagesAsync();
        var statuses = string.Join(", ", walk.Debts.GroupBy(d => d.Status).Select(g => $"{g.Count()} {g.Key}"));
        var agreements = string.Join(", ", walk.Agreements.GroupBy(a => a.Status).Select(g => $"{g.Count()} {g.Key}"));
        walk.Log($"end: debts {statuses}; agreements {agreements}; messages {messages.Count(m => m.SentAt is not null)} sent of {messages.Count}; " +
                 $"{smtp.Count} at the SMTP server; {walk.QuietMs} ms waiting for events");
        Assert.Multiple(() =>
        {
            // The walk must have reached the states the invariants are about, or it proves nothing.
            Assert.That(walk.Debts.SelectMany(d => d.Seen).Distinct(), Is.SupersetOf(new[] { "open", "paid", "in_agreement", "cancelled" }), statuses);
            Assert.That(walk.Agreements.Select(a => a.Status).Distinct(), Is.SupersetOf(new[] { "completed", "rejected", "cancelled", "broken" }), agreements);
            Assert.That(smtp.Count, Is.GreaterThan(0), "e-mails went out");
            Assert.That(walk.Failures, Is.Empty, $"seed {seed}: {walk.Failures.Count} disagreement(s) " +
                $"({string.Join(", ", walk.Kinds.Select(k => $"{k.Value} {k.Key}"))}):\n{string.Join("\n", walk.Failures)}");
        });
    }
}

/// <summary>The host the invariant tests run: e-mail to a loopback SMTP server, dispatch every 50 ms, events polled every 20 ms, no daily run by itself, a
/// schedule's step caught up to ten days late, sessions that outlive the clock's jumps.</summary>
internal static class InvariantHost
{
    public static Dictionary<string, string?> Settings(SmtpSink smtp) => new()
    {
        ["Communication:Smtp:Host"] = "127.0.0.1",
        ["Communication:Smtp:Port"] = smtp.Port.ToString(),
        ["Communication:DispatchInterval"] = "00:00:00.050",
        ["Messaging:PollInterval"] = "00:00:00.020",
        ["Communication:RetryBase"] = "00:00:01",
        ["Communication:DailyRunHour"] = "25",
        ["Communication:CatchUpDays"] = "10",
        ["Security:IdleTimeout"] = "3650.00:00:00",
        ["Security:AbsoluteTimeout"] = "3650.00:00:00",
    };

    /// <summary>The next Tuesday at least two days ahead, 10:00 in São Paulo (13:00 UTC): e-mails may go at once.</summary>
    public static void MoveToWeekdayMorning(RecoveryApp app)
    {
        var now = app.Clock.GetUtcNow();
        var date = DateOnly.FromDateTime(now.UtcDateTime).AddDays(2);
        while (date.DayOfWeek != DayOfWeek.Tuesday) date = date.AddDays(1);
        app.Clock.Advance(new DateTimeOffset(date.ToDateTime(new TimeOnly(13, 0)), TimeSpan.Zero) - now);
    }
}
