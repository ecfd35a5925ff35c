namespace Recovery.Api.Tests.Invariants;

/// <summary>The walk's agreements: made within and above an agent's authority, decided, paid by the agent or by Pix, broken by the clock.</summary>
internal sealed partial class Walk
{
    private async Task<string> AgreementAsync(List<WalkDebt> debts, bool above)
    {
        var chosen = debts.Take(1 + _random.Next(Math.Min(2, debts.Count))).ToList();
        var firstDue = app.Today.AddDays(_random.Next(5, 31));
        object Plan(decimal discount, decimal down, int installments) => new
        {
            debtorId = chosen[0].Debtor.Id, invoiceIds = chosen.Select(d => d.InvoiceId).ToArray(), downPayment = down, installments,
            firstDueDate = firstDue.ToString("yyyy-MM-dd"), discountPercent = discount,
        };
        async Task<(object Plan, string? Role)?> TryAsync(decimal discount, int installments)
        {
            var total = (await (await Agent.PostAsJsonAsync("/api/v1/negotiations/simulate", Plan(discount, 0m, 1))).JsonAsync()).Money("total");
            var down = installments == 1 ? 0m : decimal.Round(total * 0.3m, 2);
            var plan = Plan(discount, down, installments);
            var simulation = await (await Agent.PostAsJsonAsync("/api/v1/negotiations/simulate", plan)).JsonAsync();
            if (!simulation.GetProperty("lawful").GetBoolean()) return null;
            return (plan, simulation.GetProperty("requiredRole").GetString());
        }

        (object Plan, string? Role)? found = null;
        if (above)
        {
            foreach (var discount in new[] { 5m, 8m, 12m, 15m, 25m })
                if (await TryAsync(discount, 2) is { Role: "supervisor" } f) { found = f; break; }
        }
        else if (await TryAsync(0m, 1 + _random.Next(3)) is { Role: "agent" } f) found = f;
        var over = string.Join(", ", chosen.Select(d => $"{d} {d.Outstanding:0.00} due {d.DueDate:yyyy-MM-dd}"));
        if (found is null) return $"no plan {(above ? "needing a supervisor" : "within an agent's authority")} over {over}";

        var response = await Agent.PostAsJsonAsync("/api/v1/agreements", found.Value.Plan);
        Assert.That(response.StatusCode, Is.EqualTo(above ? HttpStatusCode.Accepted : HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var view = await response.JsonAsync();
        var agreement = new WalkAgreement { Id = view.GetProperty("id").GetGuid(), Debts = chosen, Status = view.GetProperty("status").GetString()! };
        Agreements.Add(agreement);
        return $"{agreement} ({agreement.Status}, total {view.Money("total"):0.00}, {view.GetProperty("installmentCount").GetInt32()} installments) over {over}";
    }

    private async Task<string> DecideAsync(WalkAgreement agreement, string decision)
    {
        var reason = decision switch { "reject" => "desconto fora da política", "cancel" => "pedido do devedor", _ => null };
        var response = await Supervisor.PostAsJsonAsync($"/api/v1/agreements/{agreement.Id}/{decision}", new { reason });
        if (decision == "approve" && response.StatusCode == HttpStatusCode.Conflict)
        {
            // Debtors' word at approval: a debt paid or cancelled while the agreement waited cannot be negotiated.
            var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.That(problem.GetProperty("type").GetString(), Does.EndWith("/agreement-debts-not-open"));
            Assert.That(agreement.Debts.Any(d => d.Status != "open"), Is.True, $"{agreement}: approval refused although every debt is open");
            return $"{agreement}: approval refused, a debt is no longer open";
        }
        var view = await response.JsonAsync();
        var was = agreement.Status;
        agreement.Status = view.GetProperty("status").GetString()!;
        return $"{agreement}: {was} -> {agreement.Status}";
    }

    private async Task<(JsonElement Installment, decimal Due)?> NextInstallmentAsync(WalkAgreement agreement)
    {
        var view = await (await Agent.GetAsync($"/api/v1/agreements/{agreement.Id}")).JsonAsync();
        foreach (var i in view.GetProperty("installments").EnumerateArray())
            if (i.GetProperty("status").GetString() != "paid") return (i, i.Money("amount") - i.Money("paid"));
        return null;
    }

    private async Task<string> PayInstallmentAsync(WalkAgreement agreement, bool pix)
    {
        if (await NextInstallmentAsync(agreement) is not { } next) return $"{agreement}: nothing left to pay";
        var number = next.Installment.GetProperty("number").GetInt32();
        string status;
        if (pix)
        {
            var partner = agreement.Debts[0].Debtor.Partner;
            var answer = await (await partner.Client.PostAsJsonAsync("/api/v1/partner/pix/payments", new
            {
                txid = next.Installment.GetProperty("txid").GetString(), endToEndId = NextId($"E2E{seed}"), amount = next.Due, paidAt = app.Today.ToString("yyyy-MM-dd"),
            })).JsonAsync();
            status = answer.GetProperty("agreementStatus").GetString()!;
        }
        else
        {
            var view = await (await Agent.PostAsJsonAsync($"/api/v1/agreements/{agreement.Id}/payments",
                new { paymentId = NextId("AG"), amount = next.Due, paidAt = app.Today.ToString("yyyy-MM-dd") })).JsonAsync();
            status = view.GetProperty("status").GetString()!;
        }
        return $"{agreement}: installment {number} ({next.Due:0.00}) paid by {(pix ? "Pix" : "the agent")}; agreement {status}";
    }

    private async Task<string> PayUpAsync(WalkAgreement agreement)
    {
        var paid = new List<string>();
        while (await NextInstallmentAsync(agreement) is { } next)
        {
            (await Agent.PostAsJsonAsync($"/api/v1/agreements/{agreement.Id}/payments",
                new { paymentId = NextId("AG"), amount = next.Due, paidAt = app.Today.ToString("yyyy-MM-dd") })).EnsureSuccessStatusCode();
            paid.Add($"{next.Installment.GetProperty("number").GetInt32()} ({next.Due:0.00})");
        }
        return $"{agreement}: the agent registers installments {string.Join(", ", paid)}";
    }

    private async Task<string> BreakAsync(WalkAgreement agreement)
    {
        if (await NextInstallmentAsync(agreement) is not { } next) return $"{agreement}: nothing unpaid";
        var view = await (await Agent.GetAsync($"/api/v1/agreements/{agreement.Id}")).JsonAsync();
        var breaksOn = DateOnly.Parse(next.Installment.GetProperty("dueDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture).AddDays(view.GetProperty("toleranceDays").GetInt32() + 1);
        var days = Math.Max(1, breaksOn.DayNumber - app.Today.DayNumber);
        await DaysPassAsync(days);
        ChangesFromNow();
        var admin = await app.AdminAsync();
        HttpResponseMessage run = null!;
        await RecoveryApp.EventuallyAsync(async () => (run = await admin.PostAsync("/api/v1/admin/jobs/agreements/runs", null)).StatusCode != HttpStatusCode.Conflict,
            "the agreements job to be free");
        var result = await run.JsonAsync();
        return $"{agreement}: {days} days pass, installment {next.Installment.GetProperty("number").GetInt32()} unpaid; agreements job: {result}";
    }
}
