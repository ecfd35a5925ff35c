using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Debtors.Contracts;
using Recovery.Debtors.Data;
using Recovery.Debtors.Features.Invoices;

namespace Recovery.Debtors.Jobs;

internal sealed class PrescriptionOptions
{
    /// <summary>How often open debts are checked for prescription.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Civil Code art. 206 §5 I: five years for debts in a written instrument.</summary>
    public int Years { get; set; } = 5;
}

/// <summary>
/// Marks open debts whose due date is more than five years past (in Brazil's time) as prescribed, and tells the other
/// modules so that nothing chases or reports them; ends the holds whose end date has come, with the same event as a
/// lift. One instance at a time (a lease); batches of 500 per transaction.
/// </summary>
internal sealed class PrescriptionJob(
    IServiceProvider services, Leases leases, TimeProvider clock, IOptions<PrescriptionOptions> options, ILogger<PrescriptionJob> logger)
    : LeasedJob(leases, clock, logger)
{
    protected override string Schema => DebtorsDb.Name;
    public override string LeaseName => "prescription";
    protected override TimeSpan Interval => options.Value.Interval;

    protected override async Task<string> RunOnceAsync(CancellationToken ct)
    {
        var published = await PublishUnpublishedAsync(ct);
        var prescribed = await RunAsync(ct);
        var ended = await EndHoldsAsync(ct);
        return prescribed + ended + published == 0 ? ""
            : $"{prescribed} debts prescribed, {ended} holds reached their end date, {published} debts' state published for the first time";
    }

    /// <summary>Debts received before <see cref="DebtStateChanged"/> existed are published once, so every copy has them.</summary>
    public async Task<int> PublishUnpublishedAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DebtorsDb>();
            await using var tx = await db.BeginAsync(ct);
            var published = await DebtState.PublishUnpublishedAsync(tx, 500, clock.GetUtcNow());
            if (published == 0) return total;
            await tx.CommitAsync(ct);
            total += published;
        }
    }

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var today = clock.Today();
        var cutoff = today.AddYears(-options.Value.Years);
        var total = 0;
        while (true)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DebtorsDb>();
            await using var tx = await db.BeginAsync(ct);
            var due = (await tx.QueryAsync<Due>(db.Dialect.Limit(
                "SELECT id, partner_id, debtor_id, due_date FROM debtors.invoice WHERE status = 'open' AND COALESCE(acknowledged_on, due_date) < @Cutoff ORDER BY due_date, id",
                "@Take"), new { Cutoff = cutoff, Take = 500 })).ToList();
            if (due.Count == 0) return total;
            var now = clock.GetUtcNow();
            foreach (var chunk in due.Chunk(250))
                await tx.ExecuteAsync("UPDATE debtors.invoice SET status = 'prescribed', updated_at = @Now WHERE status = 'open' AND id IN @Ids",
                    new { Now = now, Ids = chunk.Select(d => d.Id.ToString()).ToList() });
            await DebtState.PublishAsync(tx, due.Select(d => d.Id).ToList(), DebtChange.Prescribed, now);
            foreach (var d in due)
                await tx.PublishAsync(new InvoicePrescribed(d.Id, d.PartnerId, d.DebtorId, d.DueDate), now);
            await tx.CommitAsync(ct);
            total += due.Count;
        }
    }

    /// <summary>A hold whose <c>ends_on</c> has come is lifted by the system, so the other modules resume collection.</summary>
    public async Task<int> EndHoldsAsync(CancellationToken ct)
    {
        var today = clock.Today();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DebtorsDb>();
        var actor = scope.ServiceProvider.GetRequiredService<ICurrentActor>();
        await using var tx = await db.BeginAsync(ct);
        var ended = (await tx.QueryAsync<Features.Debtors.Hold>(
            $"SELECT {Features.Debtors.Hold.Columns} FROM debtors.hold WHERE lifted_at IS NULL AND ends_on <= @Today", new { Today = today })).ToList();
        var now = clock.GetUtcNow();
        foreach (var hold in ended)
        {
            await tx.ExecuteAsync("UPDATE debtors.hold SET lifted_by = 'system', lifted_at = @Now, lift_reason = @Reason WHERE id = @Id",
                new { Now = now, Reason = $"end date {hold.EndsOn:yyyy-MM-dd} reached", hold.Id });
            await Features.Debtors.Timeline.AppendAsync(tx, hold.DebtorId, hold.InvoiceId, "hold_lifted", $"{hold.Kind}: end date reached", actor, now);
            await tx.PublishAsync(new HoldLifted(hold.Id, hold.DebtorId, hold.InvoiceId, hold.Kind), now);
        }
        await tx.CommitAsync(ct);
        return ended.Count;
    }

    private sealed class Due
    {
        public Guid Id { get; init; }
        public Guid PartnerId { get; init; }
        public Guid DebtorId { get; init; }
        public DateOnly DueDate { get; init; }
    }
}
