using Recovery.BuildingBlocks.Data;
using Recovery.Communication.Features.Debts;
using Recovery.Debtors.Contracts;

namespace Recovery.Communication.Features.Dispatch;

/// <summary>
/// What the contact policy needs to know about a batch of due messages, gathered with one query per kind of fact
/// whatever the batch's size: the debts, the holds, the WhatsApp opt-ins, the last seven days' contacts, and the
/// debtors' contacts (one question to Debtors).
/// </summary>
internal sealed class DispatchFacts
{
    private readonly Dictionary<Guid, DebtRow> _debts;
    private readonly ILookup<Guid, HoldRow> _holds;
    private readonly ILookup<Guid, string> _optIns;
    private readonly Dictionary<Guid, List<ContactPolicy.Contact>> _contacted;
    private readonly Dictionary<Guid, DebtorContacts> _debtors;
    private readonly Dictionary<(Guid, int), InstallmentRow> _installments;
    private readonly ILookup<Guid, Guid> _agreementDebts;
    private HashSet<(Guid DebtorId, Guid InvoiceId)> _noticePending = [];

    private DispatchFacts(Dictionary<Guid, DebtRow> debts, ILookup<Guid, HoldRow> holds, ILookup<Guid, string> optIns,
        Dictionary<Guid, List<ContactPolicy.Contact>> contacted, Dictionary<Guid, DebtorContacts> debtors,
        Dictionary<(Guid, int), InstallmentRow> installments, ILookup<Guid, Guid> agreementDebts)
    {
        _installments = installments;
        _agreementDebts = agreementDebts;
        _debts = debts;
        _holds = holds;
        _optIns = optIns;
        _contacted = contacted;
        _debtors = debtors;
    }

    public static async Task<DispatchFacts> LoadAsync(DbSession session, IMediator mediator, IReadOnlyCollection<MessageRow> due, DateTimeOffset now,
        CancellationToken ct)
    {
        var dialect = session.Dialect;
        var invoices = new { Ids = dialect.JsonArray(due.Where(m => m.InvoiceId is not null).Select(m => m.InvoiceId!.Value).Distinct()) };
        var debtorIds = due.Select(m => m.DebtorId).Distinct().ToList();
        var debtors = new { Ids = dialect.JsonArray(debtorIds), Since = now.AddDays(-7) };
        var debts = (await session.QueryAsync<DebtRow>(
            $"SELECT {DebtRow.Columns} FROM communication.debt WHERE invoice_id IN ({dialect.JsonIds("@Ids")})", invoices)).ToDictionary(d => d.InvoiceId);
        var holds = (await session.QueryAsync<HoldRow>(
            $"SELECT debtor_id, invoice_id, kind FROM communication.hold WHERE debtor_id IN ({dialect.JsonIds("@Ids")})", debtors)).ToLookup(h => h.DebtorId);
        var optIns = (await session.QueryAsync<OptInRow>(
            $"SELECT debtor_id, phone FROM communication.whatsapp_opt_in WHERE debtor_id IN ({dialect.JsonIds("@Ids")})", debtors))
            .ToLookup(o => o.DebtorId, o => o.Phone);
        var contacted = (await session.QueryAsync<SentRow>(
                $"""
                SELECT debtor_id, sent_at, channel FROM communication.message
                 WHERE debtor_id IN ({dialect.JsonIds("@Ids")}) AND sent_at > @Since AND status IN ('sent', 'delivered')
                """, debtors))
            .GroupBy(s => s.DebtorId).ToDictionary(g => g.Key, g => g.Select(s => new ContactPolicy.Contact(s.SentAt, s.Channel)).ToList());
        var contacts = (await mediator.Send(new GetContactsOfDebtors(debtorIds), ct)).ToDictionary(d => d.DebtorId);
        var agreements = new { Ids = dialect.JsonArray(due.Where(m => m.AgreementId is not null).Select(m => m.AgreementId!.Value).Distinct()) };
        var installments = new Dictionary<(Guid, int), InstallmentRow>();
        ILookup<Guid, Guid> agreementDebts = Array.Empty<Guid>().ToLookup(g => g);
        if (due.Any(m => m.AgreementId is not null))
        {
            installments = (await session.QueryAsync<InstallmentRow>(
                $"""
                SELECT i.agreement_id, i.number, i.due_date, i.amount_cents, i.status, a.status AS agreement_status
                  FROM communication.installment i JOIN communication.agreement a ON a.agreement_id = i.agreement_id
                 WHERE i.agreement_id IN ({dialect.JsonIds("@Ids")})
                """, agreements)).ToDictionary(i => (i.AgreementId, i.Number));
            agreementDebts = (await session.QueryAsync<AgreementDebtRow>(
                $"SELECT agreement_id, invoice_id FROM communication.agreement_debt WHERE agreement_id IN ({dialect.JsonIds("@Ids")})", agreements))
                .ToLookup(d => d.AgreementId, d => d.InvoiceId);
        }
        var noticePending = (await session.QueryAsync<NoticePendingRow>(
            $"""
            SELECT d.debtor_id, d.invoice_id FROM communication.debt d
              JOIN communication.purchased_portfolio pp ON pp.portfolio_id = d.portfolio_id
             WHERE d.debtor_id IN ({dialect.JsonIds("@Ids")})
               AND NOT EXISTS (SELECT 1 FROM communication.assignment_notice an WHERE an.invoice_id = d.invoice_id)
            """, debtors)).Select(r => (r.DebtorId, r.InvoiceId)).ToHashSet();
        return new DispatchFacts(debts, holds, optIns, contacted, contacts, installments, agreementDebts) { _noticePending = noticePending };
    }

