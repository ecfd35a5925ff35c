using System.Diagnostics;
using Recovery.Analytics.Features.History;
using Recovery.Analytics.Features.Propensity;

namespace Recovery.Bench;

/// <summary>
/// Propensity to pay against a known truth (ADR 0027): a synthetic portfolio of SIZE debts (1,000,000 by default), one
/// per debtor, placed in six quarterly cohorts. Each debt's history (payments, promises, contacts, income, balance) is
/// drawn at random before its cohort's snapshot; its outcome in the 90 days after is drawn from a generating model
/// written here, a function of the features as of the snapshot (so no model can rank better than it). Unpaid debts go
/// back to the creditor after the 90 days. The module's own code builds the training set from the first five cohorts'
/// facts, trains (time split, Platt), and scores the sixth, the holdout. <c>ours</c> = AUC of our model on the holdout,
/// <c>floor</c> = AUC of the generating model's own probabilities there (the ceiling). Also timed: training, scoring.
/// </summary>
internal static class AnalyticsScenario
{
    private const int Cohorts = 6, Quarter = 91;

    /// <summary>Debtors pushed through the API to time the score's read (stored scores, one agent at a time).</summary>
    private const int ReadDebtors = 5_000, Reads = 5_000;

    public static async Task RunAsync(int? size)
    {
        var debts = size ?? 1_000_000;
        var start = new DateOnly(2025, 1, 1);
        var random = new Random(2027);
        var perCohort = debts / Cohorts;
        var clock = Stopwatch.StartNew();
        var training = new List<IReadOnlyList<Fact>>((Cohorts - 1) * perCohort);
        var holdout = new List<(FeatureSet Features, double Truth, bool Outcome)>(perCohort);
        for (var c = 1; c <= Cohorts; c++)
        {
            var snapshot = start.AddDays(Quarter * c);
            for (var i = 0; i < perCohort; i++)
            {
                var (facts, features, truth, outcome) = Debt(random, snapshot);
                if (c < Cohorts) training.Add(facts);
                else holdout.Add((features, truth, outcome));
            }
        }
        var generated = clock.Elapsed;
        Console.Error.WriteLine($"  {debts:N0} debts generated in {generated.TotalSeconds:F0} s");

        clock.Restart();
        // Training sees the history up to the day before the holdout's snapshot: the holdout's outcomes are in the future.
        var today = start.AddDays(Quarter * Cohorts - 1);
        var examples = TrainingSet.Build(training, start, today, Quarter, 600_000);
        training.Clear();
        var built = clock.Elapsed;
        clock.Restart();
        var trained = PropensityModel.Train(examples);
        var trainTime = clock.Elapsed;
        Console.Error.WriteLine($"  {examples.Count:N0} training rows built in {built.TotalSeconds:F0} s, trained in {trainTime.TotalSeconds:F0} s " +
                                $"(validation AUC {trained.Auc:F3}, KS {trained.Ks:F3}, Brier {trained.Brier:F4})");

        var model = PropensityModel.Load(trained.Payload, trained.PlattA, trained.PlattB);
        model.Score(holdout.Take(2_000).Select(h => h.Features).ToList(), "warm-up");   // compiled before it is timed
        clock.Restart();
        var probabilities = new List<double>(holdout.Count);
        foreach (var batch in holdout.Chunk(20_000))
            probabilities.AddRange(model.Score(batch.Select(h => h.Features).ToList(), "bench").Select(s => s.Probability));
        var scoreTime = clock.Elapsed;
        clock.Restart();
        foreach (var batch in holdout.Chunk(20_000)) model.Probabilities(batch.Select(h => h.Features.Values).ToList());
        var probabilityTime = clock.Elapsed;
        var outcomes = holdout.Select(h => h.Outcome).ToList();
        var ours = Metrics.Auc(probabilities, outcomes);
        var floor = Metrics.Auc(holdout.Select(h => h.Truth).ToList(), outcomes);
        var perMillion = scoreTime.TotalSeconds * 1_000_000 / Math.Max(1, holdout.Count);
        var read = await ScoreReadAsync(Math.Min(debts, ReadDebtors));
        Report.Line("analytics", ours, floor, "AUC", new Dictionary<string, object>
        {
            ["scoreReadP99Ms"] = Math.Round(read.P99Ms, 2), ["scoreReadP50Ms"] = Math.Round(read.P50Ms, 2), ["scoreReadDebtors"] = Math.Min(debts, ReadDebtors),
            ["debts"] = debts, ["trainingRows"] = examples.Count, ["holdout"] = holdout.Count,
            ["trainingSeconds"] = Math.Round((built + trainTime).TotalSeconds, 1),
            ["scoringSeconds"] = Math.Round(scoreTime.TotalSeconds, 2), ["scoringSecondsPerMillion"] = Math.Round(perMillion, 1),
            ["probabilityOnlySecondsPerMillion"] = Math.Round(probabilityTime.TotalSeconds * 1_000_000 / Math.Max(1, holdout.Count), 1),
            ["brier"] = Math.Round(Metrics.Brier(probabilities, outcomes), 4), ["ks"] = Math.Round(Metrics.Ks(probabilities, outcomes), 4),
        });
    }

