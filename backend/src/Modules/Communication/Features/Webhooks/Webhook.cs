using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Recovery.BuildingBlocks.Data;

namespace Recovery.Communication.Features.Webhooks;

/// <summary>
/// A partner's webhook: the URL and the events it wants (partner-api.md "Webhooks"); the secret that signs every
/// delivery is made on the first save and kept on later ones.
/// </summary>
[SchemaName("WebhooksWebhook")]
internal sealed record Webhook(string Url, IReadOnlyList<string> Events, string Secret)
{
    /// <summary>The events a partner may subscribe to.</summary>
    public static readonly string[] Known =
    [
        "invoice.paid", "invoice.cancelled", "agreement.created", "agreement.installment_paid", "agreement.completed", "agreement.broken",
        "negativacao.registered", "negativacao.removed", "call.dialed", "callback.requested", "bureau.alert",
    ];

    public static async Task<Webhook?> FindAsync(DbSession session, Guid partnerId)
    {
        var row = await session.QuerySingleOrDefaultAsync<Row>("SELECT url, events, secret FROM communication.webhook WHERE partner_id = @PartnerId",
            new { PartnerId = partnerId });
        return row is null ? null : new Webhook(row.Url, JsonSerializer.Deserialize<List<string>>(row.Events)!, row.Secret);
    }

    /// <summary><c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "t.body"&gt;</c>.</summary>
    public static string Signature(string secret, long unixSeconds, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{unixSeconds}.{body}"));
        return $"t={unixSeconds},v1={Convert.ToHexStringLower(mac)}";
    }

    private sealed class Row
    {
        public string Url { get; init; } = "";
        public string Events { get; init; } = "";
        public string Secret { get; init; } = "";
    }
}