    public DebtRow? DebtOf(MessageRow m) => m.InvoiceId is { } invoiceId ? _debts.GetValueOrDefault(invoiceId) : null;

    public DebtorContacts? DebtorOf(MessageRow m) => _debtors.GetValueOrDefault(m.DebtorId);

    /// <summary>The installment a reminder is about; null for other messages or when Communication does not know it.</summary>
    public InstallmentRow? InstallmentOf(MessageRow m) =>
        m is { AgreementId: { } a, InstallmentNumber: { } n } ? _installments.GetValueOrDefault((a, n)) : null;

    /// <summary>The message as the contact policy sees it. A reminder is held by a hold on any debt of its agreement.</summary>
    public ContactPolicy.Due Due(MessageRow m) => new(
        m.DebtorId, m.InvoiceId, m.Channel, DebtOf(m)?.Status,
        _holds[m.DebtorId].FirstOrDefault(h => h.InvoiceId is null || h.InvoiceId == m.InvoiceId
                                               || (m.AgreementId is { } a && _agreementDebts[a].Contains(h.InvoiceId.Value)))?.Kind,
        _optIns[m.DebtorId].ToHashSet(),
        _contacted.GetValueOrDefault(m.DebtorId) ?? [],
        m.AgreementId,
        InstallmentOf(m) is { } i ? (i.AgreementStatus == "active" ? i.Status : i.AgreementStatus) : null,
        AssignmentPendingFor(m));

    /// <summary>Whether the message must wait for an assignment notice (ADR 0028): not the notice itself, nor an agreement's reminder.</summary>
    private bool AssignmentPendingFor(MessageRow m) =>
        !m.AssignmentNotice && m.AgreementId is null && (m.InvoiceId is { } invoiceId
            ? _noticePending.Contains((m.DebtorId, invoiceId))
            : _noticePending.Any(p => p.DebtorId == m.DebtorId));

    /// <summary>Counts a message about to be sent towards its debtor's caps for the rest of the batch.</summary>
    public void Contacting(MessageRow m, DateTimeOffset at)
    {
        if (!_contacted.TryGetValue(m.DebtorId, out var list)) _contacted[m.DebtorId] = list = [];
        list.Add(new ContactPolicy.Contact(at, m.Channel));
    }

    private sealed class NoticePendingRow
    {
        public Guid DebtorId { get; init; }
        public Guid InvoiceId { get; init; }
    }

    private sealed class HoldRow
    {
        public Guid DebtorId { get; init; }
        public Guid? InvoiceId { get; init; }
        public string Kind { get; init; } = "";
    }

    private sealed class AgreementDebtRow
    {
        public Guid AgreementId { get; init; }
        public Guid InvoiceId { get; init; }
    }

    private sealed class OptInRow
    {
        public Guid DebtorId { get; init; }
        public string Phone { get; init; } = "";
    }

    private sealed class SentRow
    {
        public Guid DebtorId { get; init; }
        public DateTimeOffset SentAt { get; init; }
        public string Channel { get; init; } = "";
    }
}
