using System.Security.Cryptography;
using System.Text;

namespace Recovery.Communication.Tests;

public sealed class WebhookTests
{
    /// <summary>
    /// The address is checked again at every connection: a host whose DNS now answers an internal address (here: a row
    /// pointing at this machine, as if it had been saved while it resolved elsewhere) gets nothing.
    /// </summary>
    [Test]
    public async Task A_delivery_connects_only_to_a_public_address_whatever_was_saved()
    {
        await using var dunning = new Dunning(new() { ["Communication:AllowLoopbackWebhooks"] = "false" });
        await dunning.StartAsync();
        await dunning.App.WithConnectionAsync("communication", c => Dapper.SqlMapper.ExecuteAsync(c,
            "INSERT INTO communication.webhook (partner_id, url, events, secret, updated_at) VALUES (@PartnerId, @Url, @Events, 'whsec_test', @Now)",
            new { dunning.PartnerId, Url = dunning.Provider.Url + "hooks/recovery", Events = "[\"invoice.paid\"]", Now = dunning.App.Clock.GetUtcNow() }));

        var paid = await dunning.DebtAsync(dunning.App.Today.AddDays(-10));
        (await dunning.Partner.PostAsJsonAsync($"/api/v1/partner/invoices/{paid.ExternalId}/payments",
            new { paymentId = "PG-1", amount = 1234.56m, paidAt = dunning.App.Today })).EnsureSuccessStatusCode();
        await RecoveryApp.EventuallyAsync(async () =>
        {
            var items = (await (await dunning.Partner.GetAsync("/api/v1/partner/webhook/deliveries")).JsonAsync()).GetProperty("items");
            return items.GetArrayLength() == 1 && items[0].GetProperty("attempts").GetInt32() >= 1;
        }, "the delivery attempted");
        var delivery = (await (await dunning.Partner.GetAsync("/api/v1/partner/webhook/deliveries")).JsonAsync()).GetProperty("items")[0];
        Assert.That(delivery.GetProperty("status").GetString(), Is.Not.EqualTo("delivered"));
        Assert.That(delivery.GetProperty("lastError").GetString(), Does.Contain("no public address"));
        Assert.That(dunning.Provider.Received, Is.Empty);
        Assert.That(dunning.Provider.Refused, Is.Empty, "nothing reached the receiver at all");
    }

