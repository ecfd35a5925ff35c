using System.Net.Http.Headers;
using System.Text;

namespace Recovery.Api.Tests;

/// <summary>Bodies that are not JSON, have the wrong shape or hold nulls where items belong are 400 problems naming where, never 500s.</summary>
public sealed class MalformedBodyTests
{
    private RecoveryApp _app = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _app = new RecoveryApp();
        _admin = await _app.AdminAsync();
    }

    [OneTimeTearDown] public async Task Stop() => await _app.DisposeAsync();

    [TestCase("{\"a\":", "a")]
    [TestCase("[]", "body")]
    [TestCase("{\"values\":\"x\"}", "values")]
    [TestCase("1e308", "body")]
    [TestCase("{\"values\":[{\"month\":\"2025-01\",\"percent\":\"abc\"}]}", "values[0].percent")]
    public async Task Index_values_that_are_not_the_expected_JSON_are_400_naming_where(string body, string field)
    {
        var response = await _admin.PutAsync("/api/v1/admin/indices/IPCA", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor(field), Is.Not.Empty, problem.ToString());
    }

    [Test]
    public async Task Index_values_with_a_null_month_are_a_validation_problem()
    {
        var response = await _admin.PutAsync("/api/v1/admin/indices/IPCA",
            new StringContent("{\"values\":[null]}", Encoding.UTF8, "application/json"));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("values[0]"), Is.Not.Empty, problem.ToString());
    }

    [Test]
    public async Task Index_values_without_a_content_type_are_415()
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"values\":[]}"));
        content.Headers.ContentType = null;
        var problem = await (await _admin.PutAsync("/api/v1/admin/indices/IPCA", content)).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.That(problem.GetProperty("type").GetString(), Does.EndWith("/unsupported-media-type"));
        var listed = await (await _admin.GetAsync("/api/v1/indices/IPCA")).Content.ReadAsStringAsync();
        Assert.That(listed, Does.Not.Contain("\"month\""), "nothing was loaded");
    }

    [TestCase("policy", "{\"buckets\":[null],\"minInstallment\":50}", "buckets[0]")]
    [TestCase("schedule", "{\"steps\":[null]}", "steps[0]")]
    [TestCase("schedule", "{\"steps\":[{\"key\":\"d5\",\"offsetDays\":5,\"channel\":\"email\",\"template\":\"x\"},null]}", "steps[1]")]
    public async Task A_null_item_in_a_portfolio_setting_is_a_validation_problem(string setting, string body, string field)
    {
        var id = await PortfolioIdAsync();
        var response = await _admin.PutAsync($"/api/v1/portfolios/{id}/{setting}", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor(field), Is.Not.Empty, problem.ToString());
    }

    private async Task<string> PortfolioIdAsync()
    {
        var (partner, _, _) = await _app.PartnerAsync();
        await (await partner.PostAsync("/api/v1/partner/invoices", new StringContent(
            $$"""{"externalId":"P-1","debtor":{"document":"{{TestData.Cpf()}}","name":"Ana"},"amount":100,"dueDate":"2026-01-10"}""",
            Encoding.UTF8, "application/json"))).JsonAsync();
        var portfolios = await (await _admin.GetAsync("/api/v1/portfolios")).JsonAsync();
        return portfolios.GetProperty("items")[0].GetProperty("id").GetString()!;
    }
}
