using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Data;
using Recovery.Communication.Features.Debts;
using Recovery.Communication.Features.Templates;
using Recovery.Debtors.Contracts;
using Recovery.Platform.Contracts;

namespace Recovery.Communication.Features.Dispatch;

/// <summary>
/// Writes a message the contact policy let go: the template rendered with today's balance (or, for a reminder, the
/// installment's number, amount and due date), the creditor's name and CNPJ and the payment link; a letter laid out as a page. Remembers creditors and templates for the rest of its batch.
/// </summary>
internal sealed class MessageComposer(DbSession session, IMediator mediator, string? paymentLink, PortalLinks? portalLinks = null)
{
    private readonly Dictionary<Guid, Creditor?> _creditors = [];
    private readonly Dictionary<string, Template?> _templates = [];

    /// <summary>The message ready to leave, or why it cannot be written.</summary>
    public async Task<(Outgoing? Message, string? Blocked)> ComposeAsync(MessageRow m, DebtorContacts debtor, DebtRow? debt, InstallmentRow? installment, string recipient,
        DateTimeOffset now, CancellationToken ct)
    {
        if (!_creditors.TryGetValue(m.PartnerId, out var creditor))
            _creditors[m.PartnerId] = creditor = await mediator.Send(new GetCreditor(m.PartnerId), ct);
        if (creditor is null) return (null, "credor desconhecido");
        if (!_templates.TryGetValue(m.TemplateCode, out var template))
            _templates[m.TemplateCode] = template = await Template.FindAsync(session, m.TemplateCode) ?? PixTemplates.BuiltIn(m.TemplateCode);
        if (template is null) return (null, $"modelo '{m.TemplateCode}' não existe");
        // The signed link into the portal when configured (ADR 0025); else the creditor's payment page, per debt.
        var link = portalLinks is { Enabled: true } ? portalLinks.For(m.Id)
            : debt is null || string.IsNullOrEmpty(paymentLink) ? null
            : paymentLink.Replace("{invoiceId}", debt.InvoiceId.ToString()).Replace("{externalId}", Uri.EscapeDataString(debt.ExternalId));
        var today = BusinessDate.Of(now);
        var values = TemplateText.Values(debtor.Name, debtor.Document, creditor.Name, creditor.Document, debt, today, link, installment);
        if (template.Body.Contains("pix_copia_e_cola", StringComparison.Ordinal))
        {
            // The Pix of this moment, from the agreement itself: none unless it is in force and the installment has one.
            var pix = m is { AgreementId: { } agreementId, InstallmentNumber: { } number }
                ? await mediator.Send(new Negotiation.Contracts.GetInstallmentPix(agreementId, number), ct) : null;
            if (pix?.PixPayload is null) return (null, "sem Pix para enviar: o acordo não está em vigor ou a parcela não tem código Pix");
            values["pix_copia_e_cola"] = pix.PixPayload;
        }
        var html = m.Channel is "email" or "letter" or "negativacao";
        var body = TemplateText.Render(template.Body, values, html);
        if (m.Channel is "letter" or "negativacao") body = Letter.Html(debtor.Name, recipient, creditor, body, today);
        var subject = template.Subject is null ? null : TemplateText.Render(template.Subject, values, html: false);
        return (new Outgoing(m.Id, m.Channel, recipient, subject, body, debtor.Name, debtor.State), null);
    }
}
