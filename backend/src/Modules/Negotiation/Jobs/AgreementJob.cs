using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Negotiation.Contracts;
using Recovery.Negotiation.Data;
using Recovery.Negotiation.Features.Agreements;

namespace Recovery.Negotiation.Jobs;

internal sealed class AgreementJobOptions
{
    /// <summary>How often agreements and promises are checked (the work is per day; running more often is harmless).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Breaks the agreements with an installment unpaid beyond the tolerance (the original debts come back with what was
/// paid credited), and checks the promises that came due against the payments. One instance at a time (a lease).
/// </summary>
internal sealed class AgreementJob(
    IServiceProvider services, Leases leases, TimeProvider clock, IOptions<AgreementJobOptions> options, ILogger<AgreementJob> logger)
    : LeasedJob(leases, clock, logger)
{
    protected override string Schema => NegotiationDb.Name;
    protected override string LeaseName => "agreements";
    protected override TimeSpan Interval => options.Value.Interval;

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        var broken = await BreakOverdueAsync(ct);
        var promises = await CheckPromisesAsync(ct);
        if (broken + promises > 0) logger.LogInformation("{Broken} agreements broken, {Promises} promises checked", broken, promises);
    }

    /// <summary>The set-based question: which active agreements have an installment still unpaid on its breaking date.</summary>
    public const string OverdueSql = """
        SELECT a.id, MIN(i.number) AS missed FROM negotiation.agreement a
          JOIN negotiation.installment i ON i.agreement_id = a.id
         WHERE a.status = 'active' AND i.breaks_on <= @Today AND i.paid_cents < i.amount_cents
         GROUP BY a.id
        """;

    public async Task<int> BreakOverdueAsync(CancellationToken ct)
    {
        var today = clock.Today();
        var total = 0;
        while (true)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NegotiationDb>();
            await using var tx = await db.BeginAsync(ct);
            var overdue = (await tx.QueryAsync<Overdue>(db.Dialect.Limit(OverdueSql + " ORDER BY a.id", "@Take"), new { Today = today, Take = 500 })).ToList();
            if (overdue.Count == 0) return total;
            var now = clock.GetUtcNow();
            foreach (var o in overdue)
            {
                var a = (await AgreementStore.FindAsync(tx, o.Id))!;
                var debts = await AgreementStore.DebtsAsync(tx, a.Id);
                var credits = await AgreementStore.CreditsAsync(tx, a.Id);
                await AgreementStore.EndAsync(tx, a.Id, "broken", $"installment {o.Missed} unpaid beyond {a.ToleranceDays} days", now);
                await tx.PublishAsync(new AgreementBroken(a.Id, a.DebtorId, a.PartnerId, debts.Select(d => d.InvoiceId).ToList(), credits, o.Missed), now);
            }
            await tx.CommitAsync(ct);
            total += overdue.Count;
        }
    }

    public async Task<int> CheckPromisesAsync(CancellationToken ct)
    {
        var today = clock.Today();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NegotiationDb>();
        await using var tx = await db.BeginAsync(ct);
        var due = (await tx.QueryAsync<PromiseRow>(
            "SELECT id, debtor_id, amount_cents, due_date, created_at FROM negotiation.promise WHERE status = 'pending' AND due_date < @Today",
            new { Today = today })).ToList();
        var now = clock.GetUtcNow();
        foreach (var p in due)
        {
            var from = BusinessDate.Of(p.CreatedAt);
            var paid = await tx.ExecuteScalarAsync<long?>(
                "SELECT SUM(amount_cents) FROM negotiation.payment WHERE debtor_id = @DebtorId AND paid_at >= @From AND paid_at <= @DueDate",
                new { p.DebtorId, From = from, p.DueDate }) ?? 0;
            var outcome = paid >= p.AmountCents ? "kept" : paid > 0 ? "partial" : "broken";
            await tx.ExecuteAsync("UPDATE negotiation.promise SET status = @Outcome, paid_cents = @Paid, checked_at = @Now WHERE id = @Id",
                new { Outcome = outcome, Paid = paid, Now = now, p.Id });
            await tx.PublishAsync(new PromiseChecked(p.Id, p.DebtorId, outcome, p.AmountCents, paid, p.DueDate), now);
        }
        await tx.CommitAsync(ct);
        return due.Count;
    }

    private sealed class Overdue
    {
        public Guid Id { get; init; }
        public int Missed { get; init; }
    }

    private sealed class PromiseRow
    {
        public Guid Id { get; init; }
        public Guid DebtorId { get; init; }
        public long AmountCents { get; init; }
        public DateOnly DueDate { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
    }
}
