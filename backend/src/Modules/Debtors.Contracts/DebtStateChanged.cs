using System.Text.Json.Serialization;

namespace Recovery.Debtors.Contracts;

/// <summary>
/// The one published truth about a debt. Debtors publishes it, in the same transaction, after every change of the
/// debt's status, outstanding or credit (a push, a payment, a cancellation, an agreement in force, completed, broken,
/// cancelled or refused, prescription, anonymisation). Other modules keep their copies of a debt only from it and apply
/// it only when <paramref name="Version"/> is newer than the one they hold: events may arrive late or twice, the
/// newest state wins. Nobody else derives a debt's status.
/// </summary>
/// <param name="PortfolioCode">The partner's code of the portfolio.</param>
/// <param name="OutstandingCents">What is still owed on the debt's own terms (payments deducted).</param>
/// <param name="CreditCents">What was paid beyond the total, kept as the debtor's credit.</param>
/// <param name="Version">Starts at 1 when the debt is received and grows by one with every change.</param>
/// <param name="Cause">What changed it, for the copies that keep dates (when a debt left collection).</param>
/// <param name="DebtorState">The UF of the debtor's address when it was published (null when unknown, and in events written
/// before it was added); the only part of the address Analytics keeps.</param>
/// <param name="MonthlyIncomeCents">The income the partner declared for the debtor when it was published (null when none, and
/// in events written before it was added): Analytics compares it with the balance (capacity to pay).</param>
public sealed record DebtStateChanged(
    Guid InvoiceId,
    Guid DebtorId,
    Guid PartnerId,
    Guid PortfolioId,
    string PortfolioCode,
    string ExternalId,
    DebtStatus Status,
    long AmountCents,
    long OutstandingCents,
    long CreditCents,
    DateOnly DueDate,
    bool Consumer,
    long Version,
    DebtChange Cause,
    string? DebtorState = null,
    long? MonthlyIncomeCents = null);

/// <summary>A debt's status, serialised as the partner API spells it (<c>open</c>, <c>in_agreement</c>, ...).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DebtStatus>))]
public enum DebtStatus
{
    [JsonStringEnumMemberName("open")] Open,
    [JsonStringEnumMemberName("in_agreement")] InAgreement,
    [JsonStringEnumMemberName("paid")] Paid,
    [JsonStringEnumMemberName("cancelled")] Cancelled,
    [JsonStringEnumMemberName("written_off")] WrittenOff,
    [JsonStringEnumMemberName("prescribed")] Prescribed,
}

/// <summary>Why a debt's state changed.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DebtChange>))]
public enum DebtChange
{
    [JsonStringEnumMemberName("received")] Received,
    [JsonStringEnumMemberName("updated")] Updated,
    [JsonStringEnumMemberName("payment")] Payment,
    [JsonStringEnumMemberName("cancelled")] Cancelled,
    [JsonStringEnumMemberName("agreement_in_force")] AgreementInForce,
    [JsonStringEnumMemberName("agreement_completed")] AgreementCompleted,
    [JsonStringEnumMemberName("agreement_ended")] AgreementEnded,
    [JsonStringEnumMemberName("prescribed")] Prescribed,
    [JsonStringEnumMemberName("written_off")] WrittenOff,
    [JsonStringEnumMemberName("anonymised")] Anonymised,
}
