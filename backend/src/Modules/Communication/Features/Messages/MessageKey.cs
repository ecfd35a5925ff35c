namespace Recovery.Communication.Features.Messages;

/// <summary>The few columns that identify a message and its debtor.</summary>
internal sealed class MessageKey
{
    public Guid Id { get; init; }
    public Guid DebtorId { get; init; }
    public Guid? InvoiceId { get; init; }
    public string Channel { get; init; } = "";
    public string? StepKey { get; init; }
    public Guid? AgreementId { get; init; }
    public int? InstallmentNumber { get; init; }

    public const string Columns = "id, debtor_id, invoice_id, channel, step_key, agreement_id, installment_number";
}
