using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Debtors.Contracts;
using Recovery.Negotiation.Data;

namespace Recovery.Negotiation.Features;

/// <summary>
/// What Negotiation holds on a debtor: agreements (with their debts, installments and payments) and promises; when the
/// debtor is anonymised at the end of retention, the agents' notes on promises and the bank account given for Pix Automático go (the figures stay for the reports).
/// </summary>
internal sealed class PersonalData(NegotiationDb db) : IPersonalDataSource, IEventSubscriber<DebtorAnonymised>
{
    private const string Source = "Negociação (acordos e promessas registrados pelos agentes)";
    private const string Basis = "Procedimentos preliminares e execução de contrato a pedido do titular (LGPD art. 7º, V); proteção do crédito (art. 7º, X)";

    public async Task<IReadOnlyList<PersonalDataSection>> FindAsync(Guid debtorId, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var args = new { DebtorId = debtorId };
        const string Agreements = "SELECT id FROM negotiation.agreement WHERE debtor_id = @DebtorId";
        return
        [
            PersonalDataSection.FromRows(Source, "Acordos", Basis,
                await session.QueryAsync("SELECT * FROM negotiation.agreement WHERE debtor_id = @DebtorId ORDER BY created_at", args)),
            PersonalDataSection.FromRows(Source, "Débitos dos acordos", Basis,
                await session.QueryAsync($"SELECT * FROM negotiation.agreement_debt WHERE agreement_id IN ({Agreements})", args)),
            PersonalDataSection.FromRows(Source, "Parcelas", Basis,
                await session.QueryAsync($"SELECT * FROM negotiation.installment WHERE agreement_id IN ({Agreements}) ORDER BY agreement_id, number", args)),
            PersonalDataSection.FromRows(Source, "Pagamentos dos acordos", Basis,
                await session.QueryAsync("SELECT * FROM negotiation.payment WHERE debtor_id = @DebtorId ORDER BY paid_at", args)),
            PersonalDataSection.FromRows(Source, "Pix Automático (conta do devedor para a autorização)", Basis,
                await session.QueryAsync(
                    """
                    SELECT r.agreement_id, r.status, r.id_rec, r.psp_status, r.payer_ispb, r.payer_branch, r.payer_account, r.created_at
                      FROM negotiation.pix_recurrence r JOIN negotiation.agreement a ON a.id = r.agreement_id
                     WHERE a.debtor_id = @DebtorId
                    """, args)),
            PersonalDataSection.FromRows(Source, "Promessas de pagamento", Basis,
                await session.QueryAsync("SELECT * FROM negotiation.promise WHERE debtor_id = @DebtorId ORDER BY created_at", args)),
        ];
    }

    public async Task HandleAsync(DebtorAnonymised e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        await tx.ExecuteAsync("UPDATE negotiation.promise SET note = NULL WHERE debtor_id = @DebtorId", new { e.DebtorId });
        // The debtor's bank account was only where the authorisation request went.
        await tx.ExecuteAsync(
            "UPDATE negotiation.pix_recurrence SET payer_ispb = NULL, payer_branch = NULL, payer_account = NULL WHERE agreement_id IN (SELECT id FROM negotiation.agreement WHERE debtor_id = @DebtorId)",
            new { e.DebtorId });
    }
}
