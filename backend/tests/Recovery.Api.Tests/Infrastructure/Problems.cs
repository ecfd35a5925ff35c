using System.Net;
using System.Text.Json;

namespace Recovery.Api.Tests.Infrastructure;

public static class Problems
{
    /// <summary>Asserts an RFC 9457 problem with the status and returns its JSON.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), text);
        var json = JsonDocument.Parse(text).RootElement;
        Assert.That(json.GetProperty("status").GetInt32(), Is.EqualTo((int)status));
        Assert.That(json.GetProperty("type").GetString(), Does.StartWith("https://"));
        Assert.That(json.GetProperty("title").GetString(), Is.Not.Empty);
        Assert.That(text, Does.Not.Contain("   at "), "no stack trace in a problem");
        return json;
    }

    public static string[] ErrorsFor(this JsonElement problem, string field) =>
        problem.GetProperty("errors").TryGetProperty(field, out var messages)
            ? messages.EnumerateArray().Select(m => m.GetString()!).ToArray()
            : [];

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>A money member (reais, a JSON number) as a decimal.</summary>
    public static decimal Money(this JsonElement e, string property) => e.GetProperty(property).GetDecimal();
}
