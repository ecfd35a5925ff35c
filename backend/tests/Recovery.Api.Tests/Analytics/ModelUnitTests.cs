using Recovery.Analytics.Features.Propensity;

namespace Recovery.Api.Tests.Analytics;

/// <summary>The pure parts of the propensity model: metrics against hand-computed values, and a model on planted data.</summary>
public sealed class ModelUnitTests
{
    [Test]
    public void Auc_ks_and_brier_match_hand_computed_values()
    {
        double[] scores = [0.9, 0.8, 0.7, 0.6, 0.55, 0.4];
        bool[] labels = [true, true, false, true, false, false];
        // Pairs (positive, negative) ranked right: 3 + 3 + 2 = 8 of 9.
        Assert.That(Metrics.Auc(scores, labels), Is.EqualTo(8.0 / 9).Within(1e-12));
        // After the second score: 2/3 of positives and 0 of negatives.
        Assert.That(Metrics.Ks(scores, labels), Is.EqualTo(2.0 / 3).Within(1e-12));
        Assert.That(Metrics.Brier([1.0, 0.0, 0.5], [true, true, false]), Is.EqualTo((0 + 1 + 0.25) / 3).Within(1e-12));
    }

    [Test]
    public void Platt_scaling_keeps_the_order_of_the_scores()
    {
        var random = new Random(5);
        var scores = Enumerable.Range(0, 400).Select(_ => random.NextDouble() * 8 - 4).ToList();
        var labels = scores.Select(s => random.NextDouble() < 1 / (1 + Math.Exp(-2 * s))).ToList();
        var (a, b) = Metrics.Platt(scores, labels);
        Assert.That(a, Is.EqualTo(2).Within(0.6));
        Assert.That(b, Is.EqualTo(0).Within(0.4));
        var separable = Enumerable.Range(0, 100).Select(i => (double)i).ToList();
        Assert.That(Metrics.Platt(separable, separable.Select(s => s >= 50).ToList()).A, Is.GreaterThan(0));
    }

    [Test]
    public void A_model_on_planted_examples_ranks_the_planted_payers_first_on_later_snapshots()
    {
        var random = new Random(3);
        var start = new DateOnly(2026, 1, 1);
        var examples = new List<Example>();
        for (var s = 0; s < 8; s++)
            for (var i = 0; i < 300; i++)
            {
                var values = new float[FeatureSet.Count];
                values[0] = random.Next(0, 400);
                values[6] = random.Next(0, 2);
                var p = 1 / (1 + Math.Exp(-(-1.5 + 2.5 * values[6] - values[0] / 200)));
                examples.Add(new Example(start.AddDays(30 * s), new FeatureSet(Guid.NewGuid(), Guid.NewGuid(), Guid.Empty, null, start, values),
                    random.NextDouble() < p));
            }
        var trained = PropensityModel.Train(examples);
        Assert.That(trained.Auc, Is.GreaterThan(0.7));
        Assert.That(trained.ValidationRows, Is.EqualTo(600));
        var model = PropensityModel.Load(trained.Payload, trained.PlattA, trained.PlattB);
        var payer = new float[FeatureSet.Count];
        payer[6] = 1;
        var stranger = new float[FeatureSet.Count];
        stranger[0] = 300;
        var scored = model.Score([new FeatureSet(Guid.NewGuid(), Guid.NewGuid(), Guid.Empty, null, start, payer),
            new FeatureSet(Guid.NewGuid(), Guid.NewGuid(), Guid.Empty, null, start, stranger)], "propensity-1");
        Assert.That(scored[0].Probability, Is.GreaterThan(scored[1].Probability));
        var rows = examples.Take(200).Select(e => e.Features.Values).ToList();
        var walked = rows.Select(r => Recovery.Analytics.Features.Scores.Scoring.Logit(model.Probabilities([r])[0])).ToList();
        var reference = model.RawScores(rows).Select(s => trained.PlattA * s + trained.PlattB).ToList();
        Assert.That(walked, Is.EqualTo(reference).Within(1e-3), "walking the trees gives ML.NET's own scores");
        Assert.That(scored[0].Reasons.Select(r => r.Feature), Does.Contain("prior_payments"), "the tree's contributions explain it");
    }
}
