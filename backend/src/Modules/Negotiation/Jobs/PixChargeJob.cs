using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Debtors.Contracts;
using Recovery.Negotiation.Data;
using Recovery.Negotiation.Features.Pix;

namespace Recovery.Negotiation.Jobs;

/// <summary>
/// Does at the PSP what the charge rows ask (ADR 0017): PUT /cobv/{txid} for 'to_create', PATCH to
/// REMOVIDA_PELO_USUARIO_RECEBEDOR for 'to_remove'. Each row is claimed (its attempt counted and its next attempt set)
/// in a transaction of its own before the call, and settled after it only if nothing moved it meanwhile; the txid is the
/// installment's, so a call repeated after a crash meets the same charge. A PSP that keeps failing is tried later,
/// backing off up to six hours; one that refuses the charge leaves it 'failed' with the reason.
/// </summary>
internal sealed class PixChargeJob(
    IServiceProvider services, Leases leases, TimeProvider clock, IOptions<PixOptions> options, IPixPsp psp, ILogger<PixChargeJob> logger)
    : LeasedJob(leases, clock, logger)
{
    protected override string Schema => NegotiationDb.Name;
    public override string LeaseName => "pix-charges";
    protected override TimeSpan Interval => options.Value.Interval;

    protected override async Task<string> RunOnceAsync(CancellationToken ct)
    {
        if (!options.Value.All().Any()) return "";
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NegotiationDb>();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        List<Work> work;
        await using (var session = await db.OpenAsync(ct))
            work = (await session.QueryAsync<Work>(session.Dialect.Limit(
                """
                SELECT c.txid, c.agreement_id, c.number, c.status, c.amount_cents, c.attempts, a.portfolio_id, a.debtor_id, a.tolerance_days, i.due_date
                  FROM negotiation.pix_charge c
                  JOIN negotiation.agreement a ON a.id = c.agreement_id
                  JOIN negotiation.installment i ON i.agreement_id = c.agreement_id AND i.number = c.number
                 WHERE c.status IN ('to_create', 'to_remove') AND c.next_attempt_at <= @Now
                 ORDER BY c.next_attempt_at
                """, "@Take"), new { Now = clock.GetUtcNow(), Take = 200 })).ToList();
        int created = 0, removed = 0, failed = 0;
        foreach (var w in work)
        {
            if (!await ClaimAsync(db, w, ct)) continue;
            var settings = options.Value.For(w.PortfolioId) ?? options.Value.Psp;
            try
            {
                if (settings is null) throw new PspException("No PSP is configured for the portfolio any more.", null, transient: false);
                if (w.Status == "to_create")
                {
                    var cobv = await psp.PutCobvAsync(settings, w.Txid, await RequestAsync(mediator, settings, w, clock.Today(), ct), ct);
                    created += await SettleAsync(db, w, "active", cobv, null, ct);
                }
                else
                {
                    removed += await SettleAsync(db, w, "removed", await RemoveAsync(settings, w.Txid, ct), null, ct);
                }
            }
            catch (PspException ex) when (ex.Transient)
            {
                await NoteAsync(db, w, ex.Message, ct);
            }
            catch (PspException ex)
            {
                failed += await SettleAsync(db, w, "failed", null, ex.Message, ct);
                logger.LogWarning("The PSP refused {Action} of Pix charge {Txid}: {Reason}", w.Status, w.Txid, ex.Message);
            }
        }
        return created + removed + failed == 0 ? "" : $"{created} Pix charges created, {removed} removed, {failed} refused";
    }

    /// <summary>Removes the charge; one the PSP no longer has, or has already concluded or removed, needs nothing more.</summary>
    private async Task<CobvResponse?> RemoveAsync(PspSettings settings, string txid, CancellationToken ct)
    {
        try { return await psp.RemoveCobvAsync(settings, txid, ct); }
        catch (PspException ex) when (!ex.Transient)
        {
            var current = await psp.GetCobvAsync(settings, txid, ct);
            if (current is null || current.Status is not "ATIVA") return current;
            throw;
        }
    }

    /// <summary>The cobv of rules.md: due on the installment's date, payable until the agreement would break; fine and interest when late.</summary>
    /// <remarks>
    /// A cobv made after its installment fell due (a Pix Automático fallback) is due today, the Pix API refusing a due
    /// date before the charge's creation, and payable only until the day the agreement would break.
    /// </remarks>
    private static async Task<CobvRequest> RequestAsync(IMediator mediator, PspSettings settings, Work w, DateOnly today, CancellationToken ct)
    {
        var debtor = await mediator.Send(new GetDebtorDebts(w.DebtorId, []), ct)
                     ?? throw new PspException($"Debtor {w.DebtorId} is unknown.", null, transient: false);
        var document = debtor.Document;
        var name = debtor.Name.Length > 200 ? debtor.Name[..200] : debtor.Name;
        return new CobvRequest(
            new CobvCalendar((w.DueDate < today ? today : w.DueDate).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Math.Max(0, w.ToleranceDays - Math.Max(0, today.DayNumber - w.DueDate.DayNumber))),
            new CobvDebtor(document.Length == 11 ? document : null, document.Length == 11 ? null : document, name),
            new CobvValue(Amount(w.AmountCents),
                settings.FinePercent > 0 ? new CobvModality(2, Percent(settings.FinePercent)) : null,
                settings.MonthlyInterestPercent > 0 ? new CobvModality(3, Percent(settings.MonthlyInterestPercent)) : null,
                null, null),
            settings.Key!.Trim(),
            w.Number == 0 ? "Entrada do acordo" : $"Parcela {w.Number} do acordo");
    }

    internal static string Amount(long cents) => (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Percent(decimal percent) => decimal.Round(percent, 2).ToString("0.00", CultureInfo.InvariantCulture);

    private async Task<bool> ClaimAsync(NegotiationDb db, Work w, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        var now = clock.GetUtcNow();
        var backoff = TimeSpan.FromMinutes(Math.Min(360, Math.Pow(2, Math.Min(w.Attempts, 9))));
        var claimed = await tx.ExecuteAsync(
            "UPDATE negotiation.pix_charge SET attempts = attempts + 1, next_attempt_at = @Next, updated_at = @Now WHERE txid = @Txid AND status = @Status AND attempts = @Attempts",
            new { w.Txid, w.Status, w.Attempts, Now = now, Next = now + backoff });
        await tx.CommitAsync(ct);
        return claimed == 1;
    }

    private async Task<int> SettleAsync(NegotiationDb db, Work w, string status, CobvResponse? cobv, string? error, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        var now = clock.GetUtcNow();
        // CONCLUIDA: the PSP says it was paid (the payment reaches us by webhook or reconciliation).
        var final = cobv?.Status == "CONCLUIDA" ? "paid" : status;
        var moved = await tx.ExecuteAsync(
            """
            UPDATE negotiation.pix_charge
               SET status = @Final, location = COALESCE(@Location, location), copia_e_cola = COALESCE(@Copy, copia_e_cola),
                   psp_status = COALESCE(@PspStatus, psp_status), last_error = @Error, updated_at = @Now
             WHERE txid = @Txid AND status = @Status
            """,
            new { w.Txid, w.Status, Final = final, cobv?.Location, Copy = cobv?.PixCopiaECola, PspStatus = cobv?.Status, Error = PixRecurrenceJob.Cut(error), Now = now });
        await tx.CommitAsync(ct);
        return moved;
    }

    private async Task NoteAsync(NegotiationDb db, Work w, string error, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        await tx.ExecuteAsync("UPDATE negotiation.pix_charge SET last_error = @Error, updated_at = @Now WHERE txid = @Txid",
            new { w.Txid, Error = PixRecurrenceJob.Cut(error), Now = clock.GetUtcNow() });
        await tx.CommitAsync(ct);
    }

    private sealed class Work
    {
        public string Txid { get; init; } = "";
        public Guid AgreementId { get; init; }
        public int Number { get; init; }
        public string Status { get; init; } = "";
        public long AmountCents { get; init; }
        public int Attempts { get; init; }
        public Guid PortfolioId { get; init; }
        public Guid DebtorId { get; init; }
        public int ToleranceDays { get; init; }
        public DateOnly DueDate { get; init; }
    }
}
