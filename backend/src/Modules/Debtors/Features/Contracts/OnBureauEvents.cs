using Recovery.Bureau.Contracts;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Communication.Contracts;
using Recovery.Debtors.Data;
using Recovery.Debtors.Features.Debtors;
using Recovery.Debtors.Features.Invoices;

namespace Recovery.Debtors.Features.Contracts;

/// <summary>
/// What the credit bureau brings and what bounces, applied to the contacts Debtors owns (ADR 0028). Contacts found by the
/// bureau are added with source <c>bureau</c> when the debtor has no contact with that value yet: one the creditor sent
/// is never replaced, one the debtor opted out of is not added again (its row stays, opted out), nor one found invalid.
/// A bounce marks the contact invalid, which dispatch, the work queue and the SPA no longer use. A monitoring alert lands
/// in the timeline and becomes a reason in the work queue until the debtor's next call.
/// </summary>
internal sealed class OnBureauEvents(DebtorsDb db) : IEventSubscriber<BureauContactsFound>, IEventSubscriber<BureauAlertRaised>,
    IEventSubscriber<MessageBounced>
{
    public async Task HandleAsync(BureauContactsFound e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        if (!await ExistsAsync(tx, e.DebtorId)) return;
        using var search = new SearchIndex(tx);
        var added = new List<string>();
        var refused = 0;
        foreach (var contact in e.Contacts)
        {
            var channel = contact.Channel == "email" ? "email" : "phone";
            var value = channel == "email" ? contact.Value.Trim().ToLowerInvariant() : InvoiceRules.NormalizePhone(contact.Value);
            if (string.IsNullOrEmpty(value) || (channel == "email" && !value.Contains('@'))) continue;
            var args = new { Id = Guid.CreateVersion7(), e.DebtorId, Channel = channel, Value = value, Now = envelope.OccurredAt };
            if (await tx.ExecuteScalarAsync<int>(
                    "SELECT COUNT(*) FROM debtors.contact WHERE debtor_id = @DebtorId AND channel = @Channel AND value = @Value", args) > 0)
            {
                refused++;
                continue;
            }
            await tx.ExecuteAsync(
                """
                INSERT INTO debtors.contact (id, debtor_id, channel, value, source_partner_id, source, is_valid, created_at)
                VALUES (@Id, @DebtorId, @Channel, @Value, NULL, 'bureau', 1, @Now)
                """, args);
            await search.AddContactAsync(e.DebtorId, channel, value);
            added.Add(channel == "email" ? "e-mail" : "telefone");
        }
        if (added.Count == 0 && refused == 0) return;
        var text = added.Count == 0
            ? "Birô de crédito: nenhum contato novo (os informados já eram conhecidos, inválidos ou com oposição do devedor)"
            : $"Birô de crédito: {added.Count} contato(s) novo(s) adicionado(s) ({string.Join(", ", added.GroupBy(a => a).Select(g => $"{g.Count()} {g.Key}"))})" +
              (refused > 0 ? $"; {refused} já conhecido(s), inválido(s) ou com oposição, não adicionado(s)" : "");
        await Timeline.AppendAsync(tx, e.DebtorId, null, "enrichment", text, null, "birô de crédito", envelope.OccurredAt,
            subject: ("bureau_lookup", e.LookupId));
    }

    public async Task HandleAsync(BureauAlertRaised e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        if (!await ExistsAsync(tx, e.DebtorId)) return;
        await tx.ExecuteAsync(tx.Dialect.InsertIgnore("debtors.bureau_alert", "alert_id, debtor_id, kind, summary, raised_at",
            "@AlertId, @DebtorId, @Kind, @Summary, @RaisedAt", "alert_id"), e);
        await Timeline.AppendAsync(tx, e.DebtorId, null, "bureau_alert", $"Alerta do birô de crédito: {e.Summary}", null, "monitoramento do birô",
            e.RaisedAt, result: e.Kind);
    }

    public async Task HandleAsync(MessageBounced e, EventEnvelope envelope, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        var channel = e.Channel == "email" ? "email" : "phone";
        var marked = await tx.ExecuteAsync(
            "UPDATE debtors.contact SET is_valid = 0, invalid_reason = 'bounce' WHERE debtor_id = @DebtorId AND channel = @Channel AND value = @Recipient AND is_valid = 1",
            new { e.DebtorId, Channel = channel, e.Recipient });
        if (marked > 0)
            await Timeline.AppendAsync(tx, e.DebtorId, null, "contact_invalid",
                $"Contato marcado como inválido: a operadora informou que a mensagem não pôde ser entregue ({e.Detail})", null, "sistema",
                envelope.OccurredAt, channel: e.Channel, result: "bounce", subject: ("message", e.MessageId));
    }

    private static async Task<bool> ExistsAsync(BuildingBlocks.Data.DbSession tx, Guid debtorId) =>
        await tx.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM debtors.debtor WHERE id = @DebtorId AND anonymised_at IS NULL", new { DebtorId = debtorId }) > 0;
}
