namespace Recovery.Communication.Features.Dispatch;

/// <summary>An agreement's installment as Communication copied it, with its agreement's status: what a reminder is about.</summary>
internal sealed class InstallmentRow
{
    public Guid AgreementId { get; init; }
    public int Number { get; init; }
    public DateOnly DueDate { get; init; }
    public long AmountCents { get; init; }
    public string Status { get; init; } = "";
    public string AgreementStatus { get; init; } = "";
}
