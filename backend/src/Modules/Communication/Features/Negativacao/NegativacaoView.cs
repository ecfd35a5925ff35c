namespace Recovery.Communication.Features.Negativacao;

/// <summary>A negativação, from the notice to its removal, with the evidence of each step.</summary>
[SchemaName("NegativacoesView")]
internal sealed class NegativacaoView
{
    public Guid Id { get; init; }
    public Guid InvoiceId { get; init; }
    public Guid DebtorId { get; init; }
    public string Status { get; init; } = "";
    /// <summary>The notice letter (CDC art. 43 §2): <c>GET /api/v1/communication/letters/{noticeMessageId}</c>, HTML or PDF.</summary>
    public Guid NoticeMessageId { get; init; }
    public DateTimeOffset NotifiedAt { get; init; }
    public DateOnly EligibleOn { get; init; }
    public DateTimeOffset? RegisteredAt { get; init; }
    public string? RegistrationProtocol { get; init; }
    public string? RemovalReason { get; init; }
    public DateOnly? RemovalDueOn { get; init; }
    public DateTimeOffset? RemovedAt { get; init; }
    public bool RemovedLate { get; init; }
    public IReadOnlyList<NegativacaoStepView> Steps { get; set; } = [];

    public const string Columns =
        "id, invoice_id, debtor_id, status, notice_message_id, notified_at, eligible_on, registered_at, registration_protocol, removal_reason, removal_due_on, removed_at, removed_late";
}
