using Microsoft.Extensions.Options;
using Recovery.Communication.Contracts;

namespace Recovery.Communication.Features.Templates;

/// <summary>Bound from the <c>PortalLink</c> section, which the portal reads too (docs/operations.md).</summary>
internal sealed class PortalLinkOptions
{
    /// <summary>The HMAC key, base64 of at least 32 random bytes; without it <c>{{link_pagamento}}</c> is <c>Communication:PaymentLink</c> as before.</summary>
    public string? Key { get; set; }

    /// <summary>The portal's page that opens a link, e.g. <c>https://cobranca.example.com.br/portal/link</c>; the token follows a <c>#</c>.</summary>
    public string? Url { get; set; }

    /// <summary>How long a link opens the portal after the message is written.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>
/// The signed, expiring link into the portal that <c>{{link_pagamento}}</c> becomes (ADR 0025): it names the message, not
/// the person, and opens one portal session for the message's debtor, once, before it expires.
/// </summary>
internal sealed class PortalLinks(IOptions<PortalLinkOptions> options, TimeProvider clock)
{
    private readonly byte[] _key = PortalLink.Key(options.Value.Key);

    public bool Enabled => _key.Length > 0 && !string.IsNullOrWhiteSpace(options.Value.Url);

    /// <summary>The link for a message, or null when links are not configured.</summary>
    public string? For(Guid messageId) =>
        Enabled ? $"{options.Value.Url!.TrimEnd('#')}#{PortalLink.Sign(_key, messageId, clock.GetUtcNow() + options.Value.Lifetime)}" : null;
}
