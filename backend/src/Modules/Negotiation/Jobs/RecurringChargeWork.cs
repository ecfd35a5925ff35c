using Microsoft.Extensions.Logging;
using Recovery.BuildingBlocks;
using Recovery.Negotiation.Data;
using Recovery.Negotiation.Features.Pix;

namespace Recovery.Negotiation.Jobs;

/// <summary>
/// The recurring charges of authorised recurrences, one run of the pix-recurrences job (ADR 0021): PUT /cobr/{txid}
/// <see cref="AutomaticSettings.Lead"/> days before the due date (too late for the Pix rules' two days: the installment
/// goes by cobv), GET /cobr after the due date (or when /webhookcobr said something) to follow its settlement attempts,
/// a new attempt as the recurrence's policy allows, the fallback to cobv after the last failure, and PATCH to CANCELADA
/// when the installment is paid another way or the agreement ends.
/// </summary>
internal sealed class RecurringChargeWork(NegotiationDb db, TimeProvider clock, PixOptions options, IPixPsp psp, ILogger logger)
{
    public async Task<int> RunAsync(CancellationToken ct)
    {
        List<Work> work;
        await using (var session = await db.OpenAsync(ct))
            work = (await session.QueryAsync<Work>(session.Dialect.Limit(
                """
                SELECT c.txid, c.agreement_id, c.number, c.status, c.amount_cents, c.attempts, c.retries, a.portfolio_id, i.due_date, r.id_rec
                  FROM negotiation.pix_recurring_charge c
                  JOIN negotiation.agreement a ON a.id = c.agreement_id
                  JOIN negotiation.installment i ON i.agreement_id = c.agreement_id AND i.number = c.number
                  JOIN negotiation.pix_recurrence r ON r.agreement_id = c.agreement_id
                 WHERE c.status IN ('to_create', 'active', 'to_remove') AND c.next_attempt_at <= @Now
                 ORDER BY c.next_attempt_at
                """, "@Take"), new { Now = clock.GetUtcNow(), Take = 200 })).ToList();
        var done = 0;
        foreach (var w in work)
        {
            var settings = options.For(w.PortfolioId) ?? options.Psp;
            if (!await ClaimAsync(w, ct)) continue;
            try
            {
                if (settings?.Automatic is null || w.IdRec is null)
                    throw new PspException("Pix Automático is not configured for the portfolio any more.", null, transient: false);
                done += await StepAsync(settings, settings.Automatic, w, ct);
            }
            catch (PspException ex) when (ex.Transient)
            {
                await NoteAsync(w, ex.Message, ct);
            }
            catch (PspException ex)
            {
                logger.LogWarning("The PSP refused {Step} of recurring charge {Txid}: {Reason}", w.Status, w.Txid, ex.Message);
                await NoteAsync(w, ex.Message, ct);
                await using var tx = await db.BeginAsync(ct);
                if (w.Status == "to_remove")
                    await tx.ExecuteAsync("UPDATE negotiation.pix_recurring_charge SET status = 'failed' WHERE txid = @Txid AND status = 'to_remove'", new { w.Txid });
                else
                    await PlanRecurrence.FallBackAsync(tx, w.AgreementId, w.Number, clock.GetUtcNow());
                await tx.CommitAsync(ct);
            }
        }
        return done;
    }

    private async Task<int> StepAsync(PspSettings settings, AutomaticSettings automatic, Work w, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = clock.Today();
        if (w.Status == "to_create")
        {
            if (w.DueDate < today.AddDays(AutomaticSettings.MinLeadDays))
            {
                await using var late = await db.BeginAsync(ct);
                await PlanRecurrence.FallBackAsync(late, w.AgreementId, w.Number, now);
                await late.CommitAsync(ct);
                return 1;
            }
            var cobr = await PutAsync(settings, w, new CobrRequest(w.IdRec!, w.Number == 0 ? "Entrada do acordo" : $"Parcela {w.Number} do acordo",
                new CobrCalendar(PixRecurrenceJob.Date(w.DueDate)), new CobrValue(PixChargeJob.Amount(w.AmountCents)), true,
                new CobrReceiver(automatic.Branch, automatic.Account!, automatic.AccountType)), ct);
            return await SettleAsync(w, "active", cobr.Status, PlanRecurrence.StartOf(w.DueDate.AddDays(1)), ct);
        }
        if (w.Status == "to_remove")
        {
            try { await psp.CancelCobrAsync(settings, w.Txid, ct); }
            catch (PspException ex) when (!ex.Transient)
            {
                // Too late to cancel (its first attempt is due) or already over: nothing more to do unless it is still live.
                var again = await psp.GetCobrAsync(settings, w.Txid, ct);
                if (again?.Status is "CRIADA" or "ATIVA" && again.Tentativas is not { Count: > 0 }) throw;
            }
            return await SettleAsync(w, "removed", "CANCELADA", now, ct);
        }

        // active: what the PSP says of its settlement attempts.
        var current = await psp.GetCobrAsync(settings, w.Txid, ct) ?? throw new PspException($"The PSP has no recurring charge {w.Txid}.", 404, transient: false);
        RecurringChargeRules.Action action;
        DateOnly? on;
        await using (var tx = await db.BeginAsync(ct))
        {
            foreach (var pix in current.Pix ?? [])
                if (RegisterReceivedPix.Problem(pix) is null) await RegisterReceivedPix.RegisterAsync(tx, pix with { Txid = pix.Txid ?? w.Txid }, "reconciliation", now);
            await RecordAsync(tx, w.Txid, current, now);
            (action, on) = RecurringChargeRules.Decide(current, w.Retries, automatic.RetryPolicy, w.DueDate, today);
            if (action == RecurringChargeRules.Action.Paid)
                await tx.ExecuteAsync("UPDATE negotiation.pix_recurring_charge SET status = 'paid' WHERE txid = @Txid AND status = 'active'", new { w.Txid });
            else if (action == RecurringChargeRules.Action.FallBack)
                await PlanRecurrence.FallBackAsync(tx, w.AgreementId, w.Number, now);
            else if (action == RecurringChargeRules.Action.Wait)
                await tx.ExecuteAsync("UPDATE negotiation.pix_recurring_charge SET attempts = 0, next_attempt_at = @Next WHERE txid = @Txid AND status = 'active'",
                    new { w.Txid, Next = now + automatic.PollInterval });
            await tx.CommitAsync(ct);
        }
        if (action != RecurringChargeRules.Action.Retry) return 1;
        // A new attempt, asked outside any transaction; counted once the PSP took it.
        await psp.RetryCobrAsync(settings, w.Txid, on!.Value, ct);
        await using var retried = await db.BeginAsync(ct);
        await retried.ExecuteAsync(
            "UPDATE negotiation.pix_recurring_charge SET retries = retries + 1, attempts = 0, next_attempt_at = @Next, updated_at = @Now WHERE txid = @Txid AND status = 'active'",
            new { w.Txid, Next = PlanRecurrence.StartOf(on.Value.AddDays(1)), Now = now });
        await retried.CommitAsync(ct);
        return 1;
    }

