using Dapper;

namespace Recovery.Api.Tests.Invariants;

/// <summary>
/// What each module says of a debt: the partner's API (Debtors), Communication's copy, Reporting's copy and its aging
/// report; and the invariants between them, each failure naming the seed, the step, the invoice and the three values.
/// </summary>
internal sealed class DebtViews(RecoveryApp app)
{
    private static readonly string[] Schemas = ["debtors", "negotiation", "communication", "reporting", "platform"];

    internal sealed class Copy
    {
        public Guid InvoiceId { get; init; }
        public string Status { get; init; } = "";
        public long OutstandingCents { get; init; }
        public override string ToString() => $"{Status} {WalkData.Reais(OutstandingCents):0.00}";
    }

    internal sealed class Message
    {
        public Guid Id { get; init; }
        public Guid InvoiceId { get; init; }
        public string Status { get; init; } = "";
        public string? StepKey { get; init; }
        public string CreatedBy { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? SentAt { get; init; }
        public DateTimeOffset NotBefore { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
        public override string ToString() => $"message {Id} (step {StepKey}, {Status}, created {CreatedAt:O}, sent {SentAt:O})";
    }

    /// <summary>Waits until no module's outbox has an event not yet delivered to its subscribers.</summary>
    public async Task QuiescentAsync(string when, int timeoutMs = 60_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            var pending = 0;
            foreach (var schema in Schemas)
                pending += await app.WithConnectionAsync(schema, c =>
                    c.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM {schema}.outbox_message WHERE dispatched_at IS NULL"));
            if (pending == 0) return;
            if (DateTime.UtcNow > deadline)
            {
                var errors = new List<string>();
                foreach (var schema in Schemas)
                    errors.AddRange((await app.WithConnectionAsync(schema, c => c.QueryAsync<(string Type, string? Error)>(
                        $"SELECT type, last_error FROM {schema}.outbox_message WHERE dispatched_at IS NULL")))
                        .Select(e => $"{schema}: {e.Type}: {e.Error ?? "(no error yet)"}"));
                Assert.Fail($"{when}: the outboxes did not drain in {timeoutMs} ms; undelivered: {string.Join("; ", errors.Take(10))}");
            }
            await Task.Delay(25);
        }
    }

    /// <summary>
    /// Waits until the dispatcher has decided every message that is due (sent, deferred, blocked or cancelled) and none
    /// is on its way: a message being sent stays queued with its next attempt pushed five minutes past its update (the claim).
    /// </summary>
    public async Task DispatchSettledAsync(string when) =>
        await RecoveryApp.EventuallyAsync(async () =>
        {
            var now = app.Clock.GetUtcNow();
            return !(await MessagesAsync()).Any(m => m.Status == "queued" && (m.NotBefore <= now || m.NotBefore - m.UpdatedAt == TimeSpan.FromMinutes(5)));
        }, $"{when}: the due messages to be dispatched");

    public async Task<IReadOnlyList<Message>> MessagesAsync() =>
        (await app.WithConnectionAsync("communication", c => c.QueryAsync<Message>(
            "SELECT id, invoice_id, status, step_key, created_by, created_at, sent_at, not_before, updated_at FROM communication.message WHERE invoice_id IS NOT NULL"))).ToList();

    /// <summary>The partner's view of one debt (status, outstanding in reais).</summary>
    public static async Task<(string Status, decimal Outstanding)> PartnerAsync(WalkDebt debt)
    {
        var invoice = await (await debt.Debtor.Partner.Client.GetAsync($"/api/v1/partner/invoices/{Uri.EscapeDataString(debt.ExternalId)}")).JsonAsync();
        return (invoice.GetProperty("status").GetString()!, invoice.Money("outstanding"));
    }

    public async Task<Dictionary<Guid, Copy>> CopiesAsync(string schema) =>
        (await app.WithConnectionAsync(schema, c => c.QueryAsync<Copy>($"SELECT invoice_id, status, outstanding_cents FROM {schema}.debt")))
        .ToDictionary(c => c.InvoiceId);

    /// <summary>
    /// Every invariant over every debt, at a quiescent point: returns the disagreements found (empty when none), each
    /// naming the seed, the step, the invoice and the three values.
    /// </summary>
    public async Task<List<(string Key, string Text)>> CheckAsync(int seed, int step, IReadOnlyList<WalkDebt> debts, HttpClient reports)
    {
        var failures = new List<(string Key, string Text)>();
        var communication = await CopiesAsync("communication");
        var reporting = await CopiesAsync("reporting");
        var today = app.Today;
        var expectedAged = new Dictionary<Guid, decimal>();
        var partner = await Task.WhenAll(debts.Select(PartnerAsync));
        foreach (var (debt, (status, outstanding)) in debts.Zip(partner))
        {
            debt.Status = status;
            debt.Outstanding = outstanding;
            var c = communication.GetValueOrDefault(debt.InvoiceId);
            var r = reporting.GetValueOrDefault(debt.InvoiceId);
            var cents = WalkData.Cents(outstanding);
            var what = $"partner {status} {outstanding:0.00}, communication {c?.ToString() ?? "(missing)"}, reporting {r?.ToString() ?? "(missing)"}";
            if (c is null || c.Status != status || c.OutstandingCents != cents)
                failures.Add(($"{debt.InvoiceId}|communication|{status}|{c?.Status}|{c?.OutstandingCents == cents}", $"seed {seed}, step {step}, invoice {debt}: Communication's copy differs: {what}"));
            if (r is null || r.Status != status || r.OutstandingCents != cents)
                failures.Add(($"{debt.InvoiceId}|reporting|{status}|{r?.Status}|{r?.OutstandingCents == cents}", $"seed {seed}, step {step}, invoice {debt}: Reporting's copy differs: {what}"));
            if (status == "open" && debt.DueDate < today) expectedAged[debt.InvoiceId] = outstanding;
        }

        var aged = (await (await reports.GetAsync($"/api/v1/reports/aging/debts?asOf={today:yyyy-MM-dd}")).JsonAsync()).EnumerateArray()
            .ToDictionary(d => d.GetProperty("invoiceId").GetGuid(), d => d.Money("outstanding"));
        foreach (var debt in debts)
        {
            var inAging = aged.TryGetValue(debt.InvoiceId, out var agedOutstanding);
            var expected = expectedAged.TryGetValue(debt.InvoiceId, out var partnerOutstanding);
            if (inAging != expected || agedOutstanding != partnerOutstanding)
                failures.Add(($"{debt.InvoiceId}|aging|{inAging}|{expected}", $"seed {seed}, step {step}, invoice {debt}: the aging's debts {(inAging ? $"list it with {agedOutstanding:0.00}" : "leave it out")}; " +
                             $"partner {debt.Status} {debt.Outstanding:0.00}, due {debt.DueDate:yyyy-MM-dd}, communication {communication.GetValueOrDefault(debt.InvoiceId)}, " +
                             $"reporting {reporting.GetValueOrDefault(debt.InvoiceId)}"));
        }
        var total = (await (await reports.GetAsync($"/api/v1/reports/aging?asOf={today:yyyy-MM-dd}")).JsonAsync()).Money("total");
        if (total != expectedAged.Values.Sum())
            failures.Add(("aging-total", $"seed {seed}, step {step}: the aging's total over open debts is {total:0.00}; the partners' open overdue debts owe {expectedAged.Values.Sum():0.00}"));

        var byId = debts.ToDictionary(d => d.InvoiceId);
        foreach (var m in await MessagesAsync())
        {
            if (!byId.TryGetValue(m.InvoiceId, out var debt)) continue;
            if (m.Status is "queued" or "deferred" && debt.Status != "open")
                failures.Add(($"{m.Id}|planned", $"seed {seed}, step {step}, invoice {debt}: {m} is still planned for a debt that is not open: " +
                             $"partner {debt.Status}, communication {communication.GetValueOrDefault(debt.InvoiceId)}, reporting {reporting.GetValueOrDefault(debt.InvoiceId)}"));
            if (m.SentAt is { } sent && debt.NotOpenAt(sent))
                failures.Add(($"{m.Id}|sent", $"seed {seed}, step {step}, invoice {debt}: {m} was sent while the debt was not open " +
                             $"(not open {string.Join(", ", debt.NotOpen.Select(s => $"{s.Left:O}..{s.Back?.ToString("O") ?? "now"}"))}); " +
                             $"now partner {debt.Status}, communication {communication.GetValueOrDefault(debt.InvoiceId)}, reporting {reporting.GetValueOrDefault(debt.InvoiceId)}"));
        }
        return failures;
    }
}
