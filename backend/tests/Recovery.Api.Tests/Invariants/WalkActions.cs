namespace Recovery.Api.Tests.Invariants;

/// <summary>The walk's actions, each through the HTTP API as the partner, an agent, a supervisor or an administrator would.</summary>
internal sealed partial class Walk
{
    private (string Name, Func<Task<string>> Run) Draw()
    {
        bool Live(WalkDebt d) => Agreements.Any(a => a.Status is "active" or "pending_approval" && a.Debts.Contains(d));
        var payable = Debts.Where(d => d.Status is "open" or "in_agreement" && d.Outstanding > 0).ToList();
        var negotiable = Debts.Where(d => d.Status == "open" && d.Outstanding > 0 && !Live(d)).GroupBy(d => d.Debtor).Select(g => g.ToList()).ToList();
        var active = Agreements.Where(a => a.Status == "active").ToList();
        var pending = Agreements.Where(a => a.Status == "pending_approval").ToList();
        var held = Partners.SelectMany(p => p.Debtors).Where(d => d.Holds.Count > 0).ToList();
        var options = new List<(int Weight, string Name, Func<Task<string>> Run)>
        {
            (Debts.Count < 40 ? 10 : 3, "push a new invoice", () => PushNewAsync(Pick(Partners))),
            (4, "push a new amount", () => NewAmountAsync(Pick(Debts))),
            (4, "let days pass", () => DaysPassAsync(1 + _random.Next(3))),
            (4, "dunning run", RunDunningAsync),
            (2, "place a hold", () => PlaceHoldAsync(Pick(Debts).Debtor)),
            (2, "cancel an invoice", () => CancelInvoiceAsync(Pick(Debts))),
        };
        if (payable.Count > 0)
        {
            options.Add((5, "partial partner payment", () => PartnerPaysAsync(Pick(payable), full: false)));
            options.Add((4, "full partner payment", () => PartnerPaysAsync(Pick(payable), full: true)));
        }
        if (negotiable.Count > 0)
        {
            options.Add((7, "agreement within authority", () => AgreementAsync(Pick(negotiable), above: false)));
            options.Add((5, "agreement above authority", () => AgreementAsync(Pick(negotiable), above: true)));
        }
        if (pending.Count > 0)
        {
            options.Add((4, "supervisor approves", () => DecideAsync(Pick(pending), "approve")));
            options.Add((3, "supervisor rejects", () => DecideAsync(Pick(pending), "reject")));
            options.Add((1, "supervisor cancels a pending agreement", () => DecideAsync(Pick(pending), "cancel")));
        }
        if (active.Count > 0)
        {
            options.Add((6, "agent registers an installment", () => PayInstallmentAsync(Pick(active), pix: false)));
            options.Add((5, "Pix pays an installment", () => PayInstallmentAsync(Pick(active), pix: true)));
            options.Add((2, "agent pays up to completion", () => PayUpAsync(Pick(active))));
            options.Add((2, "supervisor cancels an agreement", () => DecideAsync(Pick(active), "cancel")));
            options.Add((2, "agreement broken by the clock", () => BreakAsync(Pick(active))));
        }
        if (held.Count > 0) options.Add((2, "lift a hold", () => LiftHoldAsync(Pick(held))));

        var draw = _random.Next(options.Sum(o => o.Weight));
        foreach (var o in options)
        {
            if (draw < o.Weight) return (o.Name, o.Run);
            draw -= o.Weight;
        }
        throw new InvalidOperationException("unreachable");
    }

    private async Task<string> PushNewAsync(WalkPartner partner)
    {
        WalkDebtor debtor;
        if (partner.Debtors.Count == 0 || Chance(50))
        {
            var n = partner.Debtors.Count + 1;
            debtor = new WalkDebtor
            {
                Partner = partner, Document = TestData.Cpf(_random), Name = $"Devedor {partner.Index}-{n}", Email = $"devedor{partner.Index}-{n}@example.com",
            };
            partner.Debtors.Add(debtor);
        }
        else debtor = Pick(partner.Debtors);
        var debt = new WalkDebt
        {
            Debtor = debtor, ExternalId = NextId($"NF{partner.Index}"), Portfolio = $"carteira-{partner.Index}",
            DueDate = app.Today.AddDays(_random.Next(-75, 9)), Amount = _random.Next(400, 3000) + _random.Next(100) / 100m,
        };
        var invoice = await (await partner.Client.PostAsJsonAsync("/api/v1/partner/invoices", WalkData.Invoice(debt))).JsonAsync();
        debt.InvoiceId = invoice.GetProperty("id").GetGuid();
        debtor.Id = invoice.GetProperty("debtorId").GetGuid();
        debt.Outstanding = debt.Amount;
        debtor.Debts.Add(debt);
        Debts.Add(debt);
        return $"{debt} of {debtor.Name} ({partner}), {debt.Amount:0.00} due {debt.DueDate:yyyy-MM-dd}";
    }

