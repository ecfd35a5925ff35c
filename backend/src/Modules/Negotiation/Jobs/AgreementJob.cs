using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Data;
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
    public override string LeaseName => "agreements";
    protected override TimeSpan Interval => options.Value.Interval;

    protected override async Task<string> RunOnceAsync(CancellationToken ct)
    {
        var broken = await BreakOverdueAsync(ct);
        var promises = await CheckPromisesAsync(ct);
        return broken + promises == 0 ? "" : $"{broken} agreements broken, {promises} promises checked";
    }

    /// <summary>
    /// The set-based question: the installments of active agreements still unpaid on their breaking date. Driven by
    /// the index of unpaid installments by breaking date, not by the whole book of active agreements (no GROUP BY, which
    /// would tempt SQLite's planner into walking every installment in key order).
    /// </summary>
    public const string OverdueSql = """
        SELECT i.agreement_id, i.number FROM negotiation.installment i
         WHERE i.breaks_on <= @Today AND i.paid_cents < i.amount_cents
           AND EXISTS (SELECT 1 FROM negotiation.agreement a WHERE a.id = i.agreement_id AND a.status = 'active')
        """;

    /// <summary>
    /// Asks <see cref="OverdueSql"/> once for the whole book, then breaks the agreements 500 to a transaction with a
    /// few set-based statements, asking again for just those (a payment may have landed in between). A crash leaves the
    /// rest for the next run; an agreement breaks once (only an active one does).
    /// </summary>
    public async Task<int> BreakOverdueAsync(CancellationToken ct)
    {
        var today = clock.Today();
        List<Guid> candidates;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NegotiationDb>();
            await using var session = await db.OpenAsync(ct);
            candidates = (await session.QueryAsync<OverdueInstallment>(OverdueSql, new { Today = today })).Select(i => i.AgreementId).Distinct().ToList();
        }
        var total = 0;
        foreach (var chunk in candidates.Chunk(500))
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NegotiationDb>();
            await using var tx = await db.BeginAsync(ct);
            var ids = new { Today = today, Ids = db.Dialect.JsonArray(chunk) };
            var inChunk = db.Dialect.JsonIds("@Ids");
            // Only the chunk's ids lead: the status is checked here, not in SQL, so that no planner walks the status index.
            var overdue = (await tx.QueryAsync<Overdue>($"""
                SELECT a.id, a.status, a.debtor_id, a.partner_id, a.tolerance_days,
                       (SELECT MIN(i.number) FROM negotiation.installment i
                         WHERE i.agreement_id = a.id AND i.breaks_on <= @Today AND i.paid_cents < i.amount_cents) AS missed
                  FROM negotiation.agreement a WHERE a.id IN ({inChunk})
                """, ids)).Where(o => o.Status == "active" && o.Missed is not null).ToList();
            if (overdue.Count == 0) continue;
            var debts = (await tx.QueryAsync<DebtRow>(
                $"SELECT agreement_id, invoice_id, external_id, due_date, principal_cents, charges_cents FROM negotiation.agreement_debt WHERE agreement_id IN ({inChunk}) ORDER BY due_date, invoice_id",
                ids)).ToLookup(d => d.AgreementId);
            var payments = (await tx.QueryAsync<AgreementStore.PaymentRow>(
                $"SELECT agreement_id, id, amount_cents, paid_at FROM negotiation.payment WHERE agreement_id IN ({inChunk}) AND source <> 'partner' ORDER BY paid_at, created_at",
                ids)).ToLookup(p => p.AgreementId);
            var now = clock.GetUtcNow();
            await tx.ExecuteAsync("UPDATE negotiation.agreement SET status = 'broken', ended_at = @Now, end_reason = @Reason WHERE id = @Id AND status = 'active'",
                overdue.Select(o => new { o.Id, Now = now, Reason = $"installment {o.Missed} unpaid beyond {o.ToleranceDays} days" }));
            await tx.ExecuteAsync($"UPDATE negotiation.agreement_debt SET live = 0 WHERE agreement_id IN ({inChunk})",
                new { Ids = db.Dialect.JsonArray(overdue.Select(o => o.Id)) });
            foreach (var o in overdue)
            {
                var owed = debts[o.Id].ToList();
                await tx.PublishAsync(new AgreementBroken(o.Id, o.DebtorId, o.PartnerId, owed.Select(d => d.InvoiceId).ToList(),
                    AgreementStore.Credits(owed, payments[o.Id]), o.Missed!.Value), now);
            }
            await tx.CommitAsync(ct);
            total += overdue.Count;
        }
        return total;
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
            await tx.PublishAsync(new PromiseChecked(p.Id, p.DebtorId, EventCodes.Parse<PromiseOutcome>(outcome), p.AmountCents, paid, p.DueDate), now);
        }
        await tx.CommitAsync(ct);
        return due.Count;
    }

    private sealed class OverdueInstallment
    {
        public Guid AgreementId { get; init; }
        public int Number { get; init; }
    }

    private sealed class Overdue
    {
        public Guid Id { get; init; }
        public string Status { get; init; } = "";
        public Guid DebtorId { get; init; }
        public Guid PartnerId { get; init; }
        public int ToleranceDays { get; init; }
        public int? Missed { get; init; }
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