    [Test]
    public async Task A_partner_receives_signed_events_retried_until_accepted_and_sees_each_delivery()
    {
        await using var dunning = new Dunning();
        await dunning.StartAsync();
        var refused = await (await dunning.Partner.PutAsJsonAsync("/api/v1/partner/webhook", new { url = "http://example.com/hook", events = new[] { "invoice.paid", "invoice.burned" } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(refused.ErrorsFor("url"), Is.Not.Empty, "plain http only to a loopback address");
        Assert.That(refused.ErrorsFor("events[1]"), Is.Not.Empty);

        var saved = await (await dunning.Partner.PutAsJsonAsync("/api/v1/partner/webhook",
            new { url = dunning.Provider.Url + "hooks/recovery", events = new[] { "invoice.paid", "invoice.cancelled" } })).JsonAsync();
        var secret = saved.GetProperty("secret").GetString()!;
        Assert.That(saved.GetProperty("events").GetArrayLength(), Is.EqualTo(2));
        var again = await (await dunning.Partner.PutAsJsonAsync("/api/v1/partner/webhook",
            new { url = dunning.Provider.Url + "hooks/recovery", events = new[] { "invoice.paid", "invoice.cancelled" } })).JsonAsync();
        Assert.That(again.GetProperty("secret").GetString(), Is.EqualTo(secret), "the secret stays when the webhook changes");

        dunning.Provider.Status = 503;
        var paid = await dunning.DebtAsync(dunning.App.Today.AddDays(-10));
        (await dunning.Partner.PostAsJsonAsync($"/api/v1/partner/invoices/{paid.ExternalId}/payments",
            new { paymentId = "PG-77", amount = 1234.56m, paidAt = dunning.App.Today })).EnsureSuccessStatusCode();
        await RecoveryApp.EventuallyAsync(() => Task.FromResult(!dunning.Provider.Refused.IsEmpty), "the first delivery, refused");
        // The partner's server has answered; the attempt is recorded once the job has read that answer.
        JsonElement pending = default;
        await RecoveryApp.EventuallyAsync(async () =>
        {
            pending = (await (await dunning.Partner.GetAsync("/api/v1/partner/webhook/deliveries")).JsonAsync()).GetProperty("items")[0];
            return pending.GetProperty("lastStatusCode").ValueKind == JsonValueKind.Number;
        }, "the refused attempt recorded");
        Assert.That(pending.GetProperty("status").GetString(), Is.EqualTo("pending"));
        Assert.That(pending.GetProperty("lastStatusCode").GetInt32(), Is.EqualTo(503));

        dunning.Provider.Status = 200;
        dunning.MoveTo(dunning.App.Clock.GetUtcNow().AddSeconds(31));
        await RecoveryApp.EventuallyAsync(() => Task.FromResult(!dunning.Provider.Received.IsEmpty), "the retried delivery");
        var delivery = dunning.Provider.Received.Single();
        Assert.That(delivery.Path, Is.EqualTo("/hooks/recovery"));
        Assert.That(delivery.Body.GetProperty("type").GetString(), Is.EqualTo("invoice.paid"));
        Assert.That(delivery.Body.GetProperty("data").GetProperty("externalId").GetString(), Is.EqualTo(paid.ExternalId));
        Assert.That(delivery.Body.GetProperty("data").GetProperty("amount").GetDecimal(), Is.EqualTo(1234.56m));
        var eventId = delivery.Headers["Recovery-Event-Id"];
        Assert.That(dunning.Provider.Refused.Single().Headers["Recovery-Event-Id"], Is.EqualTo(eventId), "the same event id on every attempt");

        // Verified as a partner would: t and v1 from the header, HMAC-SHA256 of "t.body" with the secret.
        var parts = delivery.Headers["Recovery-Signature"].Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{parts["t"]}.{delivery.Raw}")));
        Assert.That(parts["v1"], Is.EqualTo(expected));
        Assert.That(long.Parse(parts["t"]), Is.EqualTo(dunning.App.Clock.GetUtcNow().ToUnixTimeSeconds()).Within(60));

        await RecoveryApp.EventuallyAsync(async () =>
            (await (await dunning.Partner.GetAsync("/api/v1/partner/webhook/deliveries")).JsonAsync()).GetProperty("items")[0].GetProperty("status").GetString() == "delivered",
            "the delivery marked delivered");
        var deliveries = (await (await dunning.Partner.GetAsync("/api/v1/partner/webhook/deliveries")).JsonAsync()).GetProperty("items");
        Assert.That(deliveries.GetArrayLength(), Is.EqualTo(1));
        Assert.That(deliveries[0].GetProperty("attempts").GetInt32(), Is.EqualTo(2));
        Assert.That(deliveries[0].GetProperty("eventId").GetString(), Is.EqualTo(eventId));

        // Administrators see it when helping the partner, never its secret.
        var admin = await dunning.App.AdminAsync();
        var seen = await (await admin.GetAsync($"/api/v1/admin/partners/{dunning.PartnerId}/webhook")).JsonAsync();
        Assert.That(seen.TryGetProperty("secret", out _), Is.False);
        Assert.That(seen.GetProperty("url").GetString(), Is.EqualTo(saved.GetProperty("url").GetString()));
        var supported = (await (await admin.GetAsync($"/api/v1/admin/partners/{dunning.PartnerId}/webhook/deliveries")).JsonAsync()).GetProperty("items");
        Assert.That(supported[0].GetProperty("eventId").GetString(), Is.EqualTo(eventId));
        await (await (await dunning.App.PersonAsync("supervisor")).GetAsync($"/api/v1/admin/partners/{dunning.PartnerId}/webhook"))
            .AssertProblemAsync(HttpStatusCode.Forbidden);

        var other = await dunning.App.PartnerAsync();
        await (await other.Client.GetAsync("/api/v1/partner/webhook")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await admin.GetAsync($"/api/v1/admin/partners/{other.PartnerId}/webhook")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.That((await (await other.Client.GetAsync("/api/v1/partner/webhook/deliveries")).JsonAsync()).GetProperty("items").GetArrayLength(), Is.Zero,
            "a partner sees only its own deliveries");
    }
}
