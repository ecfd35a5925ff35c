namespace Recovery.Negotiation.Features.Pix;

/// <summary>
/// What to do with an installment's recurring charge given the PSP's account of it (GET /cobr or /webhookcobr): paid,
/// wait, ask for a new settlement attempt, or give it up for copia e cola. The recurrence's policy PERMITE_3R_7D allows
/// up to three new attempts within seven days after the due date, each asked by the receiver
/// (POST /cobr/{txid}/retentativa/{data}); NAO_PERMITE none. A charge the PSP rejected, let expire or cancelled is over.
/// </summary>
internal static class RecurringChargeRules
{
    internal enum Action { Wait, Paid, Retry, FallBack }

    public const int MaxRetries = 3;
    public const int RetryDays = 7;

    private static readonly string[] Failed = ["REJEITADA", "EXPIRADA", "CANCELADA"];
    private static readonly string[] Pending = ["SOLICITADA", "AGENDADA", "PAGA"];

    /// <summary>How many settlement attempts failed (refused by the payer's PSP, expired or cancelled).</summary>
    public static int FailedAttempts(CobrResponse cobr) => cobr.Tentativas?.Count(t => Failed.Contains(t.Status)) ?? 0;

    /// <summary>The decision, and the date of the new attempt when it is <see cref="Action.Retry"/>.</summary>
    public static (Action Action, DateOnly? On) Decide(CobrResponse cobr, int retries, string policy, DateOnly due, DateOnly today)
    {
        if (cobr.Status == "CONCLUIDA") return (Action.Paid, null);
        if (Failed.Contains(cobr.Status)) return (Action.FallBack, null);
        var attempts = cobr.Tentativas ?? [];
        if (attempts.Count == 0 || attempts.Any(t => Pending.Contains(t.Status)) || FailedAttempts(cobr) == 0) return (Action.Wait, null);
        var next = today.AddDays(1);
        return policy == "PERMITE_3R_7D" && retries < MaxRetries && next <= due.AddDays(RetryDays)
            ? (Action.Retry, next)
            : (Action.FallBack, null);
    }
}
