namespace Recovery.Analytics.Features.Propensity;

/// <summary>One decile of a calibration table: the mean predicted probability against the rate observed.</summary>
internal sealed record CalibrationBin(int Decile, int Count, double Predicted, double Observed);

/// <summary>How good a model's probabilities are: ranking (AUC, KS), accuracy (Brier) and calibration by decile.</summary>
internal static class Metrics
{
    /// <summary>The area under the ROC curve: the chance a random positive ranks above a random negative (ties count half).</summary>
    public static double Auc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double rankSum = 0;
        long positives = 0;
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j < order.Length && scores[order[j]] == scores[order[i]]) j++;
            var rank = (i + 1 + j) / 2.0;   // the mean 1-based rank of the tie group
            for (var k = i; k < j; k++)
                if (labels[order[k]]) { rankSum += rank; positives++; }
            i = j;
        }
        var negatives = order.Length - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>Kolmogorov–Smirnov: the largest gap between the positives' and negatives' cumulative score distributions.</summary>
    public static double Ks(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        double positives = labels.Count(l => l), negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        double tp = 0, fp = 0, best = 0;
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j < order.Length && scores[order[j]] == scores[order[i]]) { if (labels[order[j]]) tp++; else fp++; j++; }
            best = Math.Max(best, Math.Abs(tp / positives - fp / negatives));
            i = j;
        }
        return best;
    }

    public static double Brier(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels) =>
        probabilities.Select((p, i) => Math.Pow(p - (labels[i] ? 1 : 0), 2)).Average();

    public static IReadOnlyList<CalibrationBin> Calibration(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels)
    {
        var order = Enumerable.Range(0, probabilities.Count).OrderBy(i => probabilities[i]).ToArray();
        var bins = new List<CalibrationBin>();
        for (var d = 0; d < 10; d++)
        {
            var slice = order.Skip(order.Length * d / 10).Take(order.Length * (d + 1) / 10 - order.Length * d / 10).ToList();
            if (slice.Count == 0) continue;
            bins.Add(new CalibrationBin(d + 1, slice.Count, Math.Round(slice.Average(i => probabilities[i]), 4),
                Math.Round(slice.Average(i => labels[i] ? 1.0 : 0.0), 4)));
        }
        return bins;
    }

    /// <summary>
    /// Platt scaling: p = 1 / (1 + e^-(a·s + b)) fitted by Newton's method on the scores and outcomes of a slice the model
    /// was not trained on, with Platt's smoothed targets.
    /// </summary>
    public static (double A, double B) Platt(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        double positives = labels.Count(l => l), negatives = labels.Count - positives;
        double hi = (positives + 1) / (positives + 2), lo = 1 / (negatives + 2);
        double a = 0, b = Math.Log((positives + 1) / (negatives + 1));
        var loss = Loss(a, b);
        for (var iteration = 0; iteration < 100; iteration++)
        {
            double gA = 0, gB = 0, hAA = 1e-9, hAB = 0, hBB = 1e-9;
            for (var i = 0; i < scores.Count; i++)
            {
                var p = Scorecard.Sigmoid(a * scores[i] + b);
                var t = labels[i] ? hi : lo;
                var w = p * (1 - p);
                gA += (p - t) * scores[i];
                gB += p - t;
                hAA += w * scores[i] * scores[i];
                hAB += w * scores[i];
                hBB += w;
            }
            var det = hAA * hBB - hAB * hAB;
            if (Math.Abs(det) < 1e-12) break;
            var dA = (hBB * gA - hAB * gB) / det;
            var dB = (hAA * gB - hAB * gA) / det;
            // Newton's step, halved until the loss falls (Platt's scores can be nearly separable).
            var step = 1.0;
            while (step > 1e-6 && Loss(a - step * dA, b - step * dB) > loss) step /= 2;
            if (step <= 1e-6) break;
            a -= step * dA;
            b -= step * dB;
            var next = Loss(a, b);
            if (loss - next < 1e-10) break;
            loss = next;
        }
        return (a, b);

        double Loss(double a, double b)
        {
            double sum = 0;
            for (var i = 0; i < scores.Count; i++)
            {
                var z = a * scores[i] + b;
                var t = labels[i] ? hi : lo;
                // -[t log p + (1 - t) log(1 - p)], stable for large |z|
                sum += Math.Max(z, 0) - z * t + Math.Log(1 + Math.Exp(-Math.Abs(z)));
            }
            return sum;
        }
    }
}
