using Recovery.BuildingBlocks.Messaging;
using Recovery.BuildingBlocks.Data;
using Recovery.Debtors.Contracts;
using Recovery.Debtors.Data;
using Recovery.Debtors.Features.Scope;

namespace Recovery.Debtors.Features.Contracts;

/// <summary>The answers Debtors gives other modules through <c>Recovery.Debtors.Contracts</c>.</summary>
internal static class ContractQueries
{
    internal sealed class DebtsHandler(DebtorsDb db, ICurrentActor actor, TimeProvider clock) : IRequestHandler<GetDebtorDebts, DebtorDebts?>
    {
        public async Task<DebtorDebts?> Handle(GetDebtorDebts query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            var debtor = await session.QuerySingleOrDefaultAsync<DebtorRow>(
                "SELECT id, name, document, monthly_income_cents FROM debtors.debtor WHERE id = @DebtorId", query);
            if (debtor is null) return null;
            // Asked on behalf of a scoped person, only the debts inside their scope (ADR 0026): valuation, statement, simulator.
            var debts = (await session.QueryAsync<DebtRow>(
                $"""
                SELECT i.id, i.partner_id, i.portfolio_id, i.external_id, i.status, i.amount_cents, i.due_date, i.fine_bp, i.monthly_interest_bp,
                       i.correction_index, i.is_consumer, i.description, i.interest_agreed
                  FROM debtors.invoice i WHERE i.debtor_id = @DebtorId AND {DebtScope.Where(db.Dialect)} ORDER BY i.due_date, i.id
                """, DebtScope.Args(actor.Scope, clock.GetUtcNow(), new { query.DebtorId }))).ToList();
            if (debts.Count == 0 && !actor.Scope.Unrestricted) return null;   // outside the scope: as if there were no such debtor
            debts = debts.Where(d => query.InvoiceIds is null || query.InvoiceIds.Contains(d.Id)).ToList();
            var payments = debts.Count == 0
                ? Array.Empty<PaymentRow>().ToLookup(p => p.InvoiceId)
                : (await session.QueryAsync<PaymentRow>(
                    $"SELECT invoice_id, payment_id, amount_cents, paid_at FROM debtors.payment WHERE invoice_id IN ({session.Dialect.JsonIds("@Ids")}) AND reversed_at IS NULL ORDER BY paid_at, created_at",
                    new { Ids = session.Dialect.JsonArray(debts.Select(d => d.Id)) })).ToLookup(p => p.InvoiceId);
            return new DebtorDebts(debtor.Id, debtor.Name, debtor.Document, debtor.MonthlyIncomeCents,
                debts.Select(d => new Debt(d.Id, d.PartnerId, d.PortfolioId, d.ExternalId, EventCodes.Parse<DebtStatus>(d.Status), d.AmountCents, d.DueDate, d.FineBp,
                    d.MonthlyInterestBp, d.CorrectionIndex, d.IsConsumer, d.Description,
                    payments[d.Id].Select(p => new DebtPayment(p.PaymentId, p.AmountCents, p.PaidAt)).ToList(), !d.InterestAgreed)).ToList());
        }
    }

    internal sealed class PortfolioHandler(DebtorsDb db) : IRequestHandler<GetPortfolio, PortfolioSummary?>
    {
        public async Task<PortfolioSummary?> Handle(GetPortfolio query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            var row = await session.QuerySingleOrDefaultAsync<PortfolioRow>(
                "SELECT id, partner_id, code, name FROM debtors.portfolio WHERE id = @PortfolioId", query);
            return row is null ? null : new PortfolioSummary(row.Id, row.PartnerId, row.Code, row.Name);
        }
    }

    internal sealed class ContactsHandler(DebtorsDb db) : IRequestHandler<GetDebtorContacts, DebtorContacts?>
    {
        public async Task<DebtorContacts?> Handle(GetDebtorContacts query, CancellationToken ct) =>
            (await ContactsOfAsync(db, [query.DebtorId], ct)).SingleOrDefault();
    }

