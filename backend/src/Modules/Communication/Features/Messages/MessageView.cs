using Recovery.BuildingBlocks.Data;

namespace Recovery.Communication.Features.Messages;

/// <summary>A message to a debtor, where it stands and, with <see cref="History"/>, what happened to it and why.</summary>
internal class MessageView
{
    public Guid Id { get; init; }
    public Guid? InvoiceId { get; init; }
    public Guid DebtorId { get; init; }
    public string Channel { get; init; } = "";
    public string TemplateCode { get; init; } = "";
    public string? StepKey { get; init; }
    public string Status { get; init; } = "";
    public DateTimeOffset NotBefore { get; init; }
    public int Attempts { get; init; }
    public string? Reason { get; init; }
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SentAt { get; init; }
    public DateTimeOffset? DeliveredAt { get; init; }

    /// <summary>The agreement and installment a reminder is about; null for a message about a debt or the debtor.</summary>
    public Guid? AgreementId { get; init; }
    public int? InstallmentNumber { get; init; }
    public IReadOnlyList<AttemptView> History { get; set; } = [];

    public const string Columns =
        "id, invoice_id, debtor_id, channel, template_code, step_key, status, not_before, attempts, reason, created_by, created_at, sent_at, delivered_at, agreement_id, installment_number";

    public static Task<MessageView?> FindAsync(DbSession s, Guid id) =>
        s.QuerySingleOrDefaultAsync<MessageView>($"SELECT {Columns} FROM communication.message WHERE id = @Id", new { Id = id });
}