    /// <summary>
    /// Creates the charge. The Pix API refuses a txid in use, so a PUT repeated after its answer was lost meets a refusal:
    /// the charge the PSP already has under our txid, for our recurrence, is the one we asked for.
    /// </summary>
    private async Task<CobrResponse> PutAsync(PspSettings settings, Work w, CobrRequest request, CancellationToken ct)
    {
        try { return await psp.PutCobrAsync(settings, w.Txid, request, ct); }
        catch (PspException ex) when (!ex.Transient)
        {
            var existing = await psp.GetCobrAsync(settings, w.Txid, ct);
            if (existing?.IdRec == w.IdRec && existing?.Status is "CRIADA" or "ATIVA") return existing!;
            throw;
        }
    }

    /// <summary>The PSP's status of the charge and its failed attempts (the last refusal's code and reason).</summary>
    public static Task RecordAsync(Recovery.BuildingBlocks.Data.DbSession tx, string txid, CobrResponse cobr, DateTimeOffset now)
    {
        var refusal = cobr.Tentativas?.LastOrDefault(t => t.Rejeicao is not null)?.Rejeicao;
        return tx.ExecuteAsync(
            """
            UPDATE negotiation.pix_recurring_charge
               SET psp_status = COALESCE(@Status, psp_status), failed_attempts = @Failed, last_rejection = COALESCE(@Rejection, last_rejection), updated_at = @Now
             WHERE txid = @Txid
            """, new { Txid = txid, cobr.Status, Failed = RecurringChargeRules.FailedAttempts(cobr),
                Rejection = refusal is null ? null : PixRecurrenceJob.Cut($"{refusal.Codigo}: {refusal.Descricao}"), Now = now });
    }

    private async Task<bool> ClaimAsync(Work w, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        var now = clock.GetUtcNow();
        var claimed = await tx.ExecuteAsync(
            "UPDATE negotiation.pix_recurring_charge SET attempts = attempts + 1, next_attempt_at = @Next, updated_at = @Now WHERE txid = @Txid AND status = @Status AND attempts = @Attempts",
            new { w.Txid, w.Status, w.Attempts, Now = now, Next = now + TimeSpan.FromMinutes(Math.Min(360, Math.Pow(2, Math.Min(w.Attempts, 9)))) });
        await tx.CommitAsync(ct);
        return claimed == 1;
    }

    private async Task<int> SettleAsync(Work w, string status, string? pspStatus, DateTimeOffset next, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        var moved = await tx.ExecuteAsync(
            """
            UPDATE negotiation.pix_recurring_charge SET status = @Final, psp_status = COALESCE(@PspStatus, psp_status), attempts = 0, next_attempt_at = @Next,
                   last_error = NULL, updated_at = @Now
             WHERE txid = @Txid AND status = @Status
            """, new { w.Txid, w.Status, Final = status, PspStatus = pspStatus, Next = next, Now = clock.GetUtcNow() });
        await tx.CommitAsync(ct);
        return moved;
    }

    private async Task NoteAsync(Work w, string error, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        await tx.ExecuteAsync("UPDATE negotiation.pix_recurring_charge SET last_error = @Error, updated_at = @Now WHERE txid = @Txid",
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
        public int Retries { get; init; }
        public Guid PortfolioId { get; init; }
        public DateOnly DueDate { get; init; }
        public string? IdRec { get; init; }
    }
}
