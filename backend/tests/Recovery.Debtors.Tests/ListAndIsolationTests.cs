namespace Recovery.Debtors.Tests;

public sealed class ListAndIsolationTests
{
    private RecoveryApp _app = null!;

    [OneTimeSetUp] public void Start() => _app = new RecoveryApp();
    [OneTimeTearDown] public async Task Stop() => await _app.DisposeAsync();

    [Test]
    public async Task Pages_walk_every_invoice_once_in_change_order()
    {
        var (partner, _, _) = await _app.PartnerAsync();
        var pushed = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var body = Invoices.Example();
            (await partner.PushAsync(body)).EnsureSuccessStatusCode();
            pushed.Add(body["externalId"]!.GetValue<string>());
        }
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await partner.GetAsync("/api/v1/partner/invoices?limit=2" + (cursor is null ? "" : "&cursor=" + cursor))).JsonAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("externalId").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        } while (cursor is not null);
        Assert.That(seen, Is.EqualTo(pushed));
    }

    [Test]
    public async Task Filters_by_status_and_by_updated_since()
    {
        var (partner, _, _) = await _app.PartnerAsync();
        var a = Invoices.Example();
        var b = Invoices.Example();
        (await partner.PushAsync(a)).EnsureSuccessStatusCode();
        (await partner.PushAsync(b)).EnsureSuccessStatusCode();
        (await partner.PostAsJsonAsync($"/api/v1/partner/invoices/{b["externalId"]}/cancel", new { reason = "x" })).EnsureSuccessStatusCode();

        var cancelled = await (await partner.GetAsync("/api/v1/partner/invoices?status=cancelled")).JsonAsync();
        Assert.That(cancelled.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("externalId").GetString()),
            Is.EqualTo(new[] { b["externalId"]!.GetValue<string>() }));

        var since = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"));
        var none = await (await partner.GetAsync($"/api/v1/partner/invoices?updatedSince={since}")).JsonAsync();
        Assert.That(none.GetProperty("items").GetArrayLength(), Is.Zero);

        await (await partner.GetAsync("/api/v1/partner/invoices?status=lost")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await partner.GetAsync("/api/v1/partner/invoices?limit=1001")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await partner.GetAsync("/api/v1/partner/invoices?cursor=garbage")).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task A_partner_never_sees_changes_or_learns_of_another_partners_invoice()
    {
        var (owner, _, _) = await _app.PartnerAsync();
        var (intruder, _, _) = await _app.PartnerAsync();
        var body = Invoices.Example();
        var externalId = body["externalId"]!.GetValue<string>();
        var original = await (await owner.PushAsync(body)).JsonAsync();

        await (await intruder.GetAsync($"/api/v1/partner/invoices/{externalId}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await intruder.PostAsJsonAsync($"/api/v1/partner/invoices/{externalId}/payments",
            new { paymentId = "P1", amount = 10m, paidAt = "2026-11-20" })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await intruder.PostAsJsonAsync($"/api/v1/partner/invoices/{externalId}/cancel", new { reason = "x" }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        var list = await (await intruder.GetAsync("/api/v1/partner/invoices")).JsonAsync();
        Assert.That(list.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("externalId").GetString() == externalId), Is.False);

        // The same external id from another partner is that partner's own invoice.
        body["amount"] = 1m;
        var theirs = await intruder.PushAsync(body);
        Assert.That(theirs.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await theirs.JsonAsync()).GetProperty("id").GetGuid(), Is.Not.EqualTo(original.GetProperty("id").GetGuid()));

        var mine = await owner.InvoiceAsync(externalId);
        Assert.That(mine.GetProperty("amount").GetDecimal(), Is.EqualTo(1234.56m));
        Assert.That(mine.GetProperty("status").GetString(), Is.EqualTo("open"));
        Assert.That(mine.GetProperty("outstanding").GetDecimal(), Is.EqualTo(1234.56m));
    }

    [Test]
    public async Task Partner_endpoints_need_a_key()
    {
        var anonymous = _app.Anonymous();
        await (await anonymous.GetAsync("/api/v1/partner/invoices")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsJsonAsync("/api/v1/partner/invoices", Invoices.Example())).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsJsonAsync("/api/v1/partner/invoices/batch", new { invoices = new[] { Invoices.Example() } }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
