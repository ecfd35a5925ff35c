using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Data;
using Recovery.Negotiation.Features.Agreements;

namespace Recovery.Negotiation.Features.Pix;

/// <summary>
/// What Pix Automático asks of the PSP, written as rows for the pix-recurrences job (ADR 0021): the recurrence of an
/// agreement whose debtor gave the account to send the authorisation request to, a recurring charge (cobr) per installment
/// once the debtor authorised it, and the fallback to cobv (copia e cola) for what the recurrence does not cover. Nothing
/// here calls the PSP; each runs in the transaction of the event, the webhook or the job's settlement.
/// </summary>
internal static class PlanRecurrence
{
    /// <summary>The txid of an installment's cobr: 'A', the agreement id's 32 hex digits and the number (2 digits), 35 characters.</summary>
    public static string Txid(Guid agreementId, int number) => $"A{agreementId:N}{number:D2}";

    /// <summary>The recurrence's state as the agreement shows it.</summary>
    public static string Shown(string status) => status switch
    {
        "planned" or "to_create" or "to_request" or "requested" => "awaiting_authorisation",
        "approved" => "authorised",
        "refused" => "refused",
        "to_cancel" or "cancelled" => "cancelled",
        _ => "failed",
    };

    /// <summary>
    /// At activation: the recurrence asked for at the agreement's creation is to be created (the installments from the
    /// first on; the down payment and what falls due too soon for a recurring charge go by cobv). Returns the installments
    /// it covers, or null when the agreement has none (or the portfolio no longer offers it: then it is 'failed').
    /// </summary>
    public static async Task<HashSet<int>?> StartAsync(DbSession tx, AgreementRow a, PixOptions options, DateOnly today, DateTimeOffset now)
    {
        var status = await tx.QuerySingleOrDefaultAsync<string>(
            "SELECT status FROM negotiation.pix_recurrence WHERE agreement_id = @Id", new { a.Id });
        if (status != "planned") return null;
        if (options.AutomaticFor(a.PortfolioId) is null || a.Installments < 2)
        {
            await tx.ExecuteAsync(
                "UPDATE negotiation.pix_recurrence SET status = 'failed', last_error = @Error, updated_at = @Now WHERE agreement_id = @Id",
                new { a.Id, Error = "Pix Automático is not offered for the agreement's portfolio.", Now = now });
            return null;
        }
        await tx.ExecuteAsync(
            "UPDATE negotiation.pix_recurrence SET status = 'to_create', next_attempt_at = @Now, updated_at = @Now WHERE agreement_id = @Id AND status = 'planned'",
            new { a.Id, Now = now });
        return (await AgreementStore.InstallmentsAsync(tx, a.Id))
            .Where(i => i.Number > 0 && i.DueDate >= today.AddDays(AutomaticSettings.MinLeadDays)).Select(i => i.Number).ToHashSet();
    }

