using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Audit;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Debtors.Contracts;
using Recovery.Debtors.Data;
using Recovery.Debtors.Features.Invoices;

namespace Recovery.Debtors.Jobs;

internal sealed class RetentionOptions
{
    /// <summary>How often debtors are checked for the end of their retention.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a debtor's data is kept after their last debt closed: five years, the longest period in which the
    /// debt, a payment or the collection could still be disputed (Civil Code art. 206 §5 I; CDC art. 27).
    /// </summary>
    public int Years { get; set; } = 5;
}

/// <summary>
/// Anonymises debtors whose retention has ended (LGPD art. 15 I and art. 16): every debt closed (paid, cancelled,
/// written off or prescribed) and untouched for longer than <see cref="RetentionOptions.Years"/>, and no lawsuit hold in
/// force (data kept for the exercise of rights in court, art. 16 I and art. 7º VI). Name, document, birth date, income,
/// contacts, address, hold reasons and the timeline's texts are erased; amounts, dates and statuses stay so that the
/// reports and the partner's reconciliation still add up. Each debtor is audited and announced with
/// <see cref="DebtorAnonymised"/> so that the other modules erase their copies. Batches of 200 per transaction.
/// </summary>
internal sealed class AnonymisationJob(
    IServiceProvider services, Leases leases, TimeProvider clock, IOptions<RetentionOptions> options, ILogger<AnonymisationJob> logger)
    : LeasedJob(leases, clock, logger)
{
    public const string Name = "Titular anonimizado";

    protected override string Schema => DebtorsDb.Name;
    public override string LeaseName => "anonymisation";
    protected override TimeSpan Interval => options.Value.Interval;

    protected override async Task<string> RunOnceAsync(CancellationToken ct)
    {
        var anonymised = await RunAsync(ct);
        return anonymised == 0 ? "" : $"{anonymised} debtors anonymised at the end of their retention";
    }

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().AddYears(-options.Value.Years);
        var total = 0;
        while (true)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DebtorsDb>();
            await using var tx = await db.BeginAsync(ct);
            var due = (await tx.QueryAsync<Expired>(db.Dialect.Limit(
                """
                SELECT d.id, MAX(i.updated_at) AS closed_since
                  FROM debtors.debtor d JOIN debtors.invoice i ON i.debtor_id = d.id
                 WHERE d.anonymised_at IS NULL
                   AND NOT EXISTS (SELECT 1 FROM debtors.invoice o WHERE o.debtor_id = d.id AND o.status IN ('open', 'in_agreement'))
                   AND NOT EXISTS (SELECT 1 FROM debtors.hold h WHERE h.debtor_id = d.id AND h.kind = 'lawsuit' AND h.lifted_at IS NULL)
                 GROUP BY d.id
                HAVING MAX(i.updated_at) < @Cutoff
                 ORDER BY d.id
                """, "@Take"), new { Cutoff = cutoff, Take = 200 })).ToList();
            if (due.Count == 0) return total;
            var now = clock.GetUtcNow();
            var actor = scope.ServiceProvider.GetRequiredService<ICurrentActor>();
            foreach (var debtor in due)
            {
                await AnonymiseAsync(tx, debtor.Id, now);
                await Features.Debtors.Timeline.AppendAsync(tx, debtor.Id, null, "anonymised",
                    $"dados pessoais anonimizados ao fim da retenção de {options.Value.Years} anos (LGPD art. 16)", actor, now);
                var closedSince = BusinessDate.Of(debtor.ClosedSince);
                await tx.PublishAsync(new DebtorAnonymised(debtor.Id, closedSince), now);
                var debts = (await tx.QueryAsync<Guid>("SELECT id FROM debtors.invoice WHERE debtor_id = @Id", new { debtor.Id })).ToList();
                await DebtState.PublishAsync(tx, debts, DebtChange.Anonymised, now);
                await tx.PublishAsync(new AuditRecorded(Guid.CreateVersion7(), now, "system", null, "system", null, null, "AnonymiseDebtor",
                    "debtor", debtor.Id.ToString(), "succeeded", null,
                    $$"""{"closedSince":"{{closedSince:yyyy-MM-dd}}","retentionYears":{{options.Value.Years}}}"""), now);
            }
            await tx.CommitAsync(ct);
            total += due.Count;
        }
    }

    private static async Task AnonymiseAsync(BuildingBlocks.Data.DbSession tx, Guid debtorId, DateTimeOffset now)
    {
        var args = new { Id = debtorId, Name, Document = Documents.AnonymisedToken(debtorId), Now = now };
        await tx.ExecuteAsync(
            """
            UPDATE debtors.debtor SET name = @Name, document = @Document, birth_date = NULL,
                   monthly_income_cents = NULL, anonymised_at = @Now, updated_at = @Now
             WHERE id = @Id;
            DELETE FROM debtors.contact WHERE debtor_id = @Id;
            DELETE FROM debtors.address WHERE debtor_id = @Id;
            DELETE FROM debtors.bureau_alert WHERE debtor_id = @Id;
            UPDATE debtors.hold SET reason = 'anonimizado', legal_basis = NULL, lift_reason = NULL WHERE debtor_id = @Id;
            UPDATE debtors.invoice SET description = NULL WHERE debtor_id = @Id AND description IS NOT NULL;
            UPDATE debtors.interaction SET text = NULL WHERE debtor_id = @Id AND text IS NOT NULL;
            """, args);
        using var search = new Features.Debtors.SearchIndex(tx);
        await search.AnonymiseAsync(debtorId, Name);
    }

    private sealed class Expired
    {
        public Guid Id { get; init; }
        public DateTimeOffset ClosedSince { get; init; }
    }
}
