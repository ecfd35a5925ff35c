using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Data;
using Recovery.Bureau.Client;
using Recovery.Bureau.Contracts;

namespace Recovery.Bureau.Features;

/// <summary>
/// What changed between two answers on a monitored debtor, as alerts: each restriction not in the earlier answer, and a
/// score that rose or fell by at least the threshold. A pure function; <see cref="RaiseAsync"/> keeps and publishes them.
/// </summary>
internal static class Alerts
{
    internal sealed record Change(string Kind, string Summary, int? ScoreBefore, int? ScoreAfter);

    public static IReadOnlyList<Change> Compare(BureauReport before, BureauReport after, int threshold)
    {
        var changes = new List<Change>();
        var known = before.Restrictions.Select(r => r.Key).ToHashSet();
        foreach (var r in after.Restrictions.Where(r => !known.Contains(r.Key)))
            changes.Add(new Change("new_restriction",
                $"nova restrição em outro credor: {Kind(r.Kind)}" + (r.Creditor is null ? "" : $" ({r.Creditor})") +
                (r.Amount is { } amount ? $" de {Money.Format(Money.ToCents(amount))}" : "") + (r.Date is { } d ? $" em {d:dd/MM/yyyy}" : ""),
                before.Score, after.Score));
        if (before.Score is { } was && after.Score is { } now && Math.Abs(now - was) >= threshold)
            changes.Add(now > was
                ? new Change("score_rising", $"score subiu de {was} para {now}: bom momento para ligar", was, now)
                : new Change("score_falling", $"score caiu de {was} para {now}", was, now));
        return changes;
    }

    public static string Kind(string kind) => kind switch
    {
        "negativacao" => "negativação",
        "protest" => "protesto",
        "lawsuit" => "ação judicial",
        "bounced_cheque" => "cheque sem fundos",
        _ => kind,
    };

    public static async Task RaiseAsync(DbSession tx, Guid debtorId, Guid lookupId, IReadOnlyList<Change> changes, DateTimeOffset now)
    {
        foreach (var c in changes)
        {
            var id = Guid.CreateVersion7();
            await tx.ExecuteAsync(
                """
                INSERT INTO bureau.alert (id, debtor_id, lookup_id, kind, summary, score_before, score_after, raised_at)
                VALUES (@Id, @DebtorId, @LookupId, @Kind, @Summary, @ScoreBefore, @ScoreAfter, @Now)
                """, new { Id = id, DebtorId = debtorId, LookupId = lookupId, c.Kind, c.Summary, c.ScoreBefore, c.ScoreAfter, Now = now });
            await tx.PublishAsync(new BureauAlertRaised(id, debtorId, c.Kind, c.Summary, c.ScoreBefore, c.ScoreAfter, now), now);
        }
    }
}
