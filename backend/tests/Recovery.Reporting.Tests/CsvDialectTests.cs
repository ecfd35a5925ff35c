using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Recovery.Reporting.Tests;

/// <summary>Every CSV download in both dialects: pt-BR for people by default, en for machines with ?dialect=en (ADR 0020).</summary>
public sealed class CsvDialectTests
{
    private static readonly (string Url, string En, string Pt)[] Endpoints =
    [
        ("/api/v1/reports/aging", "as_of", "Data-base"),
        ("/api/v1/reports/aging/debts", "invoice_id", "Id da dívida"),
        ("/api/v1/reports/recovery?by=month", "month", "Mês"),
        ("/api/v1/reports/recovery?by=cohort", "cohort", "Safra"),
        ("/api/v1/reports/agreements", "month", "Mês"),
        ("/api/v1/reports/productivity", "agent", "Operador"),
        ("/api/v1/reports/dunning-funnel", "step", "Etapa"),
        ("/api/v1/reports/negativacao", "negativacao_id", "Id da negativação"),
        ("/api/v1/reports/default-rate", "month", "Mês"),
        ("/api/v1/audit", "seq", "Sequência"),
        ("/api/v1/lgpd/access-log", "seq", "Sequência"),
    ];

    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    [Test]
    public async Task Every_CSV_endpoint_speaks_pt_BR_by_default_and_English_on_request_with_the_same_values()
    {
        await using var app = new RecoveryApp();
        var (partner, _, _) = await app.PartnerAsync();
        var today = app.Today;
        var body = Invoices.Example(document: TestData.Cpf());
        body["issueDate"] = null;
        body["amount"] = 1234.56m;
        body["dueDate"] = today.AddDays(-10).ToString("yyyy-MM-dd");
        var invoice = await (await partner.PushAsync(body)).JsonAsync();
        var agent = await app.PersonAsync("agent");
        (await agent.GetAsync($"/api/v1/debtors/{invoice.GetProperty("debtorId").GetGuid()}?reveal=true")).EnsureSuccessStatusCode();  // the access log
        var auditor = await app.PersonAsync("auditor");
        await RecoveryApp.EventuallyAsync(async () =>
            (await (await auditor.GetAsync("/api/v1/reports/aging")).JsonAsync()).GetProperty("buckets")[0].GetProperty("count").GetInt64() == 1,
            "Reporting knows the debt");

        foreach (var (url, en, pt) in Endpoints)
        {
            var (ptBytes, ptRows) = await CsvAsync(auditor, url, null, ';');
            var (enBytes, enRows) = await CsvAsync(auditor, url, "en", ',');
            Assert.That(ptBytes.Take(3), Is.EqualTo(Bom), $"{url}: pt-BR starts with a byte order mark");
            Assert.That(enBytes.Take(3), Is.Not.EqualTo(Bom), $"{url}: en has none");
            Assert.That(ptRows[0][0], Is.EqualTo(pt), url);
            Assert.That(enRows[0][0], Is.EqualTo(en), url);
            Assert.That(enRows[0], Has.All.Match("^[a-z0-9_]+$"), $"{url}: snake_case headers");
            Assert.That(ptRows[0], Has.None.Match("^[a-z0-9_]+$"), $"{url}: Portuguese headers");
            Assert.That(ptRows[0], Has.Count.EqualTo(enRows[0].Count), url);
            if (url.Contains("audit")) Assert.That(ptRows, Has.Count.GreaterThan(1), url);   // the trail grows: its oldest rows compare
            else Assert.That(ptRows, Has.Count.EqualTo(enRows.Count), url);
            for (var r = 1; r < Math.Min(ptRows.Count, enRows.Count); r++)
                for (var c = 0; c < enRows[r].Count; c++)
                    Assert.That(Same(ptRows[r][c], enRows[r][c]), Is.True, $"{url} row {r} column {enRows[0][c]}: '{ptRows[r][c]}' vs '{enRows[r][c]}'");
        }

        // The money and the date themselves, on the aging and on the debt behind it.
        var (_, agingPt) = await CsvAsync(auditor, "/api/v1/reports/aging", "pt-BR", ';');
        var (_, agingEn) = await CsvAsync(auditor, "/api/v1/reports/aging", "en", ',');
        Assert.That(agingPt[1], Is.EqualTo(new[] { today.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), "1", "30", "1", "1.234,56" }));
        Assert.That(agingEn[1], Is.EqualTo(new[] { today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "1", "30", "1", "1234.56" }));
        var (_, debtsPt) = await CsvAsync(auditor, "/api/v1/reports/aging/debts", null, ';');
        Assert.That(debtsPt[1][5], Is.EqualTo(today.AddDays(-10).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)));
        Assert.That(debtsPt[1][^1], Is.EqualTo("1.234,56"));

        var bad = await (await auditor.SendAsync(CsvRequest("/api/v1/reports/aging", "fr"))).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(bad.ErrorsFor("dialect"), Is.Not.Empty);
        await (await auditor.SendAsync(CsvRequest("/api/v1/audit", "xx"))).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    private static HttpRequestMessage CsvRequest(string url, string? dialect)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, dialect is null ? url : url + (url.Contains('?') ? "&" : "?") + "dialect=" + dialect);
        request.Headers.Accept.ParseAdd("text/csv");
        return request;
    }

    private static async Task<(byte[] Bytes, List<List<string>> Rows)> CsvAsync(HttpClient client, string url, string? dialect, char separator)
    {
        var response = await client.SendAsync(CsvRequest(url, dialect));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), url);
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"), url);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = new UTF8Encoding(false).GetString(bytes.AsSpan().StartsWith(Bom) ? bytes[3..] : bytes);
        return (bytes, Parse(text, separator));
    }

    /// <summary>RFC 4180: quoted fields may hold the separator, quotes (doubled) and line breaks.</summary>
    private static List<List<string>> Parse(string text, char separator)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == separator) { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\n')
            {
                row.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                rows.Add(row);
                row = [];
            }
            else field.Append(c);
        }
        if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); rows.Add(row); }
        return rows;
    }

    /// <summary>The same value in the two dialects: money, ratios, dates, months, instants and yes/no each in its form.</summary>
    private static bool Same(string pt, string en)
    {
        if (pt == en) return true;
        if (Regex.IsMatch(pt, @"^-?\d{1,3}(\.\d{3})*,\d{2}$") && Regex.IsMatch(en, @"^-?\d+\.\d{2}$"))
            return pt.Replace(".", "").Replace(',', '.') == en;
        if (Regex.IsMatch(en, @"^-?\d+\.\d{4}$") && Regex.IsMatch(pt, @"^-?\d+,\d{2}$"))
            return decimal.Parse(pt.Replace(',', '.'), CultureInfo.InvariantCulture) == decimal.Parse(en, CultureInfo.InvariantCulture) * 100;
        if (Regex.IsMatch(pt, @"^\d{2}/\d{2}/\d{4}$"))
            return DateOnly.ParseExact(pt, "dd/MM/yyyy", CultureInfo.InvariantCulture).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) == en;
        if (Regex.IsMatch(pt, @"^\d{2}/\d{4}$"))
            return $"{pt[3..]}-{pt[..2]}" == en;
        if (Regex.IsMatch(pt, @"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2}$"))
            return DateTimeOffset.Parse(en, CultureInfo.InvariantCulture).UtcDateTime.ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture) == pt;
        return (pt, en) is ("sim", "yes") or ("não", "no");
    }
}
