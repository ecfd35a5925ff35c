using System.Text.RegularExpressions;
using Recovery.Communication.Contracts;

namespace Recovery.Api.Tests.Portal;

/// <summary>
/// <c>{{link_pagamento}}</c> as a signed, expiring link into the portal (ADR 0025): it carries no personal data, opens one
/// session for the message's debtor, once; an expired, tampered or spent link is refused in Portuguese.
/// </summary>
public sealed class PortalLinkTests
{
    private static readonly string Key = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray());
    private const string Url = "https://cobranca.example.com.br/portal/link";

    [Test]
    public async Task A_messages_link_opens_the_portal_once_and_an_expired_or_tampered_one_is_refused()
    {
        await using var host = await new PortalHost(new() { ["PortalLink:Key"] = Key, ["PortalLink:Url"] = Url }).StartAsync();
        PortalRequestsTests.MoveToTuesdayMorning(host.App);
        var document = TestData.Cpf();
        const string email = "maria.link@example.com";
        var (invoiceId, debtorId) = await host.DebtAsync(document, email, 750m, 35);
        var supervisor = await host.App.PersonAsync("supervisor");
        (await supervisor.PutAsJsonAsync("/api/v1/communication/templates/negocie-online", new
        {
            channel = "email", subject = "Negocie sua dívida com {{credor}}",
            body = "<p>Olá, {{nome}}. Negocie online: <a href=\"{{link_pagamento}}\">{{link_pagamento}}</a></p><p>{{credor}}, CNPJ {{cnpj_credor}}</p>",
        })).EnsureSuccessStatusCode();
        var agent = await host.App.PersonAsync("agent");
        (await agent.PostAsJsonAsync($"/api/v1/debtors/{debtorId}/messages", new { template = "negocie-online", invoiceId })).EnsureSuccessStatusCode();

        string? link = null;
        await RecoveryApp.EventuallyAsync(() =>
        {
            var mail = host.Smtp.Received.FirstOrDefault(m => m.To.Contains(email) && m.Text.Contains("Negocie online"));
            link = mail is null ? null : Regex.Match(mail.Text, @"https://cobranca\.example\.com\.br/portal/link#[A-Za-z0-9_\-\.]+").Value;
            return Task.FromResult(!string.IsNullOrEmpty(link));
        }, "the message with its link");
        var token = link![(Url.Length + 1)..];
        Assert.That(link, Does.Not.Contain(document).And.Not.Contain("maria").And.Not.Contain(debtorId.ToString()).And.Not.Contain(invoiceId.ToString()),
            "no personal data in the link");
        var (verdict, messageId) = PortalLink.Verify(PortalLink.Key(Key), token, host.App.Clock.GetUtcNow());
        Assert.That(verdict, Is.EqualTo(PortalLink.Verdict.Valid));

        // Tampered: one character of the signature changed, or the message's id signed with another key.
        var tampered = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');
        await AssertRefusedAsync(host, tampered, "portal-link-invalid", "não é válido");
        await AssertRefusedAsync(host, PortalLink.Sign(new byte[32], messageId, host.App.Clock.GetUtcNow().AddDays(1)), "portal-link-invalid", "não é válido");
        await AssertRefusedAsync(host, "abc", "portal-link-invalid", "não é válido");
        // The same bytes spelled another way (an unused low bit of the signature's last character set): refused as well.
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        await AssertRefusedAsync(host, token[..^1] + alphabet[alphabet.IndexOf(token[^1]) ^ 1], "portal-link-invalid", "não é válido");
        // Expired: the same message's link, correctly signed, a minute past its end.
        await AssertRefusedAsync(host, PortalLink.Sign(PortalLink.Key(Key), messageId, host.App.Clock.GetUtcNow().AddMinutes(-1)), "portal-link-expired", "expirou");
        // Well signed, but for no message of ours.
        await AssertRefusedAsync(host, PortalLink.Sign(PortalLink.Key(Key), Guid.NewGuid(), host.App.Clock.GetUtcNow().AddDays(1)), "portal-link-invalid", "não é válido");

        var browser = host.Browser();
        var opened = await browser.PostAsJsonAsync("/api/v1/portal/links", new { token });
        Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.OK), await opened.Content.ReadAsStringAsync());
        Assert.That((await opened.JsonAsync()).GetProperty("name").GetString(), Is.EqualTo("Maria da Silva"));
        Assert.That(opened.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("recovery_portal=")), Does.Contain("httponly").IgnoreCase);
        var debts = (await (await browser.GetAsync("/api/v1/portal/debts")).JsonAsync()).GetProperty("items").EnumerateArray();
        Assert.That(debts.Select(d => d.GetProperty("invoiceId").GetGuid()), Is.EqualTo(new[] { invoiceId }));

        // Once: the same link again is refused, and the page can offer the code sign-in.
        await AssertRefusedAsync(host, token, "portal-link-used", "já foi usado");

        // The link expires with the configured lifetime (7 days by default).
        host.App.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        Assert.That(PortalLink.Verify(PortalLink.Key(Key), token, host.App.Clock.GetUtcNow()).Verdict, Is.EqualTo(PortalLink.Verdict.Expired));

        var admin = await host.App.AdminAsync();
        var audit = (await (await admin.GetAsync($"/api/v1/audit?resource={debtorId}")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
        Assert.That(audit.Where(e => e.GetProperty("action").GetString() == "PortalLinkSignIn").Select(e => e.GetProperty("outcome").GetString()),
            Is.SupersetOf(new[] { "succeeded", "rejected:401:used", "rejected:401:expired" }));
    }

    private static async Task AssertRefusedAsync(PortalHost host, string token, string type, string words)
    {
        var browser = host.Browser();
        var problem = await (await browser.PostAsJsonAsync("/api/v1/portal/links", new { token })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That(problem.GetProperty("type").GetString(), Does.EndWith(type));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain(words).And.Contain("código de acesso"));
        Assert.That((await browser.GetAsync("/api/v1/portal/debts")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "no session");
    }
}
