using System.Globalization;
using Recovery.Analytics.Contracts;
using Recovery.Analytics.Data;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Debtors.Contracts;

namespace Recovery.Analytics.Features.Scores;

/// <summary>
/// Analytics' part of the data-subject report: the propensity score, an automated decision that orders the agents'
/// work, with its reasons in words and how to ask for its review (LGPD art. 20). On anonymisation the debtor's UF and
/// declared income leave the history and the scores go; the figures stay for the models, tied to no one.
/// </summary>
internal sealed class PersonalData(AnalyticsDb db, IMediator mediator) : IPersonalDataSource, IEventSubscriber<DebtorAnonymised>
{
    private const string Source = "Análise de propensidade a pagar, calculada pela plataforma a partir do histórico de cobrança";
    private const string Basis = "Proteção do crédito (LGPD art. 7º, X); decisão automatizada revisável (LGPD art. 20)";

    public async Task<IReadOnlyList<PersonalDataSection>> FindAsync(Guid debtorId, CancellationToken ct)
    {
        if (await mediator.Send(new GetDebtorScore(debtorId), ct) is not { } score) return [];
        var record = new Dictionary<string, object?>
        {
            ["probability"] = (score.Probability * 100).ToString("0.#", CultureInfo.GetCultureInfo("pt-BR")) + "%",
            ["band"] = score.Band,
            ["model_version"] = score.ModelVersion,
            ["reasons"] = string.Join("; ", score.Reasons.Select(r => r.Text)),
            ["scored_at"] = score.ScoredAt,
            ["how_to_review"] = "A pontuação só ordena o trabalho dos agentes; o titular pode pedir a revisão por uma pessoa (LGPD art. 20).",
        };
        return [new PersonalDataSection(Source, "Pontuação de propensidade a pagar (decisão automatizada)", Basis, [record])];
    }

    public async Task HandleAsync(DebtorAnonymised e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        await tx.ExecuteAsync("UPDATE analytics.fact SET code = NULL, amount_cents = NULL WHERE debtor_id = @DebtorId AND kind = 'profile'", new { e.DebtorId });
        await tx.ExecuteAsync("DELETE FROM analytics.score WHERE debtor_id = @DebtorId", new { e.DebtorId });
        await tx.CommitAsync(ct);
    }
}
