using Recovery.BuildingBlocks;

namespace Recovery.Api.Tests;

/// <summary>Companies registered since July 2026 have alphanumeric CNPJs: they are creditors and debtors like any other.</summary>
public sealed class AlphanumericCnpjTests
{
    private RecoveryApp _app = null!;

    [OneTimeSetUp] public void Start() => _app = new RecoveryApp();
    [OneTimeTearDown] public async Task Stop() => await _app.DisposeAsync();

    [Test]
    public async Task A_creditor_with_an_alphanumeric_CNPJ_is_registered_in_upper_case()
    {
        var cnpj = TestData.AlphanumericCnpj(new Random());
        var admin = await _app.AdminAsync();
        var typed = Documents.Format(cnpj).ToLowerInvariant();
        (await admin.PostAsJsonAsync("/api/v1/admin/partners", new { name = "Credor Alfa", document = typed })).EnsureSuccessStatusCode();

        var partners = await (await admin.GetAsync("/api/v1/admin/partners")).JsonAsync();
        Assert.That(partners.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("document").GetString()), Does.Contain(cnpj));
        var again = await admin.PostAsJsonAsync("/api/v1/admin/partners", new { name = "Credor Alfa de novo", document = cnpj });
        await again.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Test]
    public async Task A_debtor_with_an_alphanumeric_CNPJ_is_pushed_found_and_shown_formatted()
    {
        var cnpj = TestData.AlphanumericCnpj(new Random());
        var (partner, _, _) = await _app.PartnerAsync();
        var pushed = await partner.PostAsJsonAsync("/api/v1/partner/invoices", new
        {
            externalId = "ALFA-1", portfolio = "EMPRESAS", amount = 5400.00m, dueDate = _app.Today.AddDays(-45).ToString("yyyy-MM-dd"), consumer = false,
            debtor = new { document = Documents.Format(cnpj).ToLowerInvariant(), name = "Empresa Alfa Ltda", emails = new[] { "financeiro@alfa.test" } },
        });
        Assert.That((int)pushed.StatusCode, Is.EqualTo(201), await pushed.Content.ReadAsStringAsync());

        var agent = await _app.PersonAsync("agent");
        JsonElement found = default;
        await RecoveryApp.EventuallyAsync(async () =>
        {
            found = (await (await agent.GetAsync($"/api/v1/debtors?query={Uri.EscapeDataString(Documents.Format(cnpj))}")).JsonAsync()).GetProperty("items");
            return found.GetArrayLength() == 1;
        }, "the debtor found by its CNPJ as printed");
        Assert.That(found[0].GetProperty("kind").GetString(), Is.EqualTo("cnpj"));
        Assert.That(found[0].GetProperty("document").GetString(), Is.EqualTo(Documents.Mask(cnpj)));

        var debtor = await (await agent.GetAsync($"/api/v1/debtors/{found[0].GetProperty("id").GetString()}?reveal=true")).JsonAsync();
        Assert.That(debtor.GetProperty("document").GetString(), Is.EqualTo($"{cnpj[..2]}.{cnpj[2..5]}.{cnpj[5..8]}/{cnpj[8..12]}-{cnpj[12..]}"));
    }

    [Test]
    public async Task A_CNPJ_with_a_letter_among_its_check_digits_is_refused_naming_the_field()
    {
        var (partner, _, _) = await _app.PartnerAsync();
        var response = await partner.PostAsJsonAsync("/api/v1/partner/invoices", new
        {
            externalId = "ALFA-2", portfolio = "EMPRESAS", amount = 100m, dueDate = _app.Today.AddDays(-45).ToString("yyyy-MM-dd"), consumer = false,
            debtor = new { document = "12.ABC.345/01DE-3A", name = "Empresa Beta" },
        });
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("debtor.document"), Is.Not.Empty);
    }
}
