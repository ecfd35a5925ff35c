using System.Globalization;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Communication.Contracts;
using Recovery.Debtors.Data;
using Recovery.Debtors.Features.Debtors;

namespace Recovery.Debtors.Features.Contracts;

/// <summary>
/// An agent's call, as Communication recorded it (ADR 0022): it lands in the timeline; a wrong number is marked invalid
/// (dispatch, the work queue and the SPA stop using it); "deceased" places the deceased hold; the call becomes the debtor's
/// last call, whose callback (if any) takes the debtor out of the work queue until it is due.
/// </summary>
internal sealed class OnCallOutcomeRecorded(DebtorsDb db) : IEventSubscriber<CallOutcomeRecorded>
{
    public async Task HandleAsync(CallOutcomeRecorded e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        if (await tx.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM debtors.debtor WHERE id = @DebtorId", e) == 0) return;
        await Timeline.AppendAsync(tx, e.DebtorId, null, "call", Describe(e), e.AgentId, e.Agent, e.CalledAt, channel: "phone", result: e.Outcome);

        switch (e.Effect)
        {
            case CallEffect.InvalidPhone:
                await tx.ExecuteAsync("UPDATE debtors.contact SET is_valid = 0, invalid_reason = 'wrong_number' WHERE debtor_id = @DebtorId AND channel = 'phone' AND value = @Phone", e);
                break;
            case CallEffect.DeceasedHold when await tx.ExecuteScalarAsync<int>(
                "SELECT COUNT(*) FROM debtors.hold WHERE debtor_id = @DebtorId AND invoice_id IS NULL AND kind = 'deceased' AND lifted_at IS NULL", e) == 0:
                await PlaceHold.InsertAsync(tx, new Hold
                {
                    Id = Guid.CreateVersion7(), DebtorId = e.DebtorId, Kind = "deceased",
                    Reason = e.Note is null ? "falecimento informado em ligação" : $"falecimento informado em ligação: {e.Note}",
                    PlacedBy = e.Agent, PlacedAt = e.CalledAt,
                }, e.AgentId);
                break;
        }

        // The last call wins: a later call (with or without a callback) replaces the earlier one's callback.
        var args = new { e.DebtorId, e.CallId, DueAt = e.CallbackAt, e.AgentId, e.Agent, e.CalledAt };
        if (await tx.ExecuteAsync(
                "UPDATE debtors.callback SET call_id = @CallId, due_at = @DueAt, agent_id = @AgentId, agent_name = @Agent, called_at = @CalledAt WHERE debtor_id = @DebtorId AND called_at < @CalledAt",
                args) == 0)
            await tx.ExecuteAsync(tx.Dialect.InsertIgnore("debtors.callback", "debtor_id, call_id, due_at, agent_id, agent_name, called_at",
                "@DebtorId, @CallId, @DueAt, @AgentId, @Agent, @CalledAt", "debtor_id"), args);
    }

    /// <summary>"Ligação para +55…: Promessa de pagamento — nota. Retorno em dd/MM/yyyy às HH:mm (Brasília)."</summary>
    private static string Describe(CallOutcomeRecorded e)
    {
        var text = $"Ligação para {e.Phone}: {e.Label}";
        if (e.Note is not null) text += $" — {e.Note}";
        if (e.CallbackAt is { } at)
            text += $". Retorno agendado para {TimeZoneInfo.ConvertTime(at, BusinessDate.Brasilia).ToString("dd/MM/yyyy 'às' HH:mm", CultureInfo.InvariantCulture)} (horário de Brasília)";
        return text;
    }
}
