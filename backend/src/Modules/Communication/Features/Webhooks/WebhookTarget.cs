using System.Net;
using System.Net.Sockets;

namespace Recovery.Communication.Features.Webhooks;

/// <summary>
/// Where a partner's webhook may point: https to a public address. Loopback, private, link-local (the cloud metadata
/// service at 169.254.169.254), shared, multicast and unspecified ranges are refused in every notation (decimal, IPv6,
/// IPv4 mapped into IPv6), at save and again at every connection, since DNS can change. Loopback over http is allowed
/// only when <c>Communication:AllowLoopbackWebhooks</c> says so (tests on one machine).
/// </summary>
internal static class WebhookTarget
{
    /// <summary>Why the URL may not be used, or null when it may (its host resolving only to permitted addresses).</summary>
    public static async Task<string?> RefusalAsync(string url, bool allowLoopback, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            return "url is an absolute https:// URL";
        if (uri.Scheme == "http" && !(allowLoopback && uri.IsLoopback))
            return "url must use https://";
        IPAddress[] addresses;
        try { addresses = await ResolveAsync(uri.IdnHost, ct); }
        catch (SocketException) { return $"the host {uri.Host} does not resolve"; }
        if (addresses.Length == 0) return $"the host {uri.Host} does not resolve";
        return addresses.FirstOrDefault(a => !Permitted(a, allowLoopback)) is { } refused
            ? $"url points to an internal or reserved address ({refused}); webhooks go to public https addresses only"
            : null;
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) =>
        IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);

    public static bool Permitted(IPAddress address, bool allowLoopback)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return allowLoopback;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] is 0 or 10 or >= 224                     // "this" network, private, multicast and reserved
                     || b[0] == 100 && b[1] is >= 64 and < 128       // shared address space (carrier NAT)
                     || b[0] == 169 && b[1] == 254                   // link-local, cloud metadata
                     || b[0] == 172 && b[1] is >= 16 and < 32        // private
                     || b[0] == 192 && b[1] == 168                   // private
                     || b[0] == 192 && b[1] == 0 && b[2] is 0 or 2   // IETF protocol assignments, documentation
                     || b[0] == 198 && b[1] is 18 or 19);            // benchmarking
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return false;
        var v6 = address.GetAddressBytes();
        return !(address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                 || (v6[0] & 0xFE) == 0xFC                           // unique local fc00::/7
                 || address.IsIPv4MappedToIPv6);
    }

    /// <summary>Connects only to a permitted address of the host, whatever DNS answers at that moment (no rebinding).</summary>
    public static SocketsHttpHandler Handler(bool allowLoopback) => new()
    {
        AllowAutoRedirect = false,
        ConnectCallback = async (context, ct) =>
        {
            var host = context.DnsEndPoint.Host;
            var permitted = (await ResolveAsync(host, ct)).FirstOrDefault(a => Permitted(a, allowLoopback))
                            ?? throw new HttpRequestException($"{host} resolves to no public address; the delivery is refused");
            var socket = new Socket(permitted.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(permitted, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
