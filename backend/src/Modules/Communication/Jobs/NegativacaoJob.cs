using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Communication.Contracts;
using Recovery.Communication.Data;
using Recovery.Communication.Features.Compliance;
using Recovery.Communication.Features.Negativacao;
using Recovery.Debtors.Contracts;
using Recovery.Platform.Contracts;

namespace Recovery.Communication.Jobs;

/// <summary>
/// Moves each negativação along the law (rules.md "Negativação"): registers the debts whose notice period is over and
/// that are still open and not prescribed; removes the registrations of debts paid, in agreement or cancelled (within
/// five business days, STJ Súmula 548; later ones are flagged), prescribed (CDC art. 43 §5) or five years past due
/// (art. 43 §1); drops the notices whose debt was settled before registration. Each step is kept as evidence and told
/// as an event.
/// </summary>
internal sealed class NegativacaoJob(IServiceProvider services, IBureau bureau, IOptions<NegativacaoOptions> options, Leases leases, TimeProvider clock,
    ILogger<NegativacaoJob> logger) : LeasedJob(leases, clock, logger)
{
    protected override string Schema => CommunicationDb.Name;
    public override string LeaseName => "negativacao";
    protected override TimeSpan Interval => options.Value.Interval;

    protected override async Task<string> RunOnceAsync(CancellationToken ct)
    {
        var today = clock.Today();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommunicationDb>();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        List<Row> rows;
        await using (var session = await db.OpenAsync(ct))
            rows = (await session.QueryAsync<Row>(
                """
                SELECT n.id, n.invoice_id, n.debtor_id, n.partner_id, n.status, n.eligible_on, n.due_date, n.removal_due_on,
                       d.status AS debt_status, d.external_id, d.outstanding_cents, d.updated_at AS debt_updated_at
                  FROM communication.negativacao n JOIN communication.debt d ON d.invoice_id = n.invoice_id
                 WHERE n.live = 1 AND n.status IN ('notified', 'registered')
                """)).ToList();

        var drop = rows.Where(r => r.Status == "notified" && r.DebtStatus != "open").ToList();
        var remove = rows.Where(r => r.Status == "registered" && RemovalReason(r, today) is not null).ToList();
        var register = rows.Where(r => r.Status == "notified" && r.DebtStatus == "open" && r.EligibleOn <= today && r.DueDate > today.AddYears(-5)).ToList();
        if (drop.Count + remove.Count + register.Count == 0) return "";

        var now = clock.GetUtcNow();
        if (drop.Count > 0)
        {
            await using var tx = await db.BeginAsync(ct);
            foreach (var r in drop)
            {
                await tx.ExecuteAsync("UPDATE communication.negativacao SET status = 'dropped', live = 0 WHERE id = @Id AND status = 'notified'", new { r.Id });
                await NegativacaoSteps.StepAsync(tx, r.Id, "dropped", $"débito {r.DebtStatus} antes da inclusão: nada a registrar", now);
            }
            await tx.CommitAsync(ct);
        }
        foreach (var group in remove.GroupBy(r => RemovalReason(r, today)!))
        {
            var records = await RecordsAsync(mediator, group.ToList(), ct);
            var protocol = await bureau.RemoveAsync(records, group.Key, ct);
            await using var tx = await db.BeginAsync(ct);
            foreach (var r in group)
            {
                var dueOn = r.RemovalDueOn ?? Holidays.AddBusinessDays(BusinessDate.Of(r.DebtUpdatedAt), options.Value.RemovalBusinessDays);
                var late = today > dueOn;
                await tx.ExecuteAsync(
                    """
                    UPDATE communication.negativacao SET status = 'removed', live = 0, removal_reason = @Reason, removal_due_on = @DueOn, removed_at = @Now,
                           removal_protocol = @Protocol, removed_late = @Late WHERE id = @Id
                    """, new { r.Id, Reason = group.Key, DueOn = dueOn, Now = now, Protocol = protocol, Late = late });
                await NegativacaoSteps.StepAsync(tx, r.Id, "removed", $"exclusão pedida ao birô ({group.Key}); protocolo {protocol}; prazo {dueOn:dd/MM/yyyy}{(late ? " — FORA DO PRAZO" : "")}", now);
                await tx.PublishAsync(new NegativacaoRemoved(r.Id, r.InvoiceId, r.DebtorId, r.PartnerId, group.Key, late), now);
            }
            await tx.CommitAsync(ct);
        }
        if (register.Count > 0)
        {
            var records = await RecordsAsync(mediator, register, ct);
            var protocol = await bureau.RegisterAsync(records, ct);
            await using var tx = await db.BeginAsync(ct);
            foreach (var r in register)
            {
                await tx.ExecuteAsync("UPDATE communication.negativacao SET status = 'registered', registered_at = @Now, registration_protocol = @Protocol WHERE id = @Id",
                    new { r.Id, Now = now, Protocol = protocol });
                await NegativacaoSteps.StepAsync(tx, r.Id, "registered", $"inclusão enviada ao birô após o prazo do aviso ({r.EligibleOn:dd/MM/yyyy}); protocolo {protocol}", now);
                await tx.PublishAsync(new NegativacaoRegistered(r.Id, r.InvoiceId, r.DebtorId, r.PartnerId, protocol), now);
            }
            await tx.CommitAsync(ct);
        }
        return $"{register.Count} registered, {remove.Count} removed, {drop.Count} dropped";
    }

    private static string? RemovalReason(Row r, DateOnly today) => r.DebtStatus switch
    {
        "paid" => "débito pago",
        "in_agreement" => "acordo firmado",
        "cancelled" => "débito cancelado pelo credor",
        "prescribed" => "débito prescrito (CDC art. 43 §5)",
        _ when r.DueDate <= today.AddYears(-5) => "cinco anos do vencimento (CDC art. 43 §1)",
        _ => null,
    };

    private static async Task<List<BureauRecord>> RecordsAsync(IMediator mediator, List<Row> rows, CancellationToken ct)
    {
        var records = new List<BureauRecord>();
        var creditors = new Dictionary<Guid, Creditor?>();
        var debtors = (await mediator.Send(new GetContactsOfDebtors(rows.Select(r => r.DebtorId).ToList()), ct)).ToDictionary(d => d.DebtorId);
        foreach (var r in rows)
        {
            var debtor = debtors.GetValueOrDefault(r.DebtorId);
            if (!creditors.TryGetValue(r.PartnerId, out var creditor)) creditors[r.PartnerId] = creditor = await mediator.Send(new GetCreditor(r.PartnerId), ct);
            records.Add(new BureauRecord(r.Id, debtor?.Document ?? "", debtor?.Name ?? "", creditor?.Name ?? "", creditor?.Document ?? "", r.ExternalId,
                r.OutstandingCents, r.DueDate));
        }
        return records;
    }

    private sealed class Row
    {
        public Guid Id { get; init; }
        public Guid InvoiceId { get; init; }
        public Guid DebtorId { get; init; }
        public Guid PartnerId { get; init; }
        public string Status { get; init; } = "";
        public DateOnly EligibleOn { get; init; }
        public DateOnly DueDate { get; init; }
        public DateOnly? RemovalDueOn { get; init; }
        public string DebtStatus { get; init; } = "";
        public string ExternalId { get; init; } = "";
        public long OutstandingCents { get; init; }
        public DateTimeOffset DebtUpdatedAt { get; init; }
    }
}
