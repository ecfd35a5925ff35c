using System.Globalization;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Communication.Contracts;
using Recovery.Debtors.Data;
using Recovery.Debtors.Features.Debtors;

namespace Recovery.Debtors.Features.Contracts;

/// <summary>
/// The debtor asked in the portal to be called back (ADR 0025): the request lands in the timeline under the debtor's name
/// and becomes the debtor's callback, as an agent's callback does (ADR 0022): the debtor leaves the work queue until it is
/// due and comes first from then on, until the next call.
/// </summary>
internal sealed class OnCallbackRequested(DebtorsDb db) : IEventSubscriber<CallbackRequested>
{
    public async Task HandleAsync(CallbackRequested e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        var name = await tx.QuerySingleOrDefaultAsync<string>("SELECT name FROM debtors.debtor WHERE id = @DebtorId", e);
        if (name is null) return;
        var actor = new DebtorActor(e.DebtorId, name);
        var at = TimeZoneInfo.ConvertTime(e.CallbackAt, BusinessDate.Brasilia).ToString("dd/MM/yyyy 'às' HH:mm", CultureInfo.InvariantCulture);
        var text = $"Retorno pedido pelo devedor no portal para {at} (horário de Brasília), no telefone {e.Phone}";
        if (e.Note is not null) text += $" — {e.Note}";
        await Timeline.AppendAsync(tx, e.DebtorId, null, "call", text, actor, e.RequestedAt, channel: "portal", result: "call_back");

        var args = new { e.DebtorId, CallId = e.CallbackId, DueAt = e.CallbackAt, AgentId = (Guid?)null, Agent = actor.Name, CalledAt = e.RequestedAt };
        if (await tx.ExecuteAsync(
                "UPDATE debtors.callback SET call_id = @CallId, due_at = @DueAt, agent_id = @AgentId, agent_name = @Agent, called_at = @CalledAt WHERE debtor_id = @DebtorId AND called_at < @CalledAt",
                args) == 0)
            await tx.ExecuteAsync(tx.Dialect.InsertIgnore("debtors.callback", "debtor_id, call_id, due_at, agent_id, agent_name, called_at",
                "@DebtorId, @CallId, @DueAt, @AgentId, @Agent, @CalledAt", "debtor_id"), args);
    }
}
