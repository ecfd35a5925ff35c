using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Communication.Data;
using Recovery.Communication.Features.Compliance;
using Recovery.Communication.Features.Dispatch;
using Recovery.Communication.Features.Messages;
using Recovery.Communication.Features.Negativacao;
using Recovery.Communication.Features.Templates;
using Recovery.BuildingBlocks.Observability;

namespace Recovery.Communication.Jobs;

/// <summary>
/// Sends the messages that are due, whoever queued them. For each batch it gathers the facts at once
/// (<see cref="DispatchFacts"/>), asks the <see cref="ContactPolicy"/> about each message, and applies the answers in one
/// short write: what may not go now is deferred to the next allowed moment, what may never go is blocked or cancelled,
/// both with the reason; what may go is written (<see cref="MessageComposer"/>) and claimed (its next attempt pushed five
/// minutes ahead) before it leaves, outside the transaction, so a crash in between retries it rather than losing it.
/// Failures retry with exponential backoff up to the attempt limit.
/// </summary>
/// <remarks>
/// A claim is the attempt number it took: claiming adds one to <c>attempts</c> of a message still queued and due, and the
/// outcome is recorded only where the message is still queued with that number. A message cancelled meanwhile (payment,
/// hold, agreement) or claimed again by another dispatcher is therefore never recorded as sent here, and queues no letter,
/// call or negativação. No send starts unless it can end within its claim (<see cref="SendTimeout"/>), so a message whose
/// claim ran out is never still leaving when another dispatcher claims it again.
/// </remarks>
internal sealed class DispatchJob(
    IServiceProvider services, IEnumerable<IChannel> channels, ContactCalendar calendar, IOptions<ContactOptions> contact,
    IOptions<NegativacaoOptions> negativacao,
    IOptions<CommunicationOptions> options, PortalLinks portalLinks, Leases leases, TimeProvider clock, ILogger<DispatchJob> logger)
    : LeasedJob(leases, clock, logger)
{
    private static readonly TimeSpan Claim = TimeSpan.FromMinutes(5);

    /// <summary>The longest a send may take; a send starts only while its claim has at least this much left.</summary>
    private static readonly TimeSpan SendTimeout = TimeSpan.FromMinutes(1);

    protected override string Schema => CommunicationDb.Name;
    public override string LeaseName => "dispatch";
    protected override TimeSpan Interval => options.Value.DispatchInterval;

    protected override async Task<string> RunOnceAsync(CancellationToken ct)
    {
        var totals = new Dictionary<string, int>();
        for (var batch = 0; batch < 50; batch++)
        {
            var outcomes = await DispatchBatchAsync(ct);
            if (outcomes.Count == 0) break;
            foreach (var o in outcomes) totals[o] = totals.GetValueOrDefault(o) + 1;
        }
        return string.Join(", ", totals.OrderBy(t => t.Key).Select(t => $"{t.Value} {t.Key}"));
    }

    private sealed record Decided(MessageRow Row, ContactPolicy.Decision Decision, Outgoing? Out, string? State);

    private async Task<List<string>> DispatchBatchAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var outcomes = new List<string>();
        var sending = new List<(MessageRow Row, Outgoing Out)>();
        // Decide with reads only, then apply the decisions in one short write transaction: the write lock is not held
        // while the law is checked (SQLite has one writer per file; the schedule's run and the subscribers need it too).
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CommunicationDb>();
            var decisions = new List<Decided>();
            await using (var session = await db.OpenAsync(ct))
            {
                var due = (await session.QueryAsync<MessageRow>(db.Dialect.Limit(
                    $"SELECT {MessageRow.Columns} FROM communication.message WHERE status = 'queued' AND not_before <= @Now ORDER BY not_before, id", "@Take"),
                    new { Now = now, Take = options.Value.BatchSize })).ToList();
                if (due.Count == 0) return outcomes;
                var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
                var facts = await DispatchFacts.LoadAsync(session, mediator, due, now, ct);
                var composer = new MessageComposer(session, mediator, options.Value.PaymentLink, portalLinks);
                var caps = new ContactPolicy.Caps(contact.Value.MaxPerWeek, contact.Value.MaxPerChannelPerDay);
                foreach (var m in due)
                {
                    var debtor = facts.DebtorOf(m);
                    var decision = ContactPolicy.Decide(facts.Due(m), debtor, calendar, caps, now);
                    Outgoing? outgoing = null;
                    if (decision.Verdict == ContactPolicy.Verdict.Send)
                    {
                        (outgoing, var blocked) = await composer.ComposeAsync(m, debtor!, facts.DebtOf(m), facts.InstallmentOf(m), decision.Recipient!, now, ct);
                        if (blocked is not null) decision = ContactPolicy.Decision.Block(blocked);
                        else facts.Contacting(m, now);
                    }
                    decisions.Add(new Decided(m, decision, outgoing, debtor?.State));
                }
            }
            await using var tx = await db.BeginAsync(ct);
            foreach (var (m, decision, outgoing, state) in decisions)
            {
                if (!await ApplyAsync(tx, m, decision, outgoing, state, now)) continue;
                outcomes.Add(decision.Outcome);
                if (outgoing is not null) sending.Add((m, outgoing));
            }
            await tx.CommitAsync(ct);
            if (outcomes.Count == 0) outcomes.Add("raced");   // read but moved by someone else: look again
        }
        if (sending.Count == 0) return outcomes;

        var results = await SendAllAsync(sending, now + Claim, ct);
        // What left is recorded even when the run is being stopped: an unrecorded send would go again after its claim.
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CommunicationDb>();
            await using var tx = await db.BeginAsync(CancellationToken.None);
            var done = clock.GetUtcNow();
            foreach (var sent in results.Where(r => r.Started)) await RecordAsync(tx, sent.Row, sent.Out, sent.ProviderId, sent.Error, done);
            await tx.CommitAsync(CancellationToken.None);
        }
        var late = results.Count(r => !r.Started);
        if (late > 0) logger.LogWarning("{Count} claimed messages were not sent before their claim ran short; they go in a later batch", late);
        return outcomes;
    }

    /// <summary>Applies a decision to a message still queued and due (a subscriber may have cancelled it since it was read).</summary>
    private static async Task<bool> ApplyAsync(DbSession tx, MessageRow m, ContactPolicy.Decision decision, Outgoing? outgoing, string? state, DateTimeOffset now)
    {
        const string Still = "AND status = 'queued' AND not_before <= @Now";
        var moved = decision.Verdict switch
        {
            ContactPolicy.Verdict.Send => await tx.ExecuteAsync(
                $"UPDATE communication.message SET attempts = @Claim, recipient = @Recipient, subject = @Subject, body = @Body, not_before = @Claimed, updated_at = @Now WHERE id = @Id {Still} AND attempts = @Attempts",
                new { m.Id, m.Attempts, Claim = m.Attempts + 1, outgoing!.Recipient, outgoing.Subject, outgoing.Body, Claimed = now + Claim, Now = now }),
            ContactPolicy.Verdict.Defer => await tx.ExecuteAsync(
                $"UPDATE communication.message SET not_before = @Until, reason = @Reason, updated_at = @Now WHERE id = @Id {Still}",
                new { m.Id, decision.Until, decision.Reason, Now = now }),
            _ => await tx.ExecuteAsync($"UPDATE communication.message SET status = @Status, reason = @Reason, updated_at = @Now WHERE id = @Id {Still}",
                new { m.Id, Status = decision.Outcome, decision.Reason, Now = now }),
        };
        if (moved == 0) return false;
        if (decision.Verdict == ContactPolicy.Verdict.Defer)
            await MessageLog.RecordAsync(tx, m.Key, "deferred", $"{decision.Reason}; nova tentativa em {Local(decision.Until!.Value, state)}", now);
        else if (decision.Verdict != ContactPolicy.Verdict.Send)
            await MessageLog.RecordAsync(tx, m.Key, decision.Outcome, decision.Reason!, now);   // blocked or cancelled: never goes
        return true;
    }

    /// <summary>Records what became of a send, only where the message is still queued under this claim.</summary>
    private async Task RecordAsync(DbSession tx, MessageRow row, Outgoing outgoing, string? providerId, string? error, DateTimeOffset done)
    {
        const string Claimed = "WHERE id = @Id AND status = 'queued' AND attempts = @Claim";
        var claim = row.Attempts + 1;
        if (error is null)
        {
            if (await tx.ExecuteAsync(
                    $"UPDATE communication.message SET status = 'sent', sent_at = @Now, provider_id = @ProviderId, reason = NULL, updated_at = @Now {Claimed}",
                    new { row.Id, Claim = claim, ProviderId = providerId, Now = done }) == 0)
            {
                logger.LogWarning("Message {MessageId} left by {Channel} after it was cancelled or claimed again; not recorded as sent", row.Id, row.Channel);
                return;
            }
            await OnSentAsync(tx, row, outgoing, done);
            if (row.AssignmentNotice) await AssignmentNotice.RecordAsync(tx, row, outgoing, done);
            if (row.Channel == "negativacao")
            {
                var dueDate = await tx.QuerySingleOrDefaultAsync<DateOnly>("SELECT due_date FROM communication.debt WHERE invoice_id = @InvoiceId", new { row.InvoiceId });
                await NegativacaoSteps.NotifiedAsync(tx, row, dueDate, BusinessDate.Of(done).AddDays(negativacao.Value.NoticeDaysFor(outgoing.State)), done);
            }
            await MessageLog.RecordAsync(tx, row.Key, "sent", SentDetail(outgoing), done);
        }
        else if (row.Attempts + 1 < options.Value.MaxAttempts)
        {
            var retryAt = done + options.Value.RetryBase * Math.Pow(2, row.Attempts);
            if (await tx.ExecuteAsync($"UPDATE communication.message SET not_before = @RetryAt, reason = @Error, updated_at = @Now {Claimed}",
                    new { row.Id, Claim = claim, RetryAt = retryAt, Error = Truncate(error), Now = done }) == 0) return;
            await MessageLog.RecordAsync(tx, row.Key, "retry", $"{Truncate(error)}; tentativa {row.Attempts + 1} de {options.Value.MaxAttempts}", done);
        }
        else
        {
            if (await tx.ExecuteAsync($"UPDATE communication.message SET status = 'failed', reason = @Error, updated_at = @Now {Claimed}",
                    new { row.Id, Claim = claim, Error = Truncate(error), Now = done }) == 0) return;
            await MessageLog.RecordAsync(tx, row.Key, "failed", $"{Truncate(error)}; {options.Value.MaxAttempts} tentativas", done);
        }
    }

    private sealed record Sent(MessageRow Row, Outgoing Out, bool Started, string? ProviderId = null, string? Error = null);

    /// <summary>Sends, a few at a time, each within its claim; in-house channels (letters, notices, calls) leave at the record.</summary>
    private async Task<List<Sent>> SendAllAsync(List<(MessageRow Row, Outgoing Out)> sending, DateTimeOffset claimedUntil, CancellationToken ct)
    {
        var byName = channels.ToDictionary(c => c.Name);
        using var gate = new SemaphoreSlim(Math.Max(1, options.Value.Concurrency));
        var tasks = sending.Select(async s =>
        {
            if (!byName.TryGetValue(s.Row.Channel, out var channel)) return new Sent(s.Row, s.Out, true);
            await gate.WaitAsync(ct);
            try
            {
                if (clock.GetUtcNow() + SendTimeout > claimedUntil) return new Sent(s.Row, s.Out, false);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(SendTimeout);
                return new Sent(s.Row, s.Out, true, await channel.SendAsync(s.Out, timeout.Token));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                logger.LogWarning(Redaction.Exception(ex), "Sending message {MessageId} by {Channel} failed", s.Row.Id, s.Row.Channel);
                return new Sent(s.Row, s.Out, true, null, ex.Message);
            }
            finally
            {
                gate.Release();
            }
        });
        return (await Task.WhenAll(tasks)).ToList();
    }

    /// <summary>Letters go to the print queue and calls to the agents' queue: both happen here, in the same transaction.</summary>
    private static async Task OnSentAsync(DbSession tx, MessageRow row, Outgoing outgoing, DateTimeOffset now)
    {
        if (row.Channel is "letter" or "negativacao")
            await tx.ExecuteAsync(
                "INSERT INTO communication.letter (message_id, debtor_id, addressee, address, html, queued_at) VALUES (@Id, @DebtorId, @Addressee, @Address, @Html, @Now)",
                new { row.Id, row.DebtorId, outgoing.Addressee, Address = outgoing.Recipient, Html = outgoing.Body, Now = now });
        else if (row.Channel == "call")
            await tx.ExecuteAsync(
                "INSERT INTO communication.call_task (message_id, debtor_id, invoice_id, phone, script, created_at) VALUES (@Id, @DebtorId, @InvoiceId, @Phone, @Script, @Now)",
                new { row.Id, row.DebtorId, row.InvoiceId, Phone = outgoing.Recipient, Script = outgoing.Body, Now = now });
    }

    private static string SentDetail(Outgoing o) => o.Channel switch
    {
        "letter" => "carta na fila de impressão",
        "negativacao" => "aviso prévio de negativação (carta) na fila de impressão",
        "call" => $"ligação para {Mask(o.Recipient)} na fila dos agentes",
        _ => $"para {Mask(o.Recipient)}",
    };

    private static string Mask(string recipient)
    {
        var at = recipient.IndexOf('@');
        if (at > 1) return recipient[0] + new string('*', at - 1) + recipient[at..];
        return recipient.Length > 4 ? new string('*', recipient.Length - 4) + recipient[^4..] : recipient;
    }

    private static string Local(DateTimeOffset at, string? state) =>
        at.ToOffset(ContactCalendar.UtcOffset(state)).ToString("dd/MM/yyyy HH:mm", Money.PtBr) + $" ({state ?? "horário de Brasília"})";

    private static string Truncate(string text) => text.Length <= 480 ? text : text[..480];
}
