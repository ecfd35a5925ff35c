namespace Recovery.Analytics.Features.Propensity;

/// <summary>
/// The transparent scorecard used while a portfolio lacks the outcomes to train on (ADR 0027): log-odds points per
/// feature, each measured from a typical debt (60 days late, R$ 1.000, nothing paid, never contacted), so a reason's
/// effect is exactly the points it added or took away. The weights are judgement, written down here to be read.
/// </summary>
internal static class Scorecard
{
    public const string Version = "scorecard-1";

    private const double Intercept = -1.0;

    /// <summary>Code, weight per unit, the typical value, and the clamp of the value.</summary>
    private static readonly (string Code, double Weight, double Typical, double Min, double Max)[] Points =
    [
        ("days_late", -0.006, 60, 0, 720),
        ("prior_payments", 0.35, 0, 0, 6),
        ("payment_regularity", 1.0, 0, 0, 1),
        ("promises_kept", 0.5, 0, 0, 4),
        ("promises_broken", -0.4, 0, 0, 4),
        ("agreements_completed", 0.6, 0, 0, 3),
        ("agreements_broken", -0.5, 0, 0, 3),
        ("open_debts", -0.15, 1, 1, 10),
        ("creditors", -0.1, 1, 1, 5),
        ("call_answered", 0.2, 0, 0, 5),
        ("email_delivered", 0.05, 0, 0, 10),
        ("sms_delivered", 0.05, 0, 0, 10),
        ("whatsapp_delivered", 0.08, 0, 0, 10),
        ("consumer", 0.1, 1, 0, 1),
    ];

    public static Scored Score(FeatureSet features)
    {
        var effects = new List<(string Code, double Effect)>();
        foreach (var (code, weight, typical, min, max) in Points)
            effects.Add((code, weight * (Math.Clamp(features[code], min, max) - typical)));
        // The balance counts by its order of magnitude: each tenfold above R$ 1.000 lowers the chance.
        effects.Add(("balance", -0.35 * (Math.Log10(1 + Math.Max(0, features["balance"])) - 3)));
        var sincePayment = features["days_since_payment"];
        if (sincePayment < FeatureSet.Never) effects.Add(("days_since_payment", -0.003 * Math.Min(sincePayment, 365)));
        var sinceContact = features["days_since_contact"];
        if (sinceContact < FeatureSet.Never) effects.Add(("days_since_contact", -0.002 * Math.Min(sinceContact, 365)));
        var capacity = features["income_to_balance"];
        if (capacity >= 0) effects.Add(("income_to_balance", 0.3 * Math.Clamp(Math.Log2(Math.Max(capacity, 1e-3)), -3, 3)));
        var z = Intercept + effects.Sum(e => e.Effect);
        return new Scored(Sigmoid(z), Version, Top(effects, features));
    }

    public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>The three features that moved the score most, largest first, with their values in words.</summary>
    public static IReadOnlyList<Reason> Top(IEnumerable<(string Code, double Effect)> effects, FeatureSet features) =>
        effects.Where(e => Math.Abs(e.Effect) >= 0.01).OrderByDescending(e => Math.Abs(e.Effect)).Take(3)
            .Select(e => new Reason(e.Code, Math.Round(e.Effect, 3), Words(e.Code, e.Effect, features[e.Code]))).ToList();

    public static string Words(string code, double effect, float value) =>
        $"{FeatureSet.Describe(code, value)} {(effect > 0 ? "aumenta" : "reduz")} a chance de pagamento";

    /// <summary>Bands by calibrated probability: A from 60%, B from 40%, C from 25%, D from 10%, E below.</summary>
    public static string Band(double probability) => probability switch
    {
        >= 0.60 => "A",
        >= 0.40 => "B",
        >= 0.25 => "C",
        >= 0.10 => "D",
        _ => "E",
    };
}

internal sealed record Reason(string Feature, double Effect, string Text);

internal sealed record Scored(double Probability, string ModelVersion, IReadOnlyList<Reason> Reasons)
{
    public string Band => Scorecard.Band(Probability);
}
