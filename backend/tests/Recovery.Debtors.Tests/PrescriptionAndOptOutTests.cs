namespace Recovery.Debtors.Tests;

public sealed class PrescriptionAndOptOutTests
{
    [Test]
    public async Task Debts_five_years_past_due_become_prescribed_as_the_clock_moves()
    {
        await using var app = new RecoveryApp(new() { ["Debtors:Prescription:Interval"] = "00:00:00.200" });
        var (partner, _, _) = await app.PartnerAsync();
        var today = app.Today;
        var old = Invoices.Example();
        old["issueDate"] = null;
        old["dueDate"] = today.AddYears(-5).AddDays(-2).ToString("yyyy-MM-dd");
        var recent = Invoices.Example();
        recent["issueDate"] = null;
        recent["dueDate"] = today.AddYears(-4).ToString("yyyy-MM-dd");
        (await partner.PushAsync(old)).EnsureSuccessStatusCode();
        (await partner.PushAsync(recent)).EnsureSuccessStatusCode();

        await RecoveryApp.EventuallyAsync(async () =>
            (await partner.InvoiceAsync(old["externalId"]!.GetValue<string>())).GetProperty("status").GetString() == "prescribed",
            "the old debt to prescribe");
        Assert.That((await partner.InvoiceAsync(recent["externalId"]!.GetValue<string>())).GetProperty("status").GetString(), Is.EqualTo("open"));

        app.Clock.Advance(TimeSpan.FromDays(366));
        await RecoveryApp.EventuallyAsync(async () =>
            (await partner.InvoiceAsync(recent["externalId"]!.GetValue<string>())).GetProperty("status").GetString() == "prescribed",
            "the other debt to prescribe a year later");
    }

    [Test]
    public async Task A_hold_ends_by_itself_on_its_end_date()
    {
        await using var app = new RecoveryApp(new() { ["Debtors:Prescription:Interval"] = "00:00:00.200" });
        var (partner, _, _) = await app.PartnerAsync();
        var debtorId = (await (await partner.PushAsync(Invoices.Example())).JsonAsync()).GetProperty("debtorId").GetGuid();
        var agent = await app.PersonAsync("agent");
        var endsOn = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(3);
        var hold = await (await agent.PostAsJsonAsync($"/api/v1/debtors/{debtorId}/holds",
            new { kind = "hardship", reason = "desempregado", endsOn })).JsonAsync();
        await Task.Delay(600);
        Assert.That((await (await agent.GetAsync($"/api/v1/debtors/{debtorId}")).JsonAsync()).GetProperty("holds")[0]
            .GetProperty("liftedAt").ValueKind, Is.EqualTo(JsonValueKind.Null), "before its end date the hold stands");

        app.Clock.Advance(TimeSpan.FromDays(4));
        agent = await app.PersonAsync("agent"); // the earlier session expired with the days that passed
        await RecoveryApp.EventuallyAsync(async () =>
            (await (await agent.GetAsync($"/api/v1/debtors/{debtorId}")).JsonAsync()).GetProperty("holds")[0]
                .GetProperty("liftedBy").GetString() == "system", "the hold to end on its date");
        var timeline = await (await agent.GetAsync($"/api/v1/debtors/{debtorId}/timeline")).JsonAsync();
        Assert.That(timeline.GetProperty("items").EnumerateArray().Count(e => e.GetProperty("kind").GetString() == "hold_lifted"), Is.EqualTo(1));
        Assert.That(hold.GetProperty("id").GetGuid(), Is.Not.EqualTo(Guid.Empty));
    }

    [Test]
    public async Task A_contact_opted_out_stays_out_and_the_timeline_says_so()
    {
        await using var app = new RecoveryApp();
        var (partner, _, _) = await app.PartnerAsync();
        var cpf = TestData.Cpf();
        var invoice = await (await partner.PushAsync(Invoices.Example(document: cpf))).JsonAsync();
        var debtorId = invoice.GetProperty("debtorId").GetGuid();
        var agent = await app.PersonAsync("agent");
        var debtor = await (await agent.GetAsync($"/api/v1/debtors/{debtorId}")).JsonAsync();
        var email = debtor.GetProperty("contacts").EnumerateArray().Single(c => c.GetProperty("channel").GetString() == "email");
        var contactId = email.GetProperty("id").GetGuid();

        var first = await (await agent.PostAsJsonAsync($"/api/v1/debtors/{debtorId}/contacts/{contactId}/opt-out", new { reason = "pediu por telefone" })).JsonAsync();
        var again = await (await agent.PostAsJsonAsync($"/api/v1/debtors/{debtorId}/contacts/{contactId}/opt-out", new { reason = "de novo" })).JsonAsync();
        Assert.That(again.GetProperty("optedOutAt").GetDateTimeOffset(), Is.EqualTo(first.GetProperty("optedOutAt").GetDateTimeOffset()));

        // The partner pushing the same e-mail again does not bring it back.
        (await partner.PushAsync(Invoices.Example(document: cpf))).EnsureSuccessStatusCode();
        var after = await (await agent.GetAsync($"/api/v1/debtors/{debtorId}")).JsonAsync();
        var stillOut = after.GetProperty("contacts").EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == contactId);
        Assert.That(stillOut.GetProperty("optedOutAt").ValueKind, Is.Not.EqualTo(JsonValueKind.Null));

        var timeline = await (await agent.GetAsync($"/api/v1/debtors/{debtorId}/timeline")).JsonAsync();
        Assert.That(timeline.GetProperty("items").EnumerateArray().Count(e => e.GetProperty("kind").GetString() == "opt_out"), Is.EqualTo(1));
        await (await agent.PostAsJsonAsync($"/api/v1/debtors/{debtorId}/contacts/{Guid.NewGuid()}/opt-out", new { })).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
