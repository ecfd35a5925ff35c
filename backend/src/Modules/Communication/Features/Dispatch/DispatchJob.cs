using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Messaging;
using Recovery.Communication.Data;
using Recovery.Communication.Features.Compliance;
using Recovery.Communication.Features.Debts;
using Recovery.Communication.Features.Messages;
using Recovery.Communication.Features.Templates;
using Recovery.Debtors.Contracts;
using Recovery.Platform.Contracts;

namespace Recovery.Communication.Features.Dispatch;

/// <summary>
/// Sends the messages that are due, whoever queued them, checking the law at the moment of sending: the debt still
/// open, no hold, the debtor's own contact and not opted out (WhatsApp only with opt-in), the contact window of the
/// debtor's state in its time zone, no Sunday or national holiday, the frequency caps. What may not go now is deferred
/// to the next allowed moment; what may never go is blocked; both with the reason. Sending happens outside the
/// database transaction: a message is claimed (its next attempt pushed five minutes ahead) before it leaves, so a crash
/// in between retries it rather than losing it; failures retry with exponential backoff up to the attempt limit.
/// </summary>
internal sealed class DispatchJob(
    IServiceProvider services, IEnumerable<IChannel> channels, ContactCalendar calendar, IOptions<ContactOptions> contact,
    IOptions<Negativacao.NegativacaoOptions> negativacao,
    IOptions<CommunicationOptions> options, Leases leases, TimeProvider clock, ILogger<DispatchJob> logger)
    : LeasedJob(leases, clock, logger)
{
    private static readonly TimeSpan Claim = TimeSpan.FromMinutes(5);

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

    private async Task<List<string>> DispatchBatchAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var decided = new List<string>();
        var sending = new List<(MessageRow Row, Outgoing Out)>();
        // Decide with reads only, then apply the decisions in one short write transaction: the write lock is not held
        // while the law is checked (SQLite has one writer per file; the schedule's run and the subscribers need it too).
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CommunicationDb>();
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            var decisions = new List<(MessageRow Row, Decision Decision)>();
            await using (var session = await db.OpenAsync(ct))
            {
                var due = (await session.QueryAsync<MessageRow>(db.Dialect.Limit(
                    $"SELECT {MessageRow.Columns} FROM communication.message WHERE status = 'queued' AND not_before <= @Now ORDER BY not_before, id", "@Take"),
                    new { Now = now, Take = options.Value.BatchSize })).ToList();
                if (due.Count == 0) return decided;
                var creditors = new Dictionary<Guid, Creditor?>();
                var sentNow = new Dictionary<Guid, List<(DateTimeOffset At, string Channel)>>();
                foreach (var m in due) decisions.Add((m, await DecideAsync(session, mediator, m, creditors, sentNow, now, ct)));
            }
            await using var tx = await db.BeginAsync(ct);
            foreach (var (m, decision) in decisions)
            {
                // Only a message still queued and due moves: a subscriber may have cancelled it since it was read.
                const string Still = "AND status = 'queued' AND not_before <= @Now";
                var moved = decision.Outcome switch
                {
                    "send" => await tx.ExecuteAsync(
                        $"UPDATE communication.message SET attempts = attempts + 1, recipient = @Recipient, subject = @Subject, body = @Body, not_before = @Claimed, updated_at = @Now WHERE id = @Id {Still}",
                        new { m.Id, decision.Out!.Recipient, decision.Out.Subject, decision.Out.Body, Claimed = now + Claim, Now = now }),
                    "deferred" => await tx.ExecuteAsync($"UPDATE communication.message SET not_before = @Until, reason = @Reason, updated_at = @Now WHERE id = @Id {Still}",
                        new { m.Id, decision.Until, decision.Reason, Now = now }),
                    _ => await tx.ExecuteAsync($"UPDATE communication.message SET status = @Status, reason = @Reason, updated_at = @Now WHERE id = @Id {Still}",
                        new { m.Id, Status = decision.Outcome, decision.Reason, Now = now }),
                };
                if (moved == 0) continue;
                decided.Add(decision.Outcome);
                if (decision.Outcome == "send") sending.Add((m, decision.Out!));
                else if (decision.Outcome == "deferred")
                    await MessageLog.RecordAsync(tx, m.Key, "deferred", $"{decision.Reason}; nova tentativa em {Local(decision.Until!.Value, decision.State)}", now);
                else await MessageLog.RecordAsync(tx, m.Key, decision.Outcome, decision.Reason!, now);   // blocked or cancelled: never goes
            }
            await tx.CommitAsync(ct);
            if (decided.Count == 0) decided.Add("raced");   // read but moved by someone else: look again
        }
        if (sending.Count == 0) return decided;

        var results = await SendAllAsync(sending, ct);
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CommunicationDb>();
            await using var tx = await db.BeginAsync(ct);
            var done = clock.GetUtcNow();
            foreach (var (row, outgoing, providerId, error) in results)
            {
                if (error is null)
                {
                    await tx.ExecuteAsync(
                        "UPDATE communication.message SET status = 'sent', sent_at = @Now, provider_id = @ProviderId, reason = NULL, updated_at = @Now WHERE id = @Id AND status = 'queued'",
                        new { row.Id, ProviderId = providerId, Now = done });
                    await OnSentAsync(tx, row, outgoing, done);
                    if (row.Channel == "negativacao")
                    {
                        var dueDate = await tx.QuerySingleOrDefaultAsync<DateOnly>("SELECT due_date FROM communication.debt WHERE invoice_id = @InvoiceId", new { row.InvoiceId });
                        await Negativacao.Negativacoes.NotifiedAsync(tx, row, dueDate, BusinessDate.Of(done).AddDays(negativacao.Value.NoticeDaysFor(outgoing.State)), done);
                    }
                    await MessageLog.RecordAsync(tx, row.Key, "sent", SentDetail(outgoing), done);
                }
                else if (row.Attempts + 1 < options.Value.MaxAttempts)
                {
                    var retryAt = done + options.Value.RetryBase * Math.Pow(2, row.Attempts);
                    await tx.ExecuteAsync("UPDATE communication.message SET not_before = @RetryAt, reason = @Error, updated_at = @Now WHERE id = @Id AND status = 'queued'",
                        new { row.Id, RetryAt = retryAt, Error = Truncate(error), Now = done });
                    await MessageLog.RecordAsync(tx, row.Key, "retry", $"{Truncate(error)}; tentativa {row.Attempts + 1} de {options.Value.MaxAttempts}", done);
                }
                else
                {
                    await tx.ExecuteAsync("UPDATE communication.message SET status = 'failed', reason = @Error, updated_at = @Now WHERE id = @Id AND status = 'queued'",
                        new { row.Id, Error = Truncate(error), Now = done });
                    await MessageLog.RecordAsync(tx, row.Key, "failed", $"{Truncate(error)}; {options.Value.MaxAttempts} tentativas", done);
                }
            }
            await tx.CommitAsync(ct);
        }
        return decided;
    }

    private async Task<List<(MessageRow Row, Outgoing Out, string? ProviderId, string? Error)>> SendAllAsync(
        List<(MessageRow Row, Outgoing Out)> sending, CancellationToken ct)
    {
        var byName = channels.ToDictionary(c => c.Name);
        using var gate = new SemaphoreSlim(Math.Max(1, options.Value.Concurrency));
        var tasks = sending.Select(async s =>
        {
            if (!byName.TryGetValue(s.Row.Channel, out var channel)) return (s.Row, s.Out, (string?)null, (string?)null);   // letters, notices and calls stay in-house
            await gate.WaitAsync(ct);
            try
            {
                return (s.Row, s.Out, await channel.SendAsync(s.Out, ct), (string?)null);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Sending message {MessageId} by {Channel} failed", s.Row.Id, s.Row.Channel);
                return (s.Row, s.Out, null, ex.Message);
            }
            finally
            {
                gate.Release();
            }
        });
        return (await Task.WhenAll(tasks)).ToList();
    }

    private sealed record Decision(string Outcome, string? Reason = null, Outgoing? Out = null, DateTimeOffset? Until = null, string? State = null);

    private async Task<Decision> DecideAsync(DbSession tx, IMediator mediator, MessageRow m, Dictionary<Guid, Creditor?> creditors,
        Dictionary<Guid, List<(DateTimeOffset At, string Channel)>> sentNow, DateTimeOffset now, CancellationToken ct)
    {
        DebtRow? debt = null;
        if (m.Channel == "negativacao" && m.InvoiceId is null) return new("blocked", "a negativação é de um débito: falta o débito");
        if (m.InvoiceId is { } invoiceId)
        {
            debt = await tx.QuerySingleOrDefaultAsync<DebtRow>($"SELECT {DebtRow.Columns} FROM communication.debt WHERE invoice_id = @InvoiceId", new { InvoiceId = invoiceId });
            if (debt is null) return new("blocked", "débito desconhecido");
            if (debt.Status != "open") return new("cancelled", debt.Status switch
            {
                "paid" => "débito pago",
                "in_agreement" => "débito em acordo",
                "cancelled" => "débito cancelado pelo credor",
                "prescribed" => "débito prescrito (CC art. 206 §5 I): não pode ser cobrado",
                _ => $"débito {debt.Status}",
            });
        }
        var hold = await tx.QueryFirstOrDefaultAsync<string>(
            "SELECT kind FROM communication.hold WHERE debtor_id = @DebtorId AND (invoice_id IS NULL OR invoice_id = @InvoiceId)", new { m.DebtorId, m.InvoiceId });
        if (hold is not null) return new("blocked", $"cobrança suspensa ({hold})");

        var debtor = await mediator.Send(new GetDebtorContacts(m.DebtorId), ct);
        if (debtor is null) return new("blocked", "devedor desconhecido");
        var (recipient, noContact) = await RecipientAsync(tx, m, debtor);
        if (recipient is null) return new("blocked", noContact);

        var (allowedAt, closed) = calendar.NextAllowed(now, debtor.State);
        if (allowedAt > now) return new("deferred", closed, Until: allowedAt, State: debtor.State);
        var (capAt, capReason) = await CapAsync(tx, m, debtor.State, sentNow, now);
        if (capAt is { } until)
        {
            var (next, _) = calendar.NextAllowed(until, debtor.State);
            return new("deferred", capReason, Until: next, State: debtor.State);
        }

        if (!creditors.TryGetValue(m.PartnerId, out var creditor))
            creditors[m.PartnerId] = creditor = await mediator.Send(new GetCreditor(m.PartnerId), ct);
        if (creditor is null) return new("blocked", "credor desconhecido");
        var template = await Templates.Templates.FindAsync(tx, m.TemplateCode);
        if (template is null) return new("blocked", $"modelo '{m.TemplateCode}' não existe");
        var link = debt is null || string.IsNullOrEmpty(options.Value.PaymentLink) ? null
            : options.Value.PaymentLink.Replace("{invoiceId}", debt.InvoiceId.ToString()).Replace("{externalId}", Uri.EscapeDataString(debt.ExternalId));
        var values = Templates.Templates.Values(debtor.Name, debtor.Document, creditor.Name, creditor.Document, debt, BusinessDate.Of(now), link);
        var html = m.Channel is "email" or "letter" or "negativacao";
        var body = Templates.Templates.Render(template.Body, values, html);
        if (m.Channel is "letter" or "negativacao") body = Letter.Html(debtor.Name, recipient, creditor, body, BusinessDate.Of(now));
        var subject = template.Subject is null ? null : Templates.Templates.Render(template.Subject, values, html: false);
        sentNow.TryAdd(m.DebtorId, []);
        sentNow[m.DebtorId].Add((now, m.Channel));
        return new("send", Out: new Outgoing(m.Id, m.Channel, recipient, subject, body, debtor.Name, debtor.State));
    }

    /// <summary>The debtor's own address for the channel, or why there is none.</summary>
    private static async Task<(string? Recipient, string Why)> RecipientAsync(DbSession tx, MessageRow m, DebtorContacts debtor)
    {
        if (m.Channel is "letter" or "negativacao")
            return debtor.PostalAddress is { } address ? (address, "") : (null, "sem endereço postal");
        var kind = m.Channel == "email" ? "email" : "phone";
        var contacts = debtor.Contacts.Where(c => c.Channel == kind).ToList();
        var usable = contacts.Where(c => !c.OptedOut).ToList();
        if (contacts.Count == 0) return (null, kind == "email" ? "sem e-mail do devedor" : "sem telefone do devedor");
        if (usable.Count == 0) return (null, "o devedor pediu para não ser contatado neste canal (opt-out)");
        if (m.Channel == "whatsapp")
        {
            var optedIn = (await tx.QueryAsync<string>("SELECT phone FROM communication.whatsapp_opt_in WHERE debtor_id = @DebtorId", new { m.DebtorId })).ToHashSet();
            var phone = usable.FirstOrDefault(c => optedIn.Contains(c.Value));
            return phone is null ? (null, "WhatsApp sem opt-in registrado do devedor") : (phone.Value, "");
        }
        return (usable[0].Value, "");
    }

    /// <summary>The frequency caps: a moment before which this message may not go, or null.</summary>
    private async Task<(DateTimeOffset? Until, string? Reason)> CapAsync(DbSession tx, MessageRow m, string? state,
        Dictionary<Guid, List<(DateTimeOffset At, string Channel)>> sentNow, DateTimeOffset now)
    {
        var week = now.AddDays(-7);
        var sent = (await tx.QueryAsync<SentRow>(
            "SELECT sent_at, channel FROM communication.message WHERE debtor_id = @DebtorId AND sent_at > @Since AND status IN ('sent', 'delivered')",
            new { m.DebtorId, Since = week })).Select(s => (s.SentAt, s.Channel)).ToList();
        if (sentNow.TryGetValue(m.DebtorId, out var batch)) sent.AddRange(batch);
        var limits = contact.Value;
        var offset = ContactCalendar.UtcOffset(state);
        var today = DateOnly.FromDateTime(now.ToOffset(offset).DateTime);
        var sameChannelToday = sent.Count(s => s.Item2 == m.Channel && DateOnly.FromDateTime(s.Item1.ToOffset(offset).DateTime) == today);
        if (sameChannelToday >= limits.MaxPerChannelPerDay)
            return (new DateTimeOffset(today.AddDays(1).ToDateTime(TimeOnly.MinValue), offset),
                $"limite de {limits.MaxPerChannelPerDay} tentativa(s) por canal por dia");
        if (sent.Count >= limits.MaxPerWeek)
        {
            var oldest = sent.Select(s => s.Item1).OrderByDescending(a => a).Skip(limits.MaxPerWeek - 1).First();
            return (oldest.AddDays(7), $"limite de {limits.MaxPerWeek} contatos em 7 dias");
        }
        return (null, null);
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

    private sealed class SentRow
    {
        public DateTimeOffset SentAt { get; init; }
        public string Channel { get; init; } = "";
    }
}

