using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Recovery.BuildingBlocks.Observability;

/// <summary>
/// The product's own instruments, on one meter and one activity source named "Recovery". Each is recorded at the one
/// place where the fact is decided (an invoice accepted, a message's outcome written, a job run ended), never scattered.
/// Tags are codes with few values (outcome, channel, reason); never a person, a document, a partner or an id.
/// </summary>
/// <remarks>
/// The counters are process-wide, as the runtime's own are; the gauges that read the database belong to a host
/// (<see cref="Messaging.OutboxBacklog"/>, registered by the API).
/// </remarks>
public static class RecoveryMetrics
{
    public const string Name = "Recovery";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    private static readonly Counter<long> InvoicesAccepted = Meter.CreateCounter<long>(
        "recovery.invoices.accepted", "{invoice}", "Invoices a partner pushed that were stored (created, updated or unchanged).");

    private static readonly Counter<long> InvoicesRejected = Meter.CreateCounter<long>(
        "recovery.invoices.rejected", "{invoice}", "Invoices a partner pushed that were refused, by reason code.");

    private static readonly Counter<long> MessageAttempts = Meter.CreateCounter<long>(
        "recovery.message.attempts", "{attempt}", "Outcomes recorded for messages to debtors, by channel and outcome.");

    private static readonly Counter<long> WebhookDeliveries = Meter.CreateCounter<long>(
        "recovery.webhook.deliveries", "{attempt}", "Attempts to post a webhook to a partner, by outcome.");

    private static readonly Histogram<double> JobDuration = Meter.CreateHistogram<double>(
        "recovery.job.duration", "s", "How long a background job run took, by job and outcome.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600] });

    private static readonly Counter<long> Logins = Meter.CreateCounter<long>(
        "recovery.auth.logins", "{attempt}", "Sign-in attempts by outcome (succeeded, failed, locked_out).");

    private static readonly Counter<long> Lockouts = Meter.CreateCounter<long>(
        "recovery.auth.lockouts", "{lockout}", "Accounts (or unknown e-mails) locked after too many failed sign-ins.");

    /// <param name="outcome">created, updated or unchanged.</param>
    public static void InvoiceAccepted(string outcome, int count = 1)
    {
        if (count > 0) InvoicesAccepted.Add(count, new KeyValuePair<string, object?>("recovery.invoice.outcome", outcome));
    }

    /// <param name="reason">invalid, unreadable or locked.</param>
    public static void InvoiceRejected(string reason, int count = 1)
    {
        if (count > 0) InvoicesRejected.Add(count, new KeyValuePair<string, object?>("error.type", reason));
    }

    public static void MessageOutcome(string channel, string outcome) =>
        MessageAttempts.Add(1, new KeyValuePair<string, object?>("recovery.channel", channel),
            new KeyValuePair<string, object?>("recovery.outcome", outcome));

    /// <param name="outcome">delivered, retry or failed.</param>
    public static void WebhookDelivery(string outcome) =>
        WebhookDeliveries.Add(1, new KeyValuePair<string, object?>("recovery.outcome", outcome));

    /// <param name="outcome">success, failure or cancelled.</param>
    public static void JobRun(string job, TimeSpan elapsed, string outcome) =>
        JobDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("recovery.job", job),
            new KeyValuePair<string, object?>("recovery.outcome", outcome));

    /// <param name="outcome">The audit outcome of the sign-in: succeeded, rejected:401 or rejected:423.</param>
    public static void Login(string outcome) =>
        Logins.Add(1, new KeyValuePair<string, object?>("recovery.outcome", outcome switch
        {
            "succeeded" => "succeeded",
            "rejected:423" => "locked_out",
            _ => "failed",
        }));

    public static void Lockout() => Lockouts.Add(1);
}
