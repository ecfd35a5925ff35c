using Recovery.BuildingBlocks;
using Recovery.Debtors.Data;
using Recovery.Debtors.Features.Invoices;
using Recovery.Debtors.Features.Scope;

namespace Recovery.Debtors.Features.Debtors;

/// <summary>
/// A debtor's whole picture: contacts, address, debts. The document is masked unless the caller asks to reveal it and
/// their role needs it; every reveal is itself recorded in the audit trail (LGPD access log).
/// </summary>
internal static class GetDebtor
{
    private static readonly HashSet<string> MayReveal = [Roles.Admin, Roles.Supervisor, Roles.Agent];

    internal sealed record Query(Guid Id, bool Reveal) : IRequest<Response>;

    internal sealed record Response(
        Guid Id, string Name, string Document, bool DocumentRevealed, string Kind, DateOnly? BirthDate, decimal? MonthlyIncome,
        IReadOnlyList<Contact> Contacts, Address? Address, IReadOnlyList<Debt> Invoices, decimal Outstanding, IReadOnlyList<Hold> Holds,
        bool OnHold);

    internal sealed class Contact
    {
        public Guid Id { get; init; }
        public string Channel { get; init; } = "";
        public string Value { get; init; } = "";
        public bool Valid { get; init; }
        public DateTimeOffset? OptedOutAt { get; init; }
        public DateTimeOffset? LastContactedAt { get; init; }

        /// <summary><c>creditor</c> (sent with an invoice) or <c>bureau</c> (found by a credit-bureau lookup).</summary>
        public string Source { get; init; } = "creditor";

        /// <summary>Why it is invalid: <c>bounce</c> or <c>wrong_number</c>; null while valid (or invalid for an older reason).</summary>
        public string? InvalidReason { get; init; }
    }

    internal sealed class Address
    {
        public string? Street { get; init; }
        public string? Number { get; init; }
        public string? Complement { get; init; }
        public string? District { get; init; }
        public string? City { get; init; }
        public string? State { get; init; }
        public string? PostalCode { get; init; }
    }

    internal sealed record Debt(Guid Id, Guid PartnerId, string ExternalId, string Portfolio, string Status, decimal Amount, decimal Outstanding,
        DateOnly? IssueDate, DateOnly DueDate, string? Description);

    internal sealed class Handler(DebtorsDb db, ICurrentActor actor, IAuditTrail trail, TimeProvider clock) : IRequestHandler<Query, Response>
    {
        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            if (query.Reveal && (actor.Role is null || !MayReveal.Contains(actor.Role)))
                throw new ForbiddenException("Your role sees documents masked.");
            await using var session = await db.OpenAsync(ct);
            var debtor = await session.QuerySingleOrDefaultAsync<DebtorRow>(
                             "SELECT id, name, document, kind, birth_date, monthly_income_cents FROM debtors.debtor WHERE id = @Id", query)
                         ?? throw new NotFoundException($"Debtor {query.Id} does not exist.");
            var contacts = await session.QueryAsync<Contact>(
                "SELECT id, channel, value, is_valid AS valid, opted_out_at, last_contacted_at, COALESCE(source, 'creditor') AS source, invalid_reason FROM debtors.contact WHERE debtor_id = @Id ORDER BY channel, created_at", query);
            var address = await session.QuerySingleOrDefaultAsync<Address>(
                "SELECT street, number, complement, district, city, state, postal_code FROM debtors.address WHERE debtor_id = @Id", query);
            // A scoped person sees only the debts inside their scope (ADR 0026).
            var debts = (await session.QueryAsync<DebtRow>(
                $"""
                SELECT i.id, i.partner_id, i.external_id, p.code AS portfolio, i.status, i.amount_cents, i.outstanding_cents,
                       i.issue_date, i.due_date, i.description
                  FROM debtors.invoice i JOIN debtors.portfolio p ON p.id = i.portfolio_id
                 WHERE i.debtor_id = @Id AND {DebtScope.Where(db.Dialect)} ORDER BY i.due_date, i.id
                """, DebtScope.Args(actor.Scope, clock.GetUtcNow(), query))).ToList();

            var holds = (await session.QueryAsync<Hold>($"SELECT {Hold.Columns} FROM debtors.hold WHERE debtor_id = @Id ORDER BY placed_at DESC", query)).ToList();
            var today = clock.Today();

            if (query.Reveal)
                await trail.AppendAsync(new AuditRecorded(Guid.CreateVersion7(), clock.GetUtcNow(), actor.Kind.ToString().ToLowerInvariant(),
                    actor.Id, actor.Name, actor.Role, actor.IpAddress, "ViewFullPersonalData", "debtor", debtor.Id.ToString(),
                    "succeeded", null, null), ct);

            return new Response(debtor.Id, debtor.Name,
                query.Reveal ? Documents.Format(debtor.Document) : Documents.Mask(debtor.Document), query.Reveal, debtor.Kind,
                debtor.BirthDate, debtor.MonthlyIncomeCents is { } income ? Money.ToReais(income) : null,
                contacts.ToList(), address,
                debts.Select(d => new Debt(d.Id, d.PartnerId, d.ExternalId, d.Portfolio, d.Status, Money.ToReais(d.AmountCents),
                    Money.ToReais(d.OutstandingCents), d.IssueDate, d.DueDate, d.Description)).ToList(),
                Money.ToReais(debts.Where(d => d.Status is "open" or "in_agreement").Sum(d => d.OutstandingCents)),
                holds, holds.Any(h => h.InvoiceId is null && h.IsActive(today)));
        }
    }

    private sealed class DebtorRow
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string Document { get; init; } = "";
        public string Kind { get; init; } = "";
        public DateOnly? BirthDate { get; init; }
        public long? MonthlyIncomeCents { get; init; }
    }

    private sealed class DebtRow
    {
        public Guid Id { get; init; }
        public Guid PartnerId { get; init; }
        public string ExternalId { get; init; } = "";
        public string Portfolio { get; init; } = "";
        public string Status { get; init; } = "";
        public long AmountCents { get; init; }
        public long OutstandingCents { get; init; }
        public DateOnly? IssueDate { get; init; }
        public DateOnly DueDate { get; init; }
        public string? Description { get; init; }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{id:guid}", (Guid id, bool? reveal, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new Query(id, reveal == true), ct))
            .WithName(nameof(GetDebtor))
            .ScopedTo(ScopedKinds.Debtor, "id")
            .RequireAuthorization(Policies.Person)
            .ProducesProblem(404);
}
