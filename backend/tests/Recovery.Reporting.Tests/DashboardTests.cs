namespace Recovery.Reporting.Tests;

/// <summary>
/// The supervisor's dashboard after a small working day: a promise broken overnight, promises made (one due today), an
/// agreement with its down payment paid, a creditor's payment, payments of last month and a message the law blocked;
/// every figure against the numbers the test works out by hand.
/// </summary>
public sealed class DashboardTests
{
    private static async Task<JsonElement> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{url}: {await response.Content.ReadAsStringAsync()}");
        return await response.JsonAsync();
    }

    private static async Task<(Guid InvoiceId, Guid DebtorId, string ExternalId)> PushAsync(HttpClient partner, DateOnly today, decimal amount)
    {
        var body = Invoices.Example(document: TestData.Cpf());
        body["issueDate"] = null;
        body["dueDate"] = today.AddDays(-40).ToString("yyyy-MM-dd");
        body["amount"] = amount;
        var invoice = await (await partner.PushAsync(body)).JsonAsync();
        return (invoice.GetProperty("id").GetGuid(), invoice.GetProperty("debtorId").GetGuid(), invoice.GetProperty("externalId").GetString()!);
    }

    [Test]
    public async Task The_days_figures_equal_what_the_day_did()
    {
        await using var app = new RecoveryApp(new()
        {
            ["Negotiation:Agreements:Interval"] = "00:00:00.200",
            ["Communication:DispatchInterval"] = "00:00:00.200",
            ["Communication:DailyRunHour"] = "25",
        });
        var (partner, _, _) = await app.PartnerAsync();
        var ana = await app.PersonAsync("agent", "Ana Cobradora");
        var bruno = await app.PersonAsync("agent", "Bruno Negociador");
        var (anaEmail, brunoEmail) = (app.EmailOf(ana), app.EmailOf(bruno));
        var start = app.Today;

        var breaker = await PushAsync(partner, start, 400.00m);
        var promising = await PushAsync(partner, start, 900.00m);
        var dueToday = await PushAsync(partner, start, 300.00m);
        var agreeing = await PushAsync(partner, start, 1000.00m);
        var paying = await PushAsync(partner, start, 500.00m);
        var held = await PushAsync(partner, start, 250.00m);
        var aboveAuthority = await PushAsync(partner, start, 1000.00m);

        // Yesterday's promise, due the next day and never paid: broken when the day starts.
        (await ana.PostAsJsonAsync($"/api/v1/debtors/{breaker.DebtorId}/promises", new { amount = 150.00m, dueDate = start.AddDays(1) })).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromDays(2));
        var day = app.Today;
        ana = await app.AgainAsync(ana);
        bruno = await app.AgainAsync(bruno);
        var supervisor = await app.PersonAsync("supervisor");

        // The day.
        (await ana.PostAsJsonAsync($"/api/v1/debtors/{promising.DebtorId}/promises", new { amount = 200.00m, dueDate = day.AddDays(3) })).EnsureSuccessStatusCode();
        (await bruno.PostAsJsonAsync($"/api/v1/debtors/{dueToday.DebtorId}/promises", new { amount = 50.00m, dueDate = day })).EnsureSuccessStatusCode();
        var created = await ana.PostAsJsonAsync("/api/v1/agreements", new
        {
            debtorId = agreeing.DebtorId, invoiceIds = new[] { agreeing.InvoiceId }, downPayment = 200.00m, installments = 2,
            firstDueDate = day.AddDays(30).ToString("yyyy-MM-dd"), discountPercent = 0m,
        });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var agreement = await created.JsonAsync();
        var agreementTotal = agreement.Money("total");
        var downPayment = agreement.GetProperty("installments")[0].Money("amount");
        (await ana.PostAsJsonAsync($"/api/v1/agreements/{agreement.GetProperty("id").GetGuid()}/payments",
            new { paymentId = "D0", amount = downPayment, paidAt = day })).EnsureSuccessStatusCode();
        // Bruno's agreement asks too small a down payment: it waits for a supervisor.
        var pending = await bruno.PostAsJsonAsync("/api/v1/agreements", new
        {
            debtorId = aboveAuthority.DebtorId, invoiceIds = new[] { aboveAuthority.InvoiceId }, downPayment = 50.00m, installments = 2,
            firstDueDate = day.AddDays(30).ToString("yyyy-MM-dd"), discountPercent = 0m,
        });
        Assert.That(pending.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await pending.Content.ReadAsStringAsync());
        var pendingTotal = (await pending.JsonAsync()).Money("total");
        (await partner.PostAsJsonAsync($"/api/v1/partner/invoices/{paying.ExternalId}/payments",
            new { paymentId = "P-today", amount = 75.00m, paidAt = day })).EnsureSuccessStatusCode();
        // Last month: one payment on its first day (also in last month to this day) and one on its last day.
        var lastStart = new DateOnly(day.Year, day.Month, 1).AddMonths(-1);
        var lastEnd = new DateOnly(day.Year, day.Month, 1).AddDays(-1);
        (await partner.PostAsJsonAsync($"/api/v1/partner/invoices/{paying.ExternalId}/payments",
            new { paymentId = "P-first", amount = 10.00m, paidAt = lastStart })).EnsureSuccessStatusCode();
        (await partner.PostAsJsonAsync($"/api/v1/partner/invoices/{paying.ExternalId}/payments",
            new { paymentId = "P-last", amount = 20.00m, paidAt = lastEnd })).EnsureSuccessStatusCode();
        // A message to a debtor under a dispute: the law blocks it at dispatch.
        (await bruno.PostAsJsonAsync($"/api/v1/debtors/{held.DebtorId}/holds",
            new { kind = "dispute", reason = "contesta a cobrança", legalBasis = "CDC art. 42" })).EnsureSuccessStatusCode();
        await Task.Delay(300);
        var message = await bruno.PostAsJsonAsync($"/api/v1/debtors/{held.DebtorId}/messages", new { template = "acordo-lembrete-sms", invoiceId = held.InvoiceId });
        Assert.That(message.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await message.Content.ReadAsStringAsync());

        var url = $"/api/v1/reports/dashboard?date={day:yyyy-MM-dd}";
        await RecoveryApp.EventuallyAsync(async () =>
        {
            var d = await GetAsync(supervisor, url);
            return d.GetProperty("promisesBroken").GetProperty("count").GetInt64() == 1 && d.GetProperty("messages").GetProperty("blocked").GetInt64() == 1
                   && d.GetProperty("recovered").Money("today") == downPayment + 75.00m && d.GetProperty("recovered").Money("lastMonth") == 30.00m
                   && d.GetProperty("promisesMade").GetProperty("count").GetInt64() == 2 && d.GetProperty("agreements").GetProperty("count").GetInt64() == 2;
        }, "the dashboard to catch up with the day");

        var dash = await GetAsync(supervisor, url);
        Assert.That(dash.GetProperty("date").GetString(), Is.EqualTo(day.ToString("yyyy-MM-dd")));
        Assert.That(dash.GetProperty("promisesMade").Money("amount"), Is.EqualTo(250.00m));
        Assert.That(dash.GetProperty("promisesDue").GetProperty("count").GetInt64(), Is.EqualTo(1), "bruno's promise is due today");
        Assert.That(dash.GetProperty("promisesDue").Money("amount"), Is.EqualTo(50.00m));
        Assert.That(dash.GetProperty("promisesBroken").Money("amount"), Is.EqualTo(150.00m), "nothing of yesterday's promise was paid");
        Assert.That(dash.GetProperty("promisesKept").GetProperty("count").GetInt64(), Is.EqualTo(0));
        Assert.That(dash.GetProperty("agreements").Money("amount"), Is.EqualTo(agreementTotal + pendingTotal));
        Assert.That(dash.GetProperty("approvalsWaiting").GetProperty("count").GetInt64(), Is.EqualTo(1));
        Assert.That(dash.GetProperty("approvalsWaiting").Money("amount"), Is.EqualTo(pendingTotal));
        var recovered = dash.GetProperty("recovered");
        Assert.That(recovered.Money("month"), Is.EqualTo(downPayment + 75.00m));
        Assert.That(recovered.Money("lastMonthToDate"), Is.EqualTo(10.00m + (day.Day >= lastEnd.Day ? 20.00m : 0m)));
        var messages = dash.GetProperty("messages");
        Assert.That(messages.GetProperty("sent").GetInt64(), Is.EqualTo(0));
        var reason = messages.GetProperty("blockedByReason").EnumerateArray().Single();
        Assert.That(reason.GetProperty("count").GetInt64(), Is.EqualTo(1));
        Assert.That(reason.GetProperty("reason").GetString(), Does.Contain("dispute").Or.Contain("contesta"));
        Assert.That(dash.GetProperty("contacts").GetProperty("attempted").GetInt64(), Is.EqualTo(0), "a blocked message was not an attempt");

        var agents = dash.GetProperty("agents").EnumerateArray().ToDictionary(a => a.GetProperty("agent").GetString()!);
        Assert.That(agents.Keys, Is.EquivalentTo(new[] { anaEmail, brunoEmail }));
        var anaLine = agents[anaEmail];
        Assert.That(anaLine.GetProperty("promisesMade").GetInt64(), Is.EqualTo(1));
        Assert.That(anaLine.Money("promisedAmount"), Is.EqualTo(200.00m));
        Assert.That(anaLine.GetProperty("promisesBroken").GetInt64(), Is.EqualTo(1));
        Assert.That(anaLine.GetProperty("agreements").GetInt64(), Is.EqualTo(1));
        Assert.That(anaLine.Money("agreementAmount"), Is.EqualTo(agreementTotal));
        Assert.That(anaLine.Money("recoveredToday"), Is.EqualTo(downPayment), "the creditor's own payment is nobody's");
        var brunoLine = agents[brunoEmail];
        Assert.That(brunoLine.GetProperty("promisesMade").GetInt64(), Is.EqualTo(1));
        Assert.That(brunoLine.GetProperty("agreements").GetInt64(), Is.EqualTo(1));
        Assert.That(brunoLine.Money("agreementAmount"), Is.EqualTo(pendingTotal));
        Assert.That(brunoLine.Money("recoveredToday"), Is.EqualTo(0m));

        // The day before had only the promise; agents see no dashboard; a wrong date is named.
        var before = await GetAsync(supervisor, $"/api/v1/reports/dashboard?date={start:yyyy-MM-dd}");
        Assert.That(before.GetProperty("promisesMade").GetProperty("count").GetInt64(), Is.EqualTo(1));
        Assert.That(before.GetProperty("promisesBroken").GetProperty("count").GetInt64(), Is.EqualTo(0));
        await (await ana.GetAsync(url)).AssertProblemAsync(HttpStatusCode.Forbidden);
        var bad = await (await supervisor.GetAsync("/api/v1/reports/dashboard?date=1500-01-01")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(bad.ErrorsFor("date"), Is.Not.Empty);
    }
}
