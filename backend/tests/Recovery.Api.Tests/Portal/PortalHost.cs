using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Dapper;
using Recovery.Testing;

namespace Recovery.Api.Tests.Portal;

/// <summary>
/// The real host with a loopback SMTP server for the portal's codes, a partner that pushes debts, and debtors who sign
/// in as a person would: ask for a code, read it in the e-mail, send it back.
/// </summary>
internal sealed class PortalHost : IAsyncDisposable
{
    public SmtpSink Smtp { get; } = new();
    public RecoveryApp App { get; }
    public HttpClient Partner { get; private set; } = null!;
    public Guid PartnerId { get; private set; }

    public PortalHost(Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Communication:Smtp:Host"] = "127.0.0.1",
            ["Communication:Smtp:Port"] = Smtp.Port.ToString(),
        };
        foreach (var (k, v) in settings ?? []) all[k] = v;
        App = new RecoveryApp(all);
    }

    public async Task<PortalHost> StartAsync()
    {
        (Partner, PartnerId, _) = await App.PartnerAsync();
        return this;
    }

    /// <summary>Pushes a debt for the document (a new debtor with this e-mail the first time) and returns its invoice and debtor ids.</summary>
    public static async Task<(Guid InvoiceId, Guid DebtorId)> DebtAsync(HttpClient partner, string document, string email, decimal amount, DateOnly dueDate,
        decimal? income = 3200m)
    {
        var response = await partner.PostAsJsonAsync("/api/v1/partner/invoices", new
        {
            externalId = "NF-" + Guid.NewGuid().ToString("N")[..12],
            portfolio = "varejo",
            debtor = new
            {
                document, name = "Maria da Silva", monthlyIncome = income, emails = new[] { email }, phones = new[] { "+5511987654321" },
                address = new { street = "Rua A", number = "10", district = "Centro", city = "São Paulo", state = "SP", postalCode = "01310-100" },
            },
            amount, dueDate = dueDate.ToString("yyyy-MM-dd"), description = "Compra parcelada",
            terms = new { finePercent = 2.0m, monthlyInterestPercent = 1.0m, correctionIndex = "NONE" },
        });
        var invoice = await response.JsonAsync();
        return (invoice.GetProperty("id").GetGuid(), invoice.GetProperty("debtorId").GetGuid());
    }

    public Task<(Guid InvoiceId, Guid DebtorId)> DebtAsync(string document, string email, decimal amount, int daysLate, decimal? income = 3200m) =>
        DebtAsync(Partner, document, email, amount, App.Today.AddDays(-daysLate), income);

    /// <summary>A client of the portal as the SPA is: keeps its cookies, sends X-Requested-With.</summary>
    public HttpClient Browser()
    {
        var client = App.Anonymous();
        client.DefaultRequestHeaders.Add("X-Requested-With", "portal-tests");
        return client;
    }

    /// <summary>The code in the latest e-mail to this address, waiting for it to arrive.</summary>
    public async Task<string> CodeSentToAsync(string email, int count = 1)
    {
        string? code = null;
        await RecoveryApp.EventuallyAsync(() =>
        {
            var mails = Smtp.Received.Where(m => m.To.Contains(email)).ToList();
            if (mails.Count >= count) code = Regex.Match(mails[^1].Text, @"(?<![\d#])(\d{6})(?!\d)").Groups[1].Value;
            return Task.FromResult(!string.IsNullOrEmpty(code));
        }, $"a code e-mailed to {email}");
        return code!;
    }

    /// <summary>Asks for a code, reads it in the e-mail and signs in.</summary>
    public async Task<HttpClient> SignInAsync(string document, string email)
    {
        var browser = Browser();
        var before = Smtp.Received.Count(m => m.To.Contains(email));
        (await browser.PostAsJsonAsync("/api/v1/portal/access-codes", new { document })).EnsureSuccessStatusCode();
        var code = await CodeSentToAsync(email, before + 1);
        (await browser.PostAsJsonAsync("/api/v1/portal/sessions", new { document, code })).EnsureSuccessStatusCode();
        return browser;
    }

    /// <summary>The portal cookie's value in a response that set it.</summary>
    public static string PortalCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("recovery_portal=")).Split(';')[0]["recovery_portal=".Length..];

    public Task<Guid> PortfolioOfAsync(Guid invoiceId) =>
        App.WithConnectionAsync("debtors", c => c.ExecuteScalarAsync<Guid>("SELECT portfolio_id FROM debtors.invoice WHERE id = @Id", new { Id = invoiceId }));

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}
