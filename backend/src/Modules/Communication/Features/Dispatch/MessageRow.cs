using Recovery.Communication.Features.Messages;

namespace Recovery.Communication.Features.Dispatch;

/// <summary>A due message as the dispatcher reads it.</summary>
internal sealed class MessageRow
{
    public Guid Id { get; init; }
    public Guid? InvoiceId { get; init; }
    public Guid DebtorId { get; init; }
    public Guid PartnerId { get; init; }
    public string Channel { get; init; } = "";
    public string TemplateCode { get; init; } = "";
    public int Attempts { get; init; }
    public string? StepKey { get; init; }

    public const string Columns = "id, invoice_id, debtor_id, partner_id, channel, template_code, attempts, step_key";

    public MessageKey Key => new() { Id = Id, DebtorId = DebtorId, InvoiceId = InvoiceId, Channel = Channel, StepKey = StepKey };
}
