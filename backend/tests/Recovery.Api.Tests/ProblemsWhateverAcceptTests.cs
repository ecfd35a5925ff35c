using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Recovery.Api.Tests;

/// <summary>
/// An error is a problem document whatever the client said it accepts: a generated client that asks for the terms'
/// <c>text/html</c>, a browser, a CSV download must never meet an empty body or a 500 instead of the 4xx they caused.
/// </summary>
public sealed class ProblemsWhateverAcceptTests
{
    private RecoveryApp _app = null!;

    [OneTimeSetUp] public void Start() => _app = new RecoveryApp();
    [OneTimeTearDown] public async Task Stop() => await _app.DisposeAsync();

    private static readonly string[] Accepts = ["text/html", "image/png", "application/xml", "text/csv", "text/plain", "*/*"];

    [TestCaseSource(nameof(Accepts))]
    public async Task Unknown_paths_are_404_problems(string accept)
    {
        var client = _app.Anonymous();
        var response = await client.SendAsync(With(accept, new HttpRequestMessage(HttpMethod.Get, "/api/v1/no-such-thing")));
        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.That(problem.GetProperty("type").GetString(), Does.EndWith("/not-found"));
    }

    [TestCaseSource(nameof(Accepts))]
    public async Task Missing_credentials_are_401_problems(string accept)
    {
        var response = await _app.Anonymous().SendAsync(With(accept, new HttpRequestMessage(HttpMethod.Get, "/api/v1/partner/invoices")));
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [TestCaseSource(nameof(Accepts))]
    public async Task Another_partners_or_unknown_invoice_is_a_404_problem(string accept)
    {
        var (partner, _, _) = await _app.PartnerAsync();
        partner.DefaultRequestHeaders.Accept.Clear();
        var response = await partner.SendAsync(With(accept, new HttpRequestMessage(HttpMethod.Get, "/api/v1/partner/invoices/NO-SUCH")));
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [TestCaseSource(nameof(Accepts))]
    public async Task Validation_problems_keep_their_errors(string accept)
    {
        var (partner, _, _) = await _app.PartnerAsync();
        partner.DefaultRequestHeaders.Accept.Clear();
        var request = With(accept, new HttpRequestMessage(HttpMethod.Post, "/api/v1/partner/invoices")
        {
            Content = JsonContent.Create(new { externalId = "A-1", amount = -1, dueDate = "2026-01-10" }),
        });
        var problem = await (await partner.SendAsync(request)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.ErrorsFor("amount"), Is.Not.Empty);
    }

    [TestCaseSource(nameof(Accepts))]
    public async Task Wrong_method_is_a_405_problem(string accept)
    {
        var (partner, _, _) = await _app.PartnerAsync();
        var response = await partner.SendAsync(With(accept, new HttpRequestMessage(HttpMethod.Delete, "/api/v1/partner/invoices")));
        var problem = await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
        Assert.That(problem.GetProperty("type").GetString(), Does.EndWith("/method-not-allowed"));
    }

    private static HttpRequestMessage With(string accept, HttpRequestMessage request)
    {
        request.Headers.Accept.Clear();
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));
        return request;
    }
}
