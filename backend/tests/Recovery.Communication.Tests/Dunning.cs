using Dapper;

namespace Recovery.Communication.Tests;

/// <summary>
/// A host wired to a real SMTP server and a provider receiver on loopback, with the clock where a test wants it, and
/// the shared setup: templates, a partner's debtors, the schedule.
/// </summary>
public sealed class Dunning : IAsyncDisposable
{
    public const string ProviderToken = "callback-token-for-tests";

    public SmtpSink Smtp { get; } = new();
    public HttpSink Provider { get; } = new();
    public RecoveryApp App { get; }
    public HttpClient Partner { get; private set; } = null!;
    public Guid PartnerId { get; private set; }
    public string CreditorName { get; private set; } = "";
    public string CreditorCnpj { get; private set; } = "";

    /// <param name="settings">Added to (and overriding) the wiring to the sinks.</param>
    public Dunning(Dictionary<string, string?>? settings = null)
    {
        var wiring = new Dictionary<string, string?>
        {
            ["Communication:Smtp:Host"] = "127.0.0.1",
            ["Communication:Smtp:Port"] = Smtp.Port.ToString(),
            ["Communication:Sms:Url"] = Provider.Url + "sms",
            ["Communication:Sms:Token"] = "sms-token",
            ["Communication:WhatsApp:Url"] = Provider.Url + "whatsapp",
            ["Communication:ProviderToken"] = ProviderToken,
            ["Communication:DispatchInterval"] = "00:00:00.200",
            ["Communication:RetryBase"] = "00:00:01",
            ["Communication:DailyRunHour"] = "25",   // the tests start runs themselves
            ["Communication:AllowLoopbackWebhooks"] = "true",   // the partner's receiver is on this machine
        };
        foreach (var (k, v) in settings ?? []) wiring[k] = v;
        App = new RecoveryApp(wiring);
    }

    /// <summary>Moves the test clock forward to <paramref name="instant"/>.</summary>
    public void MoveTo(DateTimeOffset instant)
    {
        var by = instant - App.Clock.GetUtcNow();
        if (by < TimeSpan.Zero) throw new InvalidOperationException($"The clock only moves forward ({instant:O} is past).");
        App.Clock.Advance(by);
    }

    /// <summary>The next <paramref name="day"/> at least two days ahead whose date and next day are not holidays, at an hour UTC.</summary>
    public DateTimeOffset Next(DayOfWeek day, int hourUtc)
    {
        var date = DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime).AddDays(2);
        while (date.DayOfWeek != day || IsHoliday(date) || IsHoliday(date.AddDays(1))) date = date.AddDays(1);
        return new DateTimeOffset(date.ToDateTime(new TimeOnly(hourUtc, 0)), TimeSpan.Zero);
    }

    /// <summary>Easter Sundays as published, written down independently of the product's computation.</summary>
    public static readonly DateOnly[] Easters = [new(2026, 4, 5), new(2027, 3, 28), new(2028, 4, 16), new(2029, 4, 1), new(2030, 4, 21), new(2031, 4, 13)];

    private static readonly (int Month, int Day)[] Fixed = [(1, 1), (4, 21), (5, 1), (9, 7), (10, 12), (11, 2), (11, 15), (11, 20), (12, 25)];

    public static bool IsHoliday(DateOnly d) =>
        Fixed.Contains((d.Month, d.Day)) || Easters.Any(e => new[] { -48, -47, -2, 60 }.Contains(d.DayNumber - e.DayNumber));

    /// <summary>A partner, signed in after the clock has moved (sessions follow the clock).</summary>
    public async Task StartAsync()
    {
        (Partner, PartnerId, _) = await App.PartnerAsync();
        var me = await (await Partner.GetAsync("/api/v1/partner/me")).JsonAsync();
        CreditorName = me.GetProperty("name").GetString()!;
        var digits = me.GetProperty("document").GetString()!.Where(char.IsDigit).ToArray();
        var d = new string(digits);
        CreditorCnpj = $"{d[..2]}.{d[2..5]}.{d[5..8]}/{d[8..12]}-{d[12..]}";
    }

    public async Task TemplateAsync(HttpClient supervisor, string code, string channel, string body, string? subject = null) =>
        (await supervisor.PutAsJsonAsync($"/api/v1/communication/templates/{code}", new { channel, subject, body })).EnsureSuccessStatusCode();

    /// <summary>Pushes a debt of a new debtor of the state; returns the debtor and invoice ids and the external id.</summary>
    public async Task<(Guid DebtorId, Guid InvoiceId, string ExternalId)> DebtAsync(DateOnly dueDate, string state = "SP", string email = "maria@example.com")
    {
        var body = Invoices.Example(document: TestData.Cpf());
        body["issueDate"] = null;
        body["dueDate"] = dueDate.ToString("yyyy-MM-dd");
        body["debtor"]!["address"]!["state"] = state;
        body["debtor"]!["emails"] = new JsonArray(email);
        var invoice = await (await Partner.PushAsync(body)).JsonAsync();
        var invoiceId = invoice.GetProperty("id").GetGuid();
        await RecoveryApp.EventuallyAsync(async () => await App.WithConnectionAsync("communication", c =>
                c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM communication.debt WHERE invoice_id = @Id", new { Id = invoiceId.ToString() })) == 1,
            "Communication to know the debt");
        return (invoice.GetProperty("debtorId").GetGuid(), invoiceId, body["externalId"]!.GetValue<string>());
    }

    public async Task<Guid> PortfolioIdAsync(string code = "varejo")
    {
        var admin = await App.AdminAsync();
        var list = await (await admin.GetAsync($"/api/v1/admin/partners/{PartnerId}/portfolios")).JsonAsync();
        return list.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("code").GetString() == code).GetProperty("id").GetGuid();
    }

    public static async Task<JsonElement[]> MessagesAsync(HttpClient agent, Guid debtorId) =>
        (await (await agent.GetAsync($"/api/v1/debtors/{debtorId}/messages")).JsonAsync()).GetProperty("items").EnumerateArray().ToArray();

    /// <summary>Waits until the debtor's message with the template reaches a state, and returns it.</summary>
    public static async Task<JsonElement> MessageAsync(HttpClient agent, Guid debtorId, Func<JsonElement, bool> condition, string what)
    {
        JsonElement found = default;
        await RecoveryApp.EventuallyAsync(async () =>
        {
            var match = (await MessagesAsync(agent, debtorId)).Where(condition).ToArray();
            if (match.Length == 0) return false;
            found = match[0];
            return true;
        }, what);
        return found;
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Smtp.DisposeAsync();
        await Provider.DisposeAsync();
    }
}