internal sealed class MessageRow
{
    public Guid Id { get; init; }
    public Guid? InvoiceId { get; init; }
    public Guid DebtorId { get; init; }
    public Guid PartnerId { get; init; }
    public string Channel { get; init; } = "";
    public string TemplateCode { get; init; } = "";
    public int Attempts { get; init; }
    public string? StepKey { get; init; }

    public const string Columns = "id, invoice_id, debtor_id, partner_id, channel, template_code, attempts, step_key";

    public MessageKey Key => new() { Id = Id, DebtorId = DebtorId, InvoiceId = InvoiceId, Channel = Channel, StepKey = StepKey };
}

/// <summary>A letter as a printable A4 page: the creditor's name and CNPJ on top (CDC art. 42-A), the addressee, the text.</summary>
internal static class Letter
{
    public static string Html(string addressee, string address, Creditor creditor, string body, DateOnly date) => $"""
        <!DOCTYPE html>
        <html lang="pt-BR"><head><meta charset="utf-8"><title>Carta de cobrança</title><style>{Style}</style></head>
        <body>
        <header><strong>{WebUtility.HtmlEncode(creditor.Name)}</strong><br>CNPJ {Documents.Format(creditor.Document)}</header>
        <p class="date">{date.ToString("d 'de' MMMM 'de' yyyy", Money.PtBr)}</p>
        <address>{WebUtility.HtmlEncode(addressee)}<br>{WebUtility.HtmlEncode(address)}</address>
        <main>{body}</main>
        </body></html>
        """;

    private const string Style = "@page { size: A4; margin: 25mm } body { font: 12pt/1.5 Georgia, serif; color: #111 } header { margin-bottom: 2em } .date { text-align: right } address { font-style: normal; margin: 2em 0 }";
}