    private async Task<string> NewAmountAsync(WalkDebt debt)
    {
        var previous = debt.Amount;
        debt.Amount = Math.Max(previous - debt.Outstanding + 50m, previous + _random.Next(-150, 300));
        var response = await debt.Debtor.Partner.Client.PostAsJsonAsync("/api/v1/partner/invoices", WalkData.Invoice(debt));
        if (response.IsSuccessStatusCode) return $"{debt} ({debt.Status}): amount {previous:0.00} -> {debt.Amount:0.00}";
        var refused = debt.Amount;
        debt.Amount = previous;
        Assert.That((int)response.StatusCode, Is.InRange(400, 499), await response.Content.ReadAsStringAsync());
        return $"{debt} ({debt.Status}): amount {previous:0.00} -> {refused:0.00} refused ({(int)response.StatusCode})";
    }

    private async Task<string> PartnerPaysAsync(WalkDebt debt, bool full)
    {
        var amount = full
            ? debt.Outstanding + (Chance(20) ? 10m : 0m)
            : Math.Max(1m, decimal.Round(debt.Outstanding * _random.Next(10, 50) / 100m, 2));
        var paid = await (await debt.Debtor.Partner.Client.PostAsJsonAsync($"/api/v1/partner/invoices/{Uri.EscapeDataString(debt.ExternalId)}/payments",
            new { paymentId = NextId("PAG"), amount, paidAt = app.Today.ToString("yyyy-MM-dd") })).JsonAsync();
        return $"{debt} ({debt.Status} {debt.Outstanding:0.00}): the partner registers {amount:0.00}; outstanding {paid.Money("outstanding"):0.00}";
    }

    private async Task<string> DaysPassAsync(int days)
    {
        Advance(days);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await views.QuiescentAsync($"seed {seed}, step {Step}, after {days} days");
        var quiet = watch.ElapsedMilliseconds;
        await views.DispatchSettledAsync($"seed {seed}, step {Step}");
        var sent = (await views.MessagesAsync()).Count(m => m.SentAt is not null);
        return $"{days} day(s) pass, to {app.Clock.GetUtcNow():yyyy-MM-dd HH:mm} UTC (events {quiet} ms, dispatch {watch.ElapsedMilliseconds - quiet} ms); {sent} messages sent so far";
    }

    private async Task<string> RunDunningAsync()
    {
        var before = (await views.MessagesAsync()).Select(m => m.Id).ToHashSet();
        var started = await Supervisor.PostAsync("/api/v1/communication/runs", null);
        Assert.That(started.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await started.Content.ReadAsStringAsync());
        var id = (await started.JsonAsync()).GetProperty("id").GetGuid();
        var status = "running";
        await RecoveryApp.EventuallyAsync(async () =>
            (status = (await (await Supervisor.GetAsync($"/api/v1/communication/runs/{id}")).JsonAsync()).GetProperty("status").GetString()!) != "running",
            "the dunning run to finish");
        Assert.That(status, Is.EqualTo("completed"));
        var planned = (await views.MessagesAsync()).Where(m => !before.Contains(m.Id)).ToList();
        var communication = await views.CopiesAsync("communication");
        var reporting = await views.CopiesAsync("reporting");
        foreach (var m in planned)
        {
            var debt = Debts.Single(d => d.InvoiceId == m.InvoiceId);
            if (debt.Status != "open")
                Note($"{m.Id}|run", $"seed {seed}, step {Step}, invoice {debt}: the dunning run planned {m} for a debt that is not open: partner {debt.Status} {debt.Outstanding:0.00}, " +
                     $"communication {communication.GetValueOrDefault(debt.InvoiceId)}, reporting {reporting.GetValueOrDefault(debt.InvoiceId)}");
        }
        await views.DispatchSettledAsync($"seed {seed}, step {Step}");
        return $"planned {planned.Count}: {string.Join(", ", planned.Select(m => $"{m.StepKey} for {Debts.Single(d => d.InvoiceId == m.InvoiceId).ExternalId}"))}";
    }

    private async Task<string> CancelInvoiceAsync(WalkDebt debt)
    {
        var response = await debt.Debtor.Partner.Client.PostAsJsonAsync($"/api/v1/partner/invoices/{Uri.EscapeDataString(debt.ExternalId)}/cancel",
            new { reason = "cobrança encerrada pelo credor" });
        if (!response.IsSuccessStatusCode) Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), await response.Content.ReadAsStringAsync());
        return $"{debt} ({debt.Status}): cancel -> {(int)response.StatusCode}";
    }

    private async Task<string> PlaceHoldAsync(WalkDebtor debtor)
    {
        var invoice = Chance(50) ? Pick(debtor.Debts) : null;
        var hold = await (await Agent.PostAsJsonAsync($"/api/v1/debtors/{debtor.Id}/holds", new
        {
            kind = Chance(50) ? "dispute" : "hardship", reason = "contestação do débito", invoiceId = invoice?.InvoiceId,
        })).JsonAsync();
        debtor.Holds.Add(hold.GetProperty("id").GetGuid());
        return $"{debtor.Name}: hold on {(invoice is null ? "every debt" : invoice.ToString())}";
    }

    private async Task<string> LiftHoldAsync(WalkDebtor debtor)
    {
        var hold = Pick(debtor.Holds);
        (await Supervisor.PostAsJsonAsync($"/api/v1/debtors/{debtor.Id}/holds/{hold}/lift", new { reason = "contestação resolvida" })).EnsureSuccessStatusCode();
        debtor.Holds.Remove(hold);
        return $"{debtor.Name}: hold {hold} lifted";
    }
}
