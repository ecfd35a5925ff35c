using Recovery.Analytics.Features.History;

namespace Recovery.Analytics.Features.Propensity;

/// <summary>One debt at one snapshot: its features as of the snapshot and whether it was recovered within the horizon.</summary>
internal sealed record Example(DateOnly Snapshot, FeatureSet Features, bool Label);

/// <summary>
/// The training examples of a history: at each snapshot (every <c>cadenceDays</c> from the first fact, while the 90 days
/// after it have passed), every debt open then, with its features as of the snapshot and its outcome: paid, or put in an
/// agreement that was not broken nor cancelled, within the 90 days after it (ADR 0027).
/// </summary>
internal static class Examples
{
    public const int HorizonDays = 90;

    public static IEnumerable<DateOnly> Snapshots(DateOnly first, DateOnly today, int cadenceDays)
    {
        for (var s = first.AddDays(cadenceDays); s.AddDays(HorizonDays) <= today; s = s.AddDays(cadenceDays)) yield return s;
    }

    /// <summary>The examples of one debtor's history (facts in the order they were learnt).</summary>
    public static IEnumerable<Example> Of(IReadOnlyList<Fact> facts, IReadOnlyList<DateOnly> snapshots)
    {
        var invoices = facts.Where(f => f.Kind == Facts.Placed && f.InvoiceId is not null).Select(f => f.InvoiceId!.Value).Distinct().ToList();
        foreach (var snapshot in snapshots)
            foreach (var invoice in invoices)
            {
                if (!FeatureSet.OpenAsOf(invoice, facts, snapshot)) continue;
                var features = FeatureSet.Of(invoice, facts, snapshot);
                if (features is null) continue;
                yield return new Example(snapshot, features, Recovered(invoice, facts, snapshot));
            }
    }

    /// <summary>Paid, or in an agreement that held, within the horizon after the snapshot.</summary>
    public static bool Recovered(Guid invoice, IReadOnlyList<Fact> facts, DateOnly snapshot)
    {
        var end = snapshot.AddDays(HorizonDays);
        var window = facts.Where(f => f.InvoiceId == invoice && f.On > snapshot && f.On <= end).ToList();
        if (window.Any(f => f.Kind == Facts.State && f.Code == "paid")) return true;
        return window.Where(f => f.Kind == Facts.Agreement).Any(a =>
            !window.Any(b => b.Kind == Facts.AgreementBroken && b.RefId == a.RefId));
    }
}

/// <summary>The examples of a whole history, sampled down to a maximum by a stable hash of debt and snapshot.</summary>
internal static class TrainingSet
{
    public static List<Example> Build(IEnumerable<IReadOnlyList<Fact>> debtors, DateOnly today, int cadenceDays, int maxRows)
    {
        var all = debtors.ToList();
        var first = all.SelectMany(d => d).Select(f => f.On).DefaultIfEmpty(today).Min();
        return Build(all, first, today, cadenceDays, maxRows);
    }

    /// <summary>The same from a history that starts on <paramref name="first"/>, read once as it streams.</summary>
    public static List<Example> Build(IEnumerable<IReadOnlyList<Fact>> debtors, DateOnly first, DateOnly today, int cadenceDays, int maxRows)
    {
        var snapshots = Examples.Snapshots(first, today, cadenceDays).ToList();
        var examples = debtors.SelectMany(d => Examples.Of(d, snapshots)).ToList();
        if (examples.Count <= maxRows) return examples;
        var keep = (double)maxRows / examples.Count;
        return examples.Where(e => (BitConverter.ToUInt32(e.Features.InvoiceId.ToByteArray(), 0) ^ (uint)e.Snapshot.DayNumber * 2654435761u) % 10_000 < keep * 10_000).ToList();
    }
}
