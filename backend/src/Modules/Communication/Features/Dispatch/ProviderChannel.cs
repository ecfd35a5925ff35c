using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace Recovery.Communication.Features.Dispatch;

/// <summary>
/// SMS or WhatsApp through an HTTP provider: <c>POST {url}</c> with <c>{ reference, channel, to, text, callbackUrl }</c>
/// and a bearer token; the provider answers <c>{ id }</c> and later calls back with the delivery state.
/// </summary>
internal sealed class ProviderChannel(string name, Func<CommunicationOptions, CommunicationOptions.ProviderOptions> pick,
    IHttpClientFactory http, IOptions<CommunicationOptions> options) : IChannel
{
    public string Name => name;

    public async Task<string?> SendAsync(Outgoing message, CancellationToken ct)
    {
        var provider = pick(options.Value);
        if (string.IsNullOrEmpty(provider.Url)) throw new InvalidOperationException($"No {name} provider is configured (Communication:{name}:Url).");
        using var request = new HttpRequestMessage(HttpMethod.Post, provider.Url)
        {
            Content = JsonContent.Create(new
            {
                reference = message.MessageId,
                channel = name,
                to = message.Recipient,
                text = message.Body,
                callbackUrl = $"{options.Value.PublicBaseUrl?.TrimEnd('/')}/api/v1/providers/{name}/callbacks",
            }),
        };
        if (provider.Token is not null) request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", provider.Token);
        using var response = await http.CreateClient("communication").SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{name} provider answered {(int)response.StatusCode}", null, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<ProviderAnswer>(ct);
        return body?.Id;
    }

    private sealed record ProviderAnswer(string? Id);
}
