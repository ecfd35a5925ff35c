using Recovery.BuildingBlocks;
using Recovery.Communication.Data;

namespace Recovery.Communication.Features;

/// <summary>What Communication holds on a debtor: messages and their attempts, letters, calls, the WhatsApp opt-in, negativações.</summary>
internal sealed class PersonalData(CommunicationDb db) : IPersonalDataSource
{
    private const string Source = "Comunicação (régua de cobrança, cartas, ligações, birô de crédito)";
    private const string Messages = "Proteção do crédito (LGPD art. 7º, X); cobrança sem constrangimento (CDC art. 42)";

    public async Task<IReadOnlyList<PersonalDataSection>> FindAsync(Guid debtorId, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var args = new { DebtorId = debtorId };
        return
        [
            PersonalDataSection.FromRows(Source, "Mensagens", Messages,
                await session.QueryAsync("SELECT * FROM communication.message WHERE debtor_id = @DebtorId ORDER BY created_at", args)),
            PersonalDataSection.FromRows(Source, "Tentativas de envio", Messages,
                await session.QueryAsync(
                    "SELECT a.* FROM communication.message_attempt a WHERE a.message_id IN (SELECT id FROM communication.message WHERE debtor_id = @DebtorId) ORDER BY a.at", args)),
            PersonalDataSection.FromRows(Source, "Cartas", Messages,
                await session.QueryAsync("SELECT * FROM communication.letter WHERE debtor_id = @DebtorId", args)),
            PersonalDataSection.FromRows(Source, "Ligações", Messages,
                await session.QueryAsync("SELECT * FROM communication.call_task WHERE debtor_id = @DebtorId", args)),
            PersonalDataSection.FromRows(Source, "Autorização para WhatsApp", "Consentimento do titular para o canal (LGPD art. 7º, I)",
                await session.QueryAsync("SELECT * FROM communication.whatsapp_opt_in WHERE debtor_id = @DebtorId", args)),
            PersonalDataSection.FromRows(Source, "Negativações e suas etapas", "Proteção do crédito (LGPD art. 7º, X); cadastros de consumidores (CDC art. 43)",
                await session.QueryAsync(
                    """
                    SELECT n.*, s.at AS step_at, s.step, s.detail AS step_detail
                      FROM communication.negativacao n LEFT JOIN communication.negativacao_step s ON s.negativacao_id = n.id
                     WHERE n.debtor_id = @DebtorId ORDER BY n.notified_at, s.at
                    """, args)),
        ];
    }
}
