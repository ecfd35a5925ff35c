namespace Recovery.Api.Tests.Analytics;

/// <summary>Features as of a day are made of what was known by its end, and nothing later (ADR 0027).</summary>
public sealed class FeaturesTests
{
    [Test]
    public async Task A_fact_learnt_after_the_snapshot_day_does_not_change_the_features_as_of_that_day()
    {
        await using var app = new RecoveryApp();
        var (partner, _, _) = await app.PartnerAsync();
        var world = new AnalyticsWorld(app, partner);
        var debt = await world.PushAsync(1000m, 30);
        var sibling = await world.PushAsync(500m, 10);
        var supervisor = await app.PersonAsync("supervisor");
        await AnalyticsWorld.EventuallyAsync(supervisor, debt.InvoiceId, v => v["days_late"] == 30, "the debt to reach Analytics");
        var snapshot = app.Today;
        var before = AnalyticsWorld.Values(await AnalyticsWorld.FeaturesAsync(supervisor, debt.InvoiceId, snapshot));
        Assert.That(before["prior_payments"], Is.Zero);
        Assert.That(before["balance"], Is.EqualTo(1000));
        Assert.That(before["open_debts"], Is.EqualTo(1), "the other debt of another debtor is not theirs");
        Assert.That(before["days_since_payment"], Is.EqualTo(999), "never paid");

        // Five days later the partner registers a payment it says was made the day before the snapshot, and an agent records a promise.
        app.Clock.Advance(TimeSpan.FromDays(5));
        supervisor = await app.AgainAsync(supervisor);
        await world.PayAsync(debt, 400m, snapshot.AddDays(-1));
        var agent = await app.PersonAsync("agent");
        (await agent.PostAsJsonAsync($"/api/v1/debtors/{debt.DebtorId}/promises", new { amount = 100m, dueDate = app.Today.AddDays(3).ToString("yyyy-MM-dd") }))
            .EnsureSuccessStatusCode();
        var now = await AnalyticsWorld.EventuallyAsync(supervisor, debt.InvoiceId, v => v["prior_payments"] == 1,
            "the payment to reach Analytics");
        Assert.That(now["balance"], Is.EqualTo(600), "today the payment counts");
        Assert.That(now["days_late"], Is.EqualTo(35));
        Assert.That(now["days_since_payment"], Is.Zero, "learnt today: a claimed date in the past is not when the platform knew it");

        var after = AnalyticsWorld.Values(await AnalyticsWorld.FeaturesAsync(supervisor, debt.InvoiceId, snapshot));
        Assert.That(after, Is.EqualTo(before), "the features as of the snapshot day are the same after later facts arrived");
        Assert.That((await supervisor.GetAsync($"/api/v1/analytics/debts/{debt.InvoiceId}/features?asOf={snapshot.AddDays(-40):yyyy-MM-dd}")).StatusCode,
            Is.EqualTo(HttpStatusCode.NotFound), "before the debt reached the platform it has no features");
        var words = (await AnalyticsWorld.FeaturesAsync(supervisor, debt.InvoiceId)).GetProperty("features").EnumerateArray()
            .Single(f => f.GetProperty("code").GetString() == "days_late").GetProperty("text").GetString();
        Assert.That(words, Is.EqualTo("35 dias em atraso"));
    }
}
