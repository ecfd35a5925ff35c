using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Bureau.Data;
using Recovery.Debtors.Contracts;

namespace Recovery.Bureau.Features;

/// <summary>
/// What Bureau holds on a debtor (the lookups with their answers, the monitoring alerts), for the data-subject report; and
/// its erasure when the debtor is anonymised: the answers and the alerts' words go, who asked, why, when and at what cost
/// stay (the budgets and the purchased portfolios' costs still add up).
/// </summary>
internal sealed class PersonalData(BureauDb db, TimeProvider clock) : IPersonalDataSource, IEventSubscriber<DebtorAnonymised>
{
    private const string Source = "Birô de crédito (consultas, enriquecimento de contatos e monitoramento)";

    public async Task<IReadOnlyList<PersonalDataSection>> FindAsync(Guid debtorId, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var args = new { DebtorId = debtorId };
        return
        [
            PersonalDataSection.FromRows(Source, "Consultas ao birô de crédito", PersonalDataSection.CreditProtection,
                await session.QueryAsync(
                    "SELECT id, purpose, legal_basis, requested_by, requested_at, cost_cents, cached_from, protocol, score, report, erased_at FROM bureau.lookup WHERE debtor_id = @DebtorId ORDER BY requested_at",
                    args)),
            PersonalDataSection.FromRows(Source, "Alertas do monitoramento", PersonalDataSection.CreditProtection,
                await session.QueryAsync("SELECT id, kind, summary, score_before, score_after, raised_at FROM bureau.alert WHERE debtor_id = @DebtorId ORDER BY raised_at", args)),
        ];
    }

    public async Task HandleAsync(DebtorAnonymised e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        await tx.ExecuteAsync(
            """
            UPDATE bureau.lookup SET protocol = NULL, score = NULL, report = '{}', erased_at = @Now WHERE debtor_id = @DebtorId;
            UPDATE bureau.alert SET summary = '', score_before = NULL, score_after = NULL WHERE debtor_id = @DebtorId;
            DELETE FROM bureau.pending_lookup WHERE debtor_id = @DebtorId;
            """, new { e.DebtorId, Now = clock.GetUtcNow() });
    }
}
