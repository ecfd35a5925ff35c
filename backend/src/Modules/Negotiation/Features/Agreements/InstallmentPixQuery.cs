using Recovery.BuildingBlocks;
using Recovery.Negotiation.Contracts;
using Recovery.Negotiation.Data;

namespace Recovery.Negotiation.Features.Agreements;

/// <summary>Answers <see cref="GetInstallmentPix"/>: the installment and its Pix, only while the agreement is in force.</summary>
internal sealed class InstallmentPixQuery(NegotiationDb db) : IRequestHandler<GetInstallmentPix, InstallmentPixCode?>
{
    public async Task<InstallmentPixCode?> Handle(GetInstallmentPix query, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        if (await session.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM negotiation.agreement WHERE id = @AgreementId", query) == 0) return null;
        var a = await AgreementStore.ViewAsync(session, query.AgreementId);
        var i = a.Installments.FirstOrDefault(x => x.Number == query.Number);
        if (i is null) return null;
        return new InstallmentPixCode(a.Id, a.DebtorId, a.Status, i.Number, i.DueDate, Money.ToCents(i.Amount - i.Paid), i.Status,
            a.Status == "active" ? i.PixPayload : null);
    }
}
