using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Communication.Contracts;

namespace Recovery.Communication.Features.AgentCalls;

/// <summary>One outcome of a call in a portfolio's catalogue: a stable code, its pt-BR label and what it does.</summary>
[SchemaName("CallOutcome")]
internal sealed record CallOutcome(string Code, string Label, CallEffect Effect)
{
    /// <summary>The catalogue of a portfolio that saved none (issue "the call loop"), in the order agents see them.</summary>
    public static readonly IReadOnlyList<CallOutcome> Defaults =
    [
        new("no_answer", "Não atende", CallEffect.None),
        new("voicemail", "Caixa postal", CallEffect.None),
        new("wrong_number", "Número errado", CallEffect.InvalidPhone),
        new("message_left", "Recado", CallEffect.None),
        new("promise", "Promessa de pagamento", CallEffect.Promise),
        new("agreement", "Acordo", CallEffect.Agreement),
        new("refused", "Recusa", CallEffect.None),
        new("dispute", "Contestação", CallEffect.Dispute),
        new("deceased", "Falecido", CallEffect.DeceasedHold),
        new("call_back", "Pediu retorno", CallEffect.None),
    ];

    /// <summary>The portfolio's saved catalogue, or the defaults; null portfolio (a debtor with no open debt): the defaults.</summary>
    public static async Task<(IReadOnlyList<CallOutcome> Items, bool Custom)> CatalogueAsync(DbSession session, Guid? portfolioId)
    {
        if (portfolioId is null) return (Defaults, false);
        var rows = (await session.QueryAsync<Row>(
            "SELECT code, label, effect FROM communication.call_outcome WHERE portfolio_id = @PortfolioId ORDER BY position",
            new { PortfolioId = portfolioId })).ToList();
        return rows.Count == 0
            ? (Defaults, false)
            : (rows.Select(r => new CallOutcome(r.Code, r.Label, EventCodes.Parse<CallEffect>(r.Effect))).ToList(), true);
    }

    private sealed class Row
    {
        public string Code { get; init; } = "";
        public string Label { get; init; } = "";
        public string Effect { get; init; } = "";
    }
}
