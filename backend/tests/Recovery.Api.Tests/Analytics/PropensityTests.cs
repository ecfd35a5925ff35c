namespace Recovery.Api.Tests.Analytics;

/// <summary>The propensity to pay: the scorecard until there are outcomes, then a trained model an administrator activates.</summary>
public sealed class PropensityTests
{
    private static async Task<JsonElement> ScoreAsync(HttpClient person, Guid debtorId)
    {
        JsonElement score = default;
        await RecoveryApp.EventuallyAsync(async () =>
        {
            var response = await person.GetAsync($"/api/v1/debtors/{debtorId}/score");
            if (!response.IsSuccessStatusCode) return false;
            score = await response.JsonAsync();
            return true;
        }, "the debtor's score");
        return score;
    }

    private static async Task<JsonElement> TrainAsync(HttpClient admin)
    {
        var started = await admin.PostAsync("/api/v1/analytics/models/propensity/train", null);
        Assert.That(started.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var runId = (await started.JsonAsync()).GetProperty("runId").GetGuid();
        JsonElement run = default;
        await RecoveryApp.EventuallyAsync(async () =>
        {
            run = await (await admin.GetAsync($"/api/v1/analytics/models/propensity/train/{runId}")).JsonAsync();
            return run.GetProperty("status").GetString() is "succeeded" or "failed";
        }, "the training run to end", 120_000);
        return run;
    }

    [Test]
    public async Task Without_enough_outcomes_the_scorecard_scores_and_explains_itself_and_training_says_why_it_cannot()
    {
        await using var app = new RecoveryApp();
        var (partner, _, _) = await app.PartnerAsync();
        var world = new AnalyticsWorld(app, partner);
        var fresh = await world.PushAsync(800m, 15);
        var ancient = await world.PushAsync(8000m, 400, income: null);
        var agent = await app.PersonAsync("agent");

        var score = await ScoreAsync(agent, fresh.DebtorId);
        Assert.That(score.GetProperty("modelVersion").GetString(), Is.EqualTo("scorecard-1"));
        Assert.That(score.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "probability", "band", "modelVersion", "reasons", "scoredAt" }));
        var reasons = score.GetProperty("reasons").EnumerateArray().ToList();
        Assert.That(reasons, Is.Not.Empty);
        Assert.That(reasons.Select(r => r.EnumerateObject().Select(p => p.Name)), Has.All.EquivalentTo(new[] { "feature", "effect" }));
        var old = await ScoreAsync(agent, ancient.DebtorId);
        Assert.That(old.GetProperty("probability").GetDouble(), Is.LessThan(score.GetProperty("probability").GetDouble()));
        Assert.That(old.GetProperty("band").GetString(), Is.EqualTo("E"));
        var top = old.GetProperty("reasons")[0];
        Assert.That(top.GetProperty("feature").GetString(), Is.EqualTo("days_late"));
        Assert.That(top.GetProperty("effect").GetDouble(), Is.LessThan(0), "400 days late lowers the chance");
        Assert.That((await agent.GetAsync($"/api/v1/debtors/{Guid.NewGuid()}/score")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        Assert.That((await agent.PostAsync("/api/v1/analytics/models/propensity/train", null)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var admin = await app.AdminAsync();
        var run = await TrainAsync(admin);
        Assert.That(run.GetProperty("status").GetString(), Is.EqualTo("failed"));
        Assert.That(run.GetProperty("message").GetString(), Does.Contain("scorecard goes on"));
        var models = await (await admin.GetAsync("/api/v1/analytics/models/propensity")).JsonAsync();
        Assert.That(models.GetProperty("items").GetArrayLength(), Is.Zero);
        Assert.That((await admin.PostAsync("/api/v1/analytics/models/propensity/1/activate", null)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        // The data-subject report carries the score and its reasons in words (LGPD art. 20).
        var auditor = await app.PersonAsync("auditor");
        var document = (await (await agent.GetAsync($"/api/v1/debtors/{ancient.DebtorId}?reveal=true")).JsonAsync()).GetProperty("document").GetString();
        var report = await (await auditor.GetAsync($"/api/v1/lgpd/data-subjects/{Uri.EscapeDataString(document!)}")).JsonAsync();
        var section = report.GetProperty("readable").EnumerateArray().Single(s => s.GetProperty("category").GetString()!.StartsWith("Pontuação de propensidade"));
        var fields = section.GetProperty("records")[0].EnumerateArray().ToDictionary(f => f.GetProperty("label").GetString()!, f => f.GetProperty("value").GetString());
        Assert.That(fields["Faixa (A a E)"], Is.EqualTo("E"));
        Assert.That(fields["Modelo que calculou"], Is.EqualTo("scorecard-1"));
        Assert.That(fields["Principais motivos"], Does.StartWith("400 dias em atraso reduz a chance de pagamento"));
    }

    [Test]
    public async Task A_model_trained_on_planted_history_ranks_the_planted_good_payers_first()
    {
        await using var app = new RecoveryApp(new() { ["Analytics:MinOutcomes"] = "100", ["Analytics:SnapshotDays"] = "7" });
        var (partner, _, _) = await app.PartnerAsync();
        var world = new AnalyticsWorld(app, partner);
        // 200 debtors; the even ones paid something when their debt arrived (the planted sign) and pay it off within 16 weeks,
        // the odd ones paid nothing and one in ten of them pays off anyway.
        var debts = new List<(AnalyticsWorld.Debt Debt, bool Good, int Week)>();
        for (var i = 0; i < 200; i++)
        {
            var good = i % 2 == 0;
            var debt = await world.PushAsync(1000m + i, 20 + i % 40);
            if (good) await world.PayAsync(debt, 100m);
            debts.Add((debt, good, good ? 1 + i / 2 % 16 : i % 10 == 1 ? 1 + i % 16 : 0));
        }
        for (var week = 1; week <= 16; week++)
        {
            app.Clock.Advance(TimeSpan.FromDays(7));
            foreach (var (debt, good, _) in debts.Where(d => d.Week == week))
                await world.PayAsync(debt, debt.Amount - (good ? 100m : 0m));
        }
        app.Clock.Advance(TimeSpan.FromDays(50));   // the 90 days after the snapshots of the first weeks have passed
        var admin = await app.AdminAsync();
        var last = debts.Where(d => d.Week > 0).Select(d => d.Debt.InvoiceId).Last();
        await AnalyticsWorld.EventuallyAsync(admin, debts[^1].Debt.InvoiceId, v => v["days_late"] > 100, "the history to reach Analytics");
        await RecoveryApp.EventuallyAsync(async () =>
            (await admin.GetAsync($"/api/v1/analytics/debts/{last}/features")).StatusCode == HttpStatusCode.OK, "the last payment to reach Analytics");

        var run = await TrainAsync(admin);
        Assert.That(run.GetProperty("status").GetString(), Is.EqualTo("succeeded"), run.GetProperty("message").GetString());
        var model = (await (await admin.GetAsync("/api/v1/analytics/models/propensity")).JsonAsync()).GetProperty("items")[0];
        Assert.That(model.GetProperty("version").GetInt32(), Is.EqualTo(1));
        Assert.That(model.GetProperty("active").GetBoolean(), Is.False, "a new version waits for an administrator");
        Assert.That(model.GetProperty("auc").GetDouble(), Is.GreaterThan(0.8), "on the later snapshots it was not trained on");
        Assert.That(model.GetProperty("ks").GetDouble(), Is.GreaterThan(0.4));
        Assert.That(model.GetProperty("brier").GetDouble(), Is.LessThan(0.2));
        Assert.That(model.GetProperty("rows").GetInt32(), Is.GreaterThan(500));
        (await admin.PostAsync("/api/v1/analytics/models/propensity/1/activate", null)).EnsureSuccessStatusCode();

        // A new cohort: the good sign on half of them.
        var cohort = new List<(AnalyticsWorld.Debt Debt, bool Good)>();
        for (var i = 0; i < 10; i++)
        {
            var debt = await world.PushAsync(1500m + i, 30);
            if (i % 2 == 0) await world.PayAsync(debt, 100m);
            cohort.Add((debt, i % 2 == 0));
        }
        foreach (var (debt, good) in cohort)
            await AnalyticsWorld.EventuallyAsync(admin, debt.InvoiceId, v => v["prior_payments"] == (good ? 1 : 0), "the cohort to reach Analytics");
        var scores = new List<(bool Good, double Probability, JsonElement Score)>();
        foreach (var (debt, good) in cohort)
        {
            var score = await ScoreAsync(admin, debt.DebtorId);
            Assert.That(score.GetProperty("modelVersion").GetString(), Is.EqualTo("propensity-1"));
            scores.Add((good, score.GetProperty("probability").GetDouble(), score));
        }
        var ranked = scores.OrderByDescending(s => s.Probability).Select(s => s.Good).ToList();
        Assert.That(ranked.Take(5), Has.All.True, "the planted good payers come first");
        Assert.That(ranked.Skip(5), Has.All.False);
        var reasons = scores.First(s => s.Good).Score.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("feature").GetString()).ToList();
        Assert.That(reasons, Has.Some.AnyOf("prior_payments", "days_since_payment", "payment_regularity", "balance"),
            "the tree's contributions name what moved the score");
    }
}
