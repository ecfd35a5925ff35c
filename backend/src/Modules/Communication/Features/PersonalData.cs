using System.Text.Json.Nodes;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Communication.Data;
using Recovery.Debtors.Contracts;

namespace Recovery.Communication.Features;

/// <summary>
/// What Communication holds on a debtor: messages and their attempts, letters, calls, the WhatsApp opt-in, negativações;
/// and their erasure when the debtor is anonymised at the end of retention: recipients, texts, addresses and phones go,
/// what was sent when and with which outcome stays (the dunning funnel and the negativação deadlines still add up).
/// </summary>
internal sealed class PersonalData(CommunicationDb db) : IPersonalDataSource, IEventSubscriber<DebtorAnonymised>
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
            PersonalDataSection.FromRows(Source, "Ligações dos operadores", Messages,
                await session.QueryAsync("SELECT * FROM communication.agent_call WHERE debtor_id = @DebtorId ORDER BY called_at", args)),
            PersonalDataSection.FromRows(Source, "Retornos pedidos no portal", Messages,
                await session.QueryAsync("SELECT * FROM communication.callback_request WHERE debtor_id = @DebtorId ORDER BY requested_at", args)),
            PersonalDataSection.FromRows(Source, "Mensagens pedidas no portal (códigos de acesso, relatórios)", "Pedido do titular (LGPD art. 18)",
                await session.QueryAsync(
                    "SELECT id, kind, channel, recipient, status, attempts, created_at, sent_at, reason FROM communication.requested_message WHERE debtor_id = @DebtorId ORDER BY created_at", args)),
            PersonalDataSection.FromRows(Source, "Autorização para WhatsApp", "Consentimento do titular para o canal (LGPD art. 7º, I)",
                await session.QueryAsync("SELECT * FROM communication.whatsapp_opt_in WHERE debtor_id = @DebtorId", args)),
            PersonalDataSection.FromRows(Source, "Negativações e suas etapas", "Proteção do crédito (LGPD art. 7º, X); cadastros de consumidores (CDC art. 43)",
                await session.QueryAsync(
                    """
                    SELECT n.*, s.at AS step_at, s.step, s.detail AS step_detail
                      FROM communication.negativacao n LEFT JOIN communication.negativacao_step s ON s.negativacao_id = n.id
                     WHERE n.debtor_id = @DebtorId ORDER BY n.notified_at, s.at
                    """, args)),
            PersonalDataSection.FromRows(Source, "Notificações de cessão de crédito", "Cumprimento de obrigação legal (LGPD art. 7º, II): notificação da cessão de crédito ao devedor (Código Civil art. 290)",
                await session.QueryAsync("SELECT * FROM communication.assignment_notice WHERE debtor_id = @DebtorId ORDER BY sent_at", args)),
        ];
    }

    public async Task HandleAsync(DebtorAnonymised e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        await tx.ExecuteAsync(
            """
            UPDATE communication.message SET recipient = NULL, subject = NULL, body = NULL WHERE debtor_id = @DebtorId;
            UPDATE communication.message_attempt SET detail = ''
             WHERE message_id IN (SELECT id FROM communication.message WHERE debtor_id = @DebtorId);
            UPDATE communication.letter SET addressee = '', address = '', html = '' WHERE debtor_id = @DebtorId;
            UPDATE communication.call_task SET phone = '', script = '' WHERE debtor_id = @DebtorId;
            UPDATE communication.agent_call SET phone = '', note = NULL WHERE debtor_id = @DebtorId;
            DELETE FROM communication.whatsapp_opt_in WHERE debtor_id = @DebtorId;
            UPDATE communication.callback_request SET phone = '', note = NULL WHERE debtor_id = @DebtorId;
            UPDATE communication.requested_message SET recipient = '', subject = NULL, body = NULL, attachment = NULL WHERE debtor_id = @DebtorId;
            UPDATE communication.assignment_notice SET recipient = NULL WHERE debtor_id = @DebtorId;
            """, new { e.DebtorId });
        // The dialer hook's deliveries carry the number dialled (a delivery names its debtor only inside the payload).
        var dialed = await tx.QueryAsync<(Guid Id, string Payload)>(
            "SELECT id, payload FROM communication.webhook_delivery WHERE event = 'call.dialed' AND payload LIKE @Debtor",
            new { Debtor = $"%\"debtorId\":\"{e.DebtorId:D}\"%" });
        foreach (var (id, payload) in dialed)
        {
            if (JsonNode.Parse(payload) is not JsonObject body || body["data"] is not JsonObject data) continue;
            data["phone"] = "";
            await tx.ExecuteAsync("UPDATE communication.webhook_delivery SET payload = @Payload WHERE id = @Id",
                new { Id = id, Payload = body.ToJsonString() });
        }
    }
}
