using Recovery.BuildingBlocks.Data;

namespace Recovery.Negotiation.Features.Pix;

/// <summary>
/// Pix Automático on an agreement, as people and partners read it: <c>status</c> awaiting_authorisation, authorised,
/// refused (the installments go by Pix copia e cola), cancelled or failed; the PSP's own word and the recurrence's id.
/// </summary>
internal sealed record AutomaticPix(string Status, string? PspStatus, string? IdRec);

internal static class AutomaticPixView
{
    /// <summary>The agreement's recurrence (null without one) and the installments its recurring charges cover, by number.</summary>
    public static async Task<(AutomaticPix? Recurrence, Dictionary<int, string> Charges)> LoadAsync(DbSession s, Guid agreementId)
    {
        var row = await s.QuerySingleOrDefaultAsync<Row>(
            "SELECT status, psp_status, id_rec FROM negotiation.pix_recurrence WHERE agreement_id = @Id", new { Id = agreementId });
        if (row is null) return (null, []);
        var charges = (await s.QueryAsync<Charge>(
                "SELECT number, txid FROM negotiation.pix_recurring_charge WHERE agreement_id = @Id AND status IN ('to_create', 'active', 'paid')",
                new { Id = agreementId }))
            .ToDictionary(c => c.Number, c => c.Txid);
        return (new AutomaticPix(PlanRecurrence.Shown(row.Status), row.PspStatus, row.IdRec), charges);
    }

    private sealed class Row
    {
        public string Status { get; init; } = "";
        public string? PspStatus { get; init; }
        public string? IdRec { get; init; }
    }

    private sealed class Charge
    {
        public int Number { get; init; }
        public string Txid { get; init; } = "";
    }
}