    internal sealed class ContactsOfDebtorsHandler(DebtorsDb db) : IRequestHandler<GetContactsOfDebtors, IReadOnlyList<DebtorContacts>>
    {
        public async Task<IReadOnlyList<DebtorContacts>> Handle(GetContactsOfDebtors query, CancellationToken ct) =>
            query.DebtorIds.Count == 0 ? [] : await ContactsOfAsync(db, query.DebtorIds.Distinct().ToList(), ct);
    }

    /// <summary>The debtors with their address and valid contacts, in one statement whatever their number.</summary>
    private static async Task<List<DebtorContacts>> ContactsOfAsync(DebtorsDb db, IReadOnlyCollection<Guid> debtorIds, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var rows = await session.QueryAsync<ContactRow>(
            $"""
            SELECT d.id, d.name, d.document, a.street, a.number, a.complement, a.district, a.city, a.state, a.postal_code,
                   c.id AS contact_id, c.channel, c.value, c.opted_out_at
              FROM debtors.debtor d
              LEFT JOIN debtors.address a ON a.debtor_id = d.id
              LEFT JOIN debtors.contact c ON c.debtor_id = d.id AND c.is_valid = 1
             WHERE d.id IN ({session.Dialect.JsonIds("@Ids")})
             ORDER BY d.id, c.created_at, c.id
            """, new { Ids = session.Dialect.JsonArray(debtorIds) });
        return rows.GroupBy(r => r.Id).Select(g =>
        {
            var debtor = g.First();
            return new DebtorContacts(debtor.Id, debtor.Name, debtor.Document, debtor.State, PostalAddress(debtor),
                g.Where(c => c.ContactId is not null).Select(c => new DebtorContact(c.ContactId!.Value, c.Channel!, c.Value!, c.OptedOutAt is not null)).ToList());
        }).ToList();
    }

    private static string? PostalAddress(ContactRow d) => d.Street is null && d.City is null ? null : string.Join(", ", new[]
    {
        string.Join(" ", new[] { d.Street, d.Number }.Where(p => !string.IsNullOrWhiteSpace(p))),
        d.Complement, d.District, string.Join(" - ", new[] { d.City, d.State }.Where(p => !string.IsNullOrWhiteSpace(p))),
        d.PostalCode,
    }.Where(p => !string.IsNullOrWhiteSpace(p)));

    /// <summary>A debtor with its address and one of its contacts (none: the contact columns are null).</summary>
    private sealed class ContactRow
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string Document { get; init; } = "";
        public string? Street { get; init; }
        public string? Number { get; init; }
        public string? Complement { get; init; }
        public string? District { get; init; }
        public string? City { get; init; }
        public string? State { get; init; }
        public string? PostalCode { get; init; }
        public Guid? ContactId { get; init; }
        public string? Channel { get; init; }
        public string? Value { get; init; }
        public DateTimeOffset? OptedOutAt { get; init; }
    }

    private sealed class DebtorRow
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string Document { get; init; } = "";
        public long? MonthlyIncomeCents { get; init; }
    }

    private sealed class DebtRow
    {
        public Guid Id { get; init; }
        public Guid PartnerId { get; init; }
        public Guid PortfolioId { get; init; }
        public string ExternalId { get; init; } = "";
        public string Status { get; init; } = "";
        public long AmountCents { get; init; }
        public DateOnly DueDate { get; init; }
        public int FineBp { get; init; }
        public int MonthlyInterestBp { get; init; }
        public string CorrectionIndex { get; init; } = "";
        public bool IsConsumer { get; init; }
        public string? Description { get; init; }
        public bool InterestAgreed { get; init; } = true;
    }

    private sealed class PaymentRow
    {
        public Guid InvoiceId { get; init; }
        public string PaymentId { get; init; } = "";
        public long AmountCents { get; init; }
        public DateOnly PaidAt { get; init; }
    }

    private sealed class PortfolioRow
    {
        public Guid Id { get; init; }
        public Guid PartnerId { get; init; }
        public string Code { get; init; } = "";
        public string Name { get; init; } = "";
    }
}