    /// <summary>
    /// The PSP's word on the recurrence (GET /rec or /webhookrec). APROVADA: a cobr per open installment the recurrence can
    /// still reach, sent <see cref="AutomaticSettings.Lead"/> days before it falls due. REJEITADA, EXPIRADA or CANCELADA:
    /// every open installment without a cobv gets one (the debtor pays by copia e cola). Anything else only records it.
    /// </summary>
    public static async Task SettleAsync(DbSession tx, Guid agreementId, string? pspStatus, int leadDays, DateOnly today, DateTimeOffset now)
    {
        var current = await tx.QuerySingleOrDefaultAsync<string>(
            "SELECT status FROM negotiation.pix_recurrence WHERE agreement_id = @Id", new { Id = agreementId });
        if (current is null) return;
        await tx.ExecuteAsync("UPDATE negotiation.pix_recurrence SET psp_status = COALESCE(@PspStatus, psp_status), updated_at = @Now WHERE agreement_id = @Id",
            new { Id = agreementId, PspStatus = pspStatus, Now = now });
        if (pspStatus == "APROVADA" && current is "to_request" or "requested")
        {
            await tx.ExecuteAsync("UPDATE negotiation.pix_recurrence SET status = 'approved', last_error = NULL WHERE agreement_id = @Id", new { Id = agreementId });
            var a = await AgreementStore.GetAsync(tx, agreementId);
            if (a.Status != "active") return;
            var charged = (await tx.QueryAsync<int>("SELECT number FROM negotiation.pix_charge WHERE agreement_id = @Id", new { Id = agreementId })).ToHashSet();
            var open = (await AgreementStore.InstallmentsAsync(tx, agreementId))
                .Where(i => i.Number > 0 && i.PaidCents < i.AmountCents && !charged.Contains(i.Number)).ToList();
            var reachable = open.Where(i => i.DueDate >= today.AddDays(AutomaticSettings.MinLeadDays)).ToList();
            await tx.ExecuteAsync(
                tx.Dialect.InsertIgnore("negotiation.pix_recurring_charge",
                    "txid, agreement_id, number, status, amount_cents, attempts, next_attempt_at, created_at, updated_at",
                    "@Txid, @AgreementId, @Number, 'to_create', @Amount, 0, @At, @Now, @Now", "txid"),
                reachable.Select(i => new
                {
                    Txid = Txid(agreementId, i.Number), AgreementId = agreementId, i.Number, Amount = i.AmountCents - i.PaidCents, Now = now,
                    At = Max(now, StartOf(i.DueDate.AddDays(-leadDays))),
                }));
            var late = open.Except(reachable).Select(i => i.Number).ToHashSet();
            await PlanCharges.CobvAsync(tx, agreementId, late.Contains, now);
        }
        else if (pspStatus is "REJEITADA" or "EXPIRADA" or "CANCELADA" && current is "to_request" or "requested" or "approved")
        {
            await tx.ExecuteAsync("UPDATE negotiation.pix_recurrence SET status = 'refused' WHERE agreement_id = @Id", new { Id = agreementId });
            await FallBackAsync(tx, agreementId, null, now);
        }
    }

    /// <summary>
    /// The installments (all, or one) go by copia e cola: their cobr, if any, is given up and a cobv made for each open one.
    /// </summary>
    public static async Task FallBackAsync(DbSession tx, Guid agreementId, int? number, DateTimeOffset now)
    {
        await tx.ExecuteAsync(
            """
            UPDATE negotiation.pix_recurring_charge SET status = 'fell_back', updated_at = @Now
             WHERE agreement_id = @Id AND (@Number IS NULL OR number = @Number) AND status IN ('to_create', 'active', 'failed')
            """, new { Id = agreementId, Number = number, Now = now });
        var a = await AgreementStore.GetAsync(tx, agreementId);
        if (a.Status != "active") return;
        var automatic = (await tx.QueryAsync<int>(
            "SELECT number FROM negotiation.pix_recurring_charge WHERE agreement_id = @Id AND status IN ('to_create', 'active', 'paid')",
            new { Id = agreementId })).ToHashSet();
        await PlanCharges.CobvAsync(tx, agreementId, n => (number is null || n == number) && !automatic.Contains(n), now);
    }

    /// <summary>The agreement ended: the recurrence is cancelled at the PSP (or never sent) and its pending charges with it.</summary>
    public static async Task EndAsync(DbSession tx, Guid agreementId, DateTimeOffset now)
    {
        await tx.ExecuteAsync(
            """
            UPDATE negotiation.pix_recurrence
               SET status = CASE WHEN id_rec IS NULL THEN 'cancelled' ELSE 'to_cancel' END, attempts = 0, next_attempt_at = @Now, updated_at = @Now
             WHERE agreement_id = @Id AND status IN ('planned', 'to_create', 'to_request', 'requested', 'approved')
            """, new { Id = agreementId, Now = now });
        await RemoveChargesAsync(tx, agreementId, null, now);
    }

    /// <summary>Cobr not yet sent are dropped; those the PSP has (or may have) wait for the job's PATCH to CANCELADA.</summary>
    public static Task RemoveChargesAsync(DbSession tx, Guid agreementId, int? number, DateTimeOffset now) =>
        tx.ExecuteAsync(
            """
            UPDATE negotiation.pix_recurring_charge
               SET status = CASE WHEN status = 'to_create' AND attempts = 0 THEN 'removed' ELSE 'to_remove' END,
                   next_attempt_at = @Now, updated_at = @Now
             WHERE agreement_id = @Id AND (@Number IS NULL OR number = @Number) AND status IN ('to_create', 'active')
            """, new { Id = agreementId, Number = number, Now = now });

    /// <summary>The start of a day in Brasília.</summary>
    public static DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, BusinessDate.Brasilia.GetUtcOffset(local));
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
