using System.Text.RegularExpressions;

namespace Recovery.Api.Tests;

/// <summary>Auditors read; they change nothing, anywhere: proven against every write endpoint the API describes.</summary>
public sealed class AuditorTests
{
    /// <summary>Writes an auditor may make: signing in and out of their own session, setting up their second factor.</summary>
    private static readonly string[] Own = ["/api/v1/auth/login", "/api/v1/auth/logout", "/api/v1/auth/mfa", "/api/v1/auth/mfa/confirm"];

    [Test]
    public async Task An_auditor_gets_403_on_every_write_endpoint_in_the_OpenAPI_document()
    {
        await using var app = new RecoveryApp();
        var doc = await (await app.Anonymous().GetAsync("/swagger/v1/swagger.json")).JsonAsync();
        var auditor = await app.PersonAsync("auditor");
        var writes = new List<(string Method, string Path)>();
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject())
                if (operation.Name is "post" or "put" or "patch" or "delete" && !Own.Contains(path.Name))
                    writes.Add((operation.Name.ToUpperInvariant(), path.Name));
        Assert.That(writes, Has.Count.GreaterThan(30), "the document lists the write endpoints");
        Assert.That(writes, Does.Contain(("POST", "/api/v1/agreements")).And.Contain(("PUT", "/api/v1/communication/templates/{code}")));

        var wrong = new List<string>();
        foreach (var (method, path) in writes)
        {
            var url = Regex.Replace(path, "{[^}]+}", _ => Guid.NewGuid().ToString());
            var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = JsonContent.Create(new { }) };
            var status = (await auditor.SendAsync(request)).StatusCode;
            // Partner and provider endpoints take other credentials: an auditor's session is not one (401), never a write.
            // The debtor's portal reads only its own cookie: 401, or 400 where a debtor signs in (the empty body).
            var expected = path.StartsWith("/api/v1/partner/") || path.StartsWith("/api/v1/providers/") ? new[] { HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized }
                : path.StartsWith("/api/v1/portal/") ? [HttpStatusCode.Unauthorized, HttpStatusCode.BadRequest]
                : [HttpStatusCode.Forbidden];
            if (!expected.Contains(status)) wrong.Add($"{method} {path}: {(int)status}");
        }
        Assert.That(wrong, Is.Empty);
    }
}
