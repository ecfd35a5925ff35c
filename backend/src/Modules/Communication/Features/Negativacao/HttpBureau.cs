using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace Recovery.Communication.Features.Negativacao;

/// <summary>The HTTP adapter: <c>POST {url}/inclusoes</c> or <c>/exclusoes</c> with the records; the bureau answers <c>{ protocol }</c>.</summary>
internal sealed class HttpBureau(IOptions<NegativacaoOptions> options, IHttpClientFactory http) : IBureau
{
    public Task<string> RegisterAsync(IReadOnlyList<BureauRecord> records, CancellationToken ct) => PostAsync("inclusoes", records, null, ct);

    public Task<string> RemoveAsync(IReadOnlyList<BureauRecord> records, string reason, CancellationToken ct) => PostAsync("exclusoes", records, reason, ct);

    private async Task<string> PostAsync(string path, IReadOnlyList<BureauRecord> records, string? reason, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{options.Value.BureauUrl!.TrimEnd('/')}/{path}")
        {
            Content = JsonContent.Create(new { reason, records }),
        };
        if (options.Value.BureauToken is { } token) request.Headers.Authorization = new("Bearer", token);
        using var response = await http.CreateClient("communication").SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Answer>(ct))?.Protocol ?? throw new InvalidOperationException("The bureau answered no protocol.");
    }

    private sealed record Answer(string? Protocol);
}
