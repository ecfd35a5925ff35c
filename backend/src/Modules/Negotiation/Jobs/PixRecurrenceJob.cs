using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Debtors.Contracts;
using Recovery.Negotiation.Data;
using Recovery.Negotiation.Features.Agreements;
using Recovery.Negotiation.Features.Pix;

namespace Recovery.Negotiation.Jobs;

/// <summary>
/// Does at the PSP what the recurrence rows ask (ADR 0021): POST /rec then POST /solicrec for a new one, GET /rec while
/// the debtor has not answered, PATCH /rec to CANCELADA when the agreement ends; the recurring charges are
/// <see cref="RecurringChargeWork"/>'s. Rows are claimed before the call and settled after it only if nothing moved
/// them, as the pix-charges job does. A PSP refusing the recurrence leaves it 'failed' and the installments go by cobv.
/// </summary>
internal sealed class PixRecurrenceJob(
    IServiceProvider services, Leases leases, TimeProvider clock, IOptions<PixOptions> options, IPixPsp psp, ILogger<PixRecurrenceJob> logger)
    : LeasedJob(leases, clock, logger)
{
    protected override string Schema => NegotiationDb.Name;
    public override string LeaseName => "pix-recurrences";
    protected override TimeSpan Interval => options.Value.Interval;

    protected override async Task<string> RunOnceAsync(CancellationToken ct)
    {
        if (!options.Value.All().Any(p => p.OffersAutomatic)) return "";
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NegotiationDb>();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        List<Work> work;
        await using (var session = await db.OpenAsync(ct))
            work = (await session.QueryAsync<Work>(session.Dialect.Limit(
                """
                SELECT r.agreement_id, r.status, r.id_rec, r.payer_ispb, r.payer_branch, r.payer_account, r.attempts, r.created_at, a.portfolio_id, a.debtor_id
                  FROM negotiation.pix_recurrence r
                  JOIN negotiation.agreement a ON a.id = r.agreement_id
                 WHERE r.status IN ('to_create', 'to_request', 'requested', 'to_cancel') AND r.next_attempt_at <= @Now
                 ORDER BY r.next_attempt_at
                """, "@Take"), new { Now = clock.GetUtcNow(), Take = 100 })).ToList();
        var done = 0;
        foreach (var w in work)
        {
            var settings = options.Value.For(w.PortfolioId) ?? options.Value.Psp;
            try
            {
                if (settings?.Automatic is null) throw new PspException("Pix Automático is not configured for the portfolio any more.", null, transient: false);
                done += await StepAsync(db, mediator, settings, w, ct);
            }
            catch (PspException ex) when (ex.Transient)
            {
                await ExecuteAsync(db, "UPDATE negotiation.pix_recurrence SET last_error = @Error, updated_at = @Now WHERE agreement_id = @AgreementId",
                    new { w.AgreementId, Error = Cut(ex.Message), Now = clock.GetUtcNow() }, ct);
            }
            catch (PspException ex)
            {
                logger.LogWarning("The PSP refused {Step} of the recurrence of agreement {AgreementId}: {Reason}", w.Status, w.AgreementId, ex.Message);
                await using var tx = await db.BeginAsync(ct);
                var now = clock.GetUtcNow();
                var moved = await tx.ExecuteAsync(
                    "UPDATE negotiation.pix_recurrence SET status = 'failed', last_error = @Error, updated_at = @Now WHERE agreement_id = @AgreementId AND status = @Status",
                    new { w.AgreementId, w.Status, Error = Cut(ex.Message), Now = now });
                if (moved == 1 && w.Status != "to_cancel") await PlanRecurrence.FallBackAsync(tx, w.AgreementId, null, now);
                await tx.CommitAsync(ct);
            }
        }
        var charges = await new RecurringChargeWork(db, clock, options.Value, psp, logger).RunAsync(ct);
        return done + charges == 0 ? "" : $"{done} recurrence steps, {charges} recurring charge steps";
    }

    private async Task<int> StepAsync(NegotiationDb db, IMediator mediator, PspSettings settings, Work w, CancellationToken ct)
    {
        var automatic = settings.Automatic!;
        var poll = w.Status == "requested" ? automatic.PollInterval : (TimeSpan?)null;
        if (!await ClaimAsync(db, w, poll, ct)) return 0;
        var now = clock.GetUtcNow();
        switch (w.Status)
        {
            case "to_create":
                // After a failed attempt the recurrence may exist all the same (the answer was lost): look before creating another.
                var rec = (w.Attempts > 0 ? await FindAsync(mediator, settings, w, now, ct) : null)
                          ?? await psp.CreateRecAsync(settings, await RecAsync(db, mediator, automatic, w, ct), ct);
                if (rec.IdRec is null) throw new PspException("The PSP created the recurrence without an idRec.", null, transient: false);
                var created = await ExecuteAsync(db,
                    """
                    UPDATE negotiation.pix_recurrence SET status = 'to_request', id_rec = @IdRec, psp_status = @PspStatus, attempts = 0,
                           next_attempt_at = @Now, last_error = NULL, updated_at = @Now
                     WHERE agreement_id = @AgreementId AND status = 'to_create'
                    """, new { w.AgreementId, rec.IdRec, PspStatus = rec.Status, Now = now }, ct);
                if (created == 0)   // the agreement ended meanwhile: the new recurrence is to be cancelled
                    return await ExecuteAsync(db,
                        "UPDATE negotiation.pix_recurrence SET status = 'to_cancel', id_rec = @IdRec, next_attempt_at = @Now WHERE agreement_id = @AgreementId AND status = 'cancelled' AND id_rec IS NULL",
                        new { w.AgreementId, rec.IdRec, Now = now }, ct);
                return 1 + await StepAsync(db, mediator, settings, w with { Status = "to_request", IdRec = rec.IdRec, Attempts = 0 }, ct);
            case "to_request":
                var debtor = await DebtorAsync(mediator, w, ct);
                SolicRecResponse solic;
                try
                {
                    solic = await psp.RequestAuthorisationAsync(settings, new SolicRecRequest(w.IdRec!,
                        new SolicRecCalendar(Instant(now.AddDays(automatic.AuthorisationDays))),
                        new SolicRecDestination(w.PayerAccount ?? "", w.PayerIspb ?? "", w.PayerBranch,
                            debtor.Document.Length == 11 ? debtor.Document : null, debtor.Document.Length == 11 ? null : debtor.Document)), ct);
                }
                catch (PspException ex) when (!ex.Transient && w.Attempts > 0)
                {
                    // Refused as a second live request: the first arrived and its answer was lost. Wait for the debtor's.
                    if (!await PendingAsync(settings, w.IdRec!, ct)) throw;
                    logger.LogInformation("The authorisation request of agreement {AgreementId} had arrived before: {Reason}", w.AgreementId, ex.Message);
                    solic = new SolicRecResponse(null, w.IdRec, null);
                }
                return await ExecuteAsync(db,
                    """
                    UPDATE negotiation.pix_recurrence SET status = 'requested', id_solic_rec = @IdSolicRec, attempts = 0, next_attempt_at = @Next,
                           last_error = NULL, updated_at = @Now
                     WHERE agreement_id = @AgreementId AND status = 'to_request'
                    """, new { w.AgreementId, solic.IdSolicRec, Next = now + automatic.PollInterval, Now = now }, ct);
            case "requested":
                var current = await psp.GetRecAsync(settings, w.IdRec!, ct)
                              ?? throw new PspException($"The PSP has no recurrence {w.IdRec}.", 404, transient: false);
                await using (var tx = await db.BeginAsync(ct))
                {
                    await PlanRecurrence.SettleAsync(tx, w.AgreementId, current.Status, automatic.Lead, clock.Today(), now);
                    // Still waiting: what falls due too soon for a recurring charge goes by copia e cola.
                    var soon = (await AgreementStore.InstallmentsAsync(tx, w.AgreementId))
                        .Where(i => i.DueDate < clock.Today().AddDays(AutomaticSettings.MinLeadDays)).Select(i => i.Number).ToHashSet();
                    if (current.Status is "CRIADA" && (await AgreementStore.GetAsync(tx, w.AgreementId)).Status == "active")
                        await PlanCharges.CobvAsync(tx, w.AgreementId, soon.Contains, now);
                    await tx.CommitAsync(ct);
                }
                return 1;
            default:   // to_cancel
                try { await psp.CancelRecAsync(settings, w.IdRec!, ct); }
                catch (PspException ex) when (!ex.Transient)
                {
                    var again = await psp.GetRecAsync(settings, w.IdRec!, ct);
                    if (again?.Status is "CRIADA" or "APROVADA") throw;
                }
                return await ExecuteAsync(db,
                    "UPDATE negotiation.pix_recurrence SET status = 'cancelled', psp_status = 'CANCELADA', last_error = NULL, updated_at = @Now WHERE agreement_id = @AgreementId AND status = 'to_cancel'",
                    new { w.AgreementId, Now = now }, ct);
        }
    }

    /// <summary>The recurrence the PSP already has for this agreement (its contract is the agreement id), or null.</summary>
    private async Task<RecResponse?> FindAsync(IMediator mediator, PspSettings settings, Work w, DateTimeOffset now, CancellationToken ct)
    {
        var debtor = await DebtorAsync(mediator, w, ct);
        var found = (await psp.FindRecsAsync(settings, w.CreatedAt.AddMinutes(-5), now.AddMinutes(5), debtor.Document, ct))
            .FirstOrDefault(r => r.Vinculo?.Contrato == w.AgreementId.ToString("N") && r.IdRec is not null);
        return found is null ? null : new RecResponse(found.IdRec, found.Status, null);
    }

    /// <summary>Whether the recurrence still waits for the debtor (an authorisation request may be live).</summary>
    private async Task<bool> PendingAsync(PspSettings settings, string idRec, CancellationToken ct) =>
        (await psp.GetRecAsync(settings, idRec, ct))?.Status == "CRIADA";

    /// <summary>The recurrence of the installments from the first on: monthly, between the first and last due dates.</summary>
    private async Task<RecRequest> RecAsync(NegotiationDb db, IMediator mediator, AutomaticSettings automatic, Work w, CancellationToken ct)
    {
        List<InstallmentRow> installments;
        await using (var session = await db.OpenAsync(ct))
            installments = (await AgreementStore.InstallmentsAsync(session, w.AgreementId)).Where(i => i.Number > 0).ToList();
        var debtor = await DebtorAsync(mediator, w, ct);
        var amounts = installments.Select(i => i.AmountCents).Distinct().ToList();
        var name = debtor.Name.Length > 140 ? debtor.Name[..140] : debtor.Name;
        return new RecRequest(
            new RecLink(w.AgreementId.ToString("N"), "Acordo de renegociação de dívida",
                new RecPerson(debtor.Document.Length == 11 ? debtor.Document : null, debtor.Document.Length == 11 ? null : debtor.Document, name)),
            new RecCalendar(Date(installments[0].DueDate), Date(installments[^1].DueDate), "MENSAL"),
            amounts.Count == 1 ? new RecValue(PixChargeJob.Amount(amounts[0]), null) : new RecValue(null, PixChargeJob.Amount(amounts.Max())),
            automatic.RetryPolicy);
    }

    private static async Task<DebtorDebts> DebtorAsync(IMediator mediator, Work w, CancellationToken ct) =>
        await mediator.Send(new GetDebtorDebts(w.DebtorId, []), ct) ?? throw new PspException($"Debtor {w.DebtorId} is unknown.", null, transient: false);

    private async Task<bool> ClaimAsync(NegotiationDb db, Work w, TimeSpan? poll, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var next = now + (poll ?? TimeSpan.FromMinutes(Math.Min(360, Math.Pow(2, Math.Min(w.Attempts, 9)))));
        return await ExecuteAsync(db,
            "UPDATE negotiation.pix_recurrence SET attempts = attempts + 1, next_attempt_at = @Next, updated_at = @Now WHERE agreement_id = @AgreementId AND status = @Status AND attempts = @Attempts",
            new { w.AgreementId, w.Status, w.Attempts, Now = now, Next = next }, ct) == 1;
    }

    private static async Task<int> ExecuteAsync(NegotiationDb db, string sql, object args, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        var n = await tx.ExecuteAsync(sql, args);
        await tx.CommitAsync(ct);
        return n;
    }

    internal static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Instant(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A PSP's error as stored (500 characters at most), for both Pix jobs.</summary>
    internal static string? Cut(string? s) => s is { Length: > 500 } ? s[..500] : s;

    private sealed record Work
    {
        public Guid AgreementId { get; init; }
        public string Status { get; init; } = "";
        public string? IdRec { get; init; }
        public string? PayerIspb { get; init; }
        public string? PayerBranch { get; init; }
        public string? PayerAccount { get; init; }
        public int Attempts { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public Guid PortfolioId { get; init; }
        public Guid DebtorId { get; init; }
    }
}
