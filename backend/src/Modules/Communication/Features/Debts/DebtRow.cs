namespace Recovery.Communication.Features.Debts;

/// <summary>A debt as Communication knows it from the events.</summary>
internal sealed class DebtRow
{
    public Guid InvoiceId { get; init; }
    public Guid DebtorId { get; init; }
    public Guid PartnerId { get; init; }
    public Guid PortfolioId { get; init; }
    public string ExternalId { get; init; } = "";
    public string Status { get; init; } = "";
    public long AmountCents { get; init; }
    public long OutstandingCents { get; init; }
    public DateOnly DueDate { get; init; }
    public bool Consumer { get; init; }

    public const string Columns = "invoice_id, debtor_id, partner_id, portfolio_id, external_id, status, amount_cents, outstanding_cents, due_date, consumer";
}
