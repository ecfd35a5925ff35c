using Recovery.BuildingBlocks;

namespace Recovery.Debtors.Features.Invoices;

/// <summary>The invoice representation of the partner contract.</summary>
internal sealed record InvoiceView(
    Guid Id,
    string ExternalId,
    string Portfolio,
    Guid DebtorId,
    string Status,
    decimal Amount,
    decimal Outstanding,
    DateOnly? IssueDate,
    DateOnly DueDate,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public const string Columns = """
        i.id, i.external_id, p.code AS portfolio, i.debtor_id, i.status, i.amount_cents, i.outstanding_cents,
        i.issue_date, i.due_date, i.created_at, i.updated_at
        """;

    public const string Source = "debtors.invoice i JOIN debtors.portfolio p ON p.id = i.portfolio_id";

    public static InvoiceView From(Row r) => new(r.Id, r.ExternalId, r.Portfolio, r.DebtorId, r.Status,
        Money.ToReais(r.AmountCents), Money.ToReais(r.OutstandingCents), r.IssueDate, r.DueDate, r.CreatedAt, r.UpdatedAt);

    internal sealed class Row
    {
        public Guid Id { get; init; }
        public string ExternalId { get; init; } = "";
        public string Portfolio { get; init; } = "";
        public Guid DebtorId { get; init; }
        public string Status { get; init; } = "";
        public long AmountCents { get; init; }
        public long OutstandingCents { get; init; }
        public DateOnly? IssueDate { get; init; }
        public DateOnly DueDate { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
    }
}