    /// <summary>
    /// The real host: a partner pushes the debtors, the scoring job stores their scores, then GET /api/v1/debtors/{id}/score
    /// one request at a time for random debtors.
    /// </summary>
    private static async Task<LoadResult> ScoreReadAsync(int debtors)
    {
        var dir = IngestScenario.TempDir();
        try
        {
            await using var api = await ServerProcess.StartApiAsync(dir, IngestScenario.Admin);
            await IngestScenario.LoadAsync(api.BaseUrl, debtors, debtors);
            var file = Path.Combine(dir, "analytics.db");
            var ids = new List<string>();
            var deadline = DateTime.UtcNow.AddMinutes(10);
            while (DateTime.UtcNow < deadline)
            {
                await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Mode=ReadOnly");
                await connection.OpenAsync();
                await using var count = connection.CreateCommand();
                count.CommandText = "SELECT (SELECT COUNT(*) FROM debt WHERE status = 'open'), (SELECT COUNT(*) FROM score)";
                await using (var reader = await count.ExecuteReaderAsync())
                {
                    await reader.ReadAsync();
                    if (reader.GetInt64(0) >= debtors && reader.GetInt64(1) >= reader.GetInt64(0))
                    {
                        await using var select = connection.CreateCommand();
                        select.CommandText = "SELECT debtor_id FROM debt";
                        await using var rows = await select.ExecuteReaderAsync();
                        while (await rows.ReadAsync()) ids.Add(rows.GetString(0));
                        break;
                    }
                }
                await Task.Delay(1000);
            }
            if (ids.Count == 0) throw new InvalidOperationException("the scores were not stored in time");
            using var client = Load.Client(1, new CookieContainerHolder());
            await SecondFactor.SignInAdminAsync(client, api.BaseUrl);
            var random = new Random(9);
            return await Load.RunAsync("GET /api/v1/debtors/{id}/score", client,
                () => new HttpRequestMessage(HttpMethod.Get, $"{api.BaseUrl}/api/v1/debtors/{ids[random.Next(ids.Count)]}/score"), Reads, 1);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// The generating model: the true log-odds of being recovered within 90 days, from the features as of the snapshot,
    /// with a bend (paying recently while not too late counts more) that a linear scorecard cannot see.
    /// </summary>
    private static double Truth(FeatureSet f)
    {
        var z = -0.9 - 0.004 * Math.Min(f["days_late"], 720) + 0.55 * Math.Min(f["prior_payments"], 4) + 0.9 * f["payment_regularity"]
                + 0.5 * f["promises_kept"] - 0.6 * f["promises_broken"] + 0.35 * Math.Min(f["call_answered"], 3)
                - 0.45 * Math.Log10(Math.Max(f["balance"], 10) / 1000) + 0.3 * f["consumer"] - 0.002 * Math.Min(f["days_since_contact"], 365);
        if (f["income_to_balance"] >= 0) z += 0.4 * Math.Clamp(Math.Log2(Math.Max(f["income_to_balance"], 1e-3)), -3, 3);
        if (f["prior_payments"] > 0 && f["days_late"] < 90) z += 0.8;
        return 1 / (1 + Math.Exp(-z));
    }

    /// <summary>One debt placed in the quarter before <paramref name="snapshot"/>: its facts (outcome included), features and truth.</summary>
    private static (List<Fact> Facts, FeatureSet Features, double Truth, bool Outcome) Debt(Random random, DateOnly snapshot)
    {
        var debtor = Guid.NewGuid();
        var invoice = Guid.NewGuid();
        var placed = snapshot.AddDays(-random.Next(1, Quarter));
        var due = placed.AddDays(-random.Next(0, 400));
        var consumer = random.NextDouble() < 0.8;
        var amount = (long)(Math.Exp(random.NextGaussian(7.2, 0.9)) * 100);
        var facts = new List<Fact>
        {
            new(debtor, invoice, Facts.Creditor, placed, null, null, Guid.Empty),
            new(debtor, invoice, Facts.Placed, placed, amount, Facts.PlacedCode(consumer, due), Guid.Empty),
            new(debtor, invoice, Facts.State, placed, amount, "open", null),
        };
        if (random.NextDouble() < 0.7)
            facts.Add(new(debtor, null, Facts.Profile, placed, (long)(Math.Exp(random.NextGaussian(8, 0.6)) * 100), "SP", null));
        var span = snapshot.DayNumber - placed.DayNumber;
        DateOnly Within() => placed.AddDays(random.Next(0, span + 1));
        var outstanding = amount;
        for (var k = Poisson(random, 0.8); k > 0 && outstanding > 1000; k--)
        {
            var paid = outstanding / random.Next(4, 10);
            outstanding -= paid;
            var on = Within();
            facts.Add(new(debtor, invoice, Facts.Payment, on, paid, null, null));
            facts.Add(new(debtor, invoice, Facts.State, on, outstanding, "open", null));
        }
        for (var k = Poisson(random, 0.3); k > 0; k--) facts.Add(new(debtor, null, Facts.PromiseKept, Within(), null, "kept", null));
        for (var k = Poisson(random, 0.4); k > 0; k--) facts.Add(new(debtor, null, Facts.PromiseBroken, Within(), null, "broken", null));
        foreach (var (channel, rate, reached) in new[] { ("email", 2.0, 0.8), ("sms", 1.5, 0.85), ("call", 1.0, 0.4) })
            for (var k = Poisson(random, rate); k > 0; k--)
            {
                var on = Within();
                facts.Add(new(debtor, null, Facts.Attempted, on, null, channel, null));
                if (random.NextDouble() < reached) facts.Add(new(debtor, null, channel == "call" ? Facts.Answered : Facts.Delivered, on, null, channel, null));
            }
        facts = facts.OrderBy(f => f.On).ToList();   // stable: a payment and the state after it keep their order
        var features = FeatureSet.Of(invoice, facts, snapshot)!;
        var truth = Truth(features);
        var outcome = random.NextDouble() < truth;
        facts.Add(outcome
            ? new(debtor, invoice, Facts.State, snapshot.AddDays(random.Next(1, 91)), 0, "paid", null)
            : new(debtor, invoice, Facts.State, snapshot.AddDays(Quarter), outstanding, "written_off", null));
        return (facts, features, truth, outcome);
    }

    private static int Poisson(Random random, double mean)
    {
        var (l, k, p) = (Math.Exp(-mean), 0, 1.0);
        do { k++; p *= random.NextDouble(); } while (p > l);
        return k - 1;
    }

    private static double NextGaussian(this Random random, double mean, double sd) =>
        mean + sd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
