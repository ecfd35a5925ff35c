using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Debtors.Contracts;

namespace Recovery.Debtors.Features.Invoices;

/// <summary>
/// Publishes <see cref="DebtStateChanged"/> for debts whose status, outstanding or credit the caller just changed in
/// the same transaction: bumps each debt's version and publishes what the row now says. Every writer of
/// <c>debtors.invoice</c> calls it, so the other modules' copies cannot miss a change.
/// </summary>
internal static class DebtState
{
    private const string Columns = """
        i.id AS invoice_id, i.debtor_id, i.partner_id, i.portfolio_id, p.code AS portfolio_code, i.external_id, i.status,
        i.amount_cents, i.outstanding_cents, i.credit_cents, i.due_date, i.is_consumer, i.version,
        (SELECT ad.state FROM debtors.address ad WHERE ad.debtor_id = i.debtor_id) AS debtor_state,
        (SELECT dd.monthly_income_cents FROM debtors.debtor dd WHERE dd.id = i.debtor_id) AS monthly_income_cents
        """;

    public static async Task PublishAsync(DbSession tx, IReadOnlyCollection<Guid> invoiceIds, DebtChange cause, DateTimeOffset now)
    {
        if (invoiceIds.Count == 0) return;
        var ids = tx.Dialect.JsonArray(invoiceIds);
        await tx.ExecuteAsync($"UPDATE debtors.invoice SET version = version + 1 WHERE id IN ({tx.Dialect.JsonIds("@Ids")})", new { Ids = ids });
        var rows = await tx.QueryAsync<Row>(
            $"SELECT {Columns} FROM debtors.invoice i JOIN debtors.portfolio p ON p.id = i.portfolio_id WHERE i.id IN ({tx.Dialect.JsonIds("@Ids")})",
            new { Ids = ids });
        foreach (var row in rows) await tx.PublishAsync(row.ToEvent(cause), now);
    }

    public static Task PublishAsync(DbSession tx, Guid invoiceId, DebtChange cause, DateTimeOffset now) =>
        PublishAsync(tx, [invoiceId], cause, now);

    /// <summary>Debts never published (received before the event existed), oldest first: the Debtors job publishes them once.</summary>
    public static async Task<int> PublishUnpublishedAsync(DbSession tx, int limit, DateTimeOffset now)
    {
        var ids = (await tx.QueryAsync<Guid>(tx.Dialect.Limit("SELECT id FROM debtors.invoice WHERE version = 0 ORDER BY id", "@Limit"),
            new { Limit = limit })).ToList();
        await PublishAsync(tx, ids, DebtChange.Received, now);
        return ids.Count;
    }

    private sealed class Row
    {
        public Guid InvoiceId { get; init; }
        public Guid DebtorId { get; init; }
        public Guid PartnerId { get; init; }
        public Guid PortfolioId { get; init; }
        public string PortfolioCode { get; init; } = "";
        public string ExternalId { get; init; } = "";
        public string Status { get; init; } = "";
        public long AmountCents { get; init; }
        public long OutstandingCents { get; init; }
        public long CreditCents { get; init; }
        public DateOnly DueDate { get; init; }
        public bool IsConsumer { get; init; }
        public long Version { get; init; }
        public string? DebtorState { get; init; }
        public long? MonthlyIncomeCents { get; init; }

        public DebtStateChanged ToEvent(DebtChange cause) => new(InvoiceId, DebtorId, PartnerId, PortfolioId, PortfolioCode, ExternalId,
            EventCodes.Parse<DebtStatus>(Status), AmountCents, OutstandingCents, CreditCents, DueDate, IsConsumer, Version, cause,
            DebtorState, MonthlyIncomeCents);
    }
}
