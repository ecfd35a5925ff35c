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

    /// <summary>The agreement and installment a reminder is about (null for a message about a debt or the debtor).</summary>
    public Guid? AgreementId { get; init; }
    public int? InstallmentNumber { get; init; }

    /// <summary>The assignment notice of a purchased portfolio's debt (ADR 0028).</summary>
    public bool AssignmentNotice { get; init; }

    public const string Columns = "id, invoice_id, debtor_id, partner_id, channel, template_code, attempts, step_key, agreement_id, installment_number, assignment_notice";

    public MessageKey Key => new()
    {
        Id = Id, DebtorId = DebtorId, InvoiceId = InvoiceId, Channel = Channel, StepKey = StepKey, AgreementId = AgreementId, InstallmentNumber = InstallmentNumber,
    };
}
