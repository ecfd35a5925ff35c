using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Recovery.Communication.Contracts;

/// <summary>
/// The signed link into the portal that a message's <c>{{link_pagamento}}</c> becomes (ADR 0025): the message's id and an
/// expiry, HMAC-SHA256 with a configured key, base64url. No personal data: the id names a message, and only Communication
/// knows whose. Communication signs, the portal verifies; both read the key from <c>PortalLink:Key</c>.
/// </summary>
public static class PortalLink
{
    private const int MacLength = 16;
    private static readonly byte[] Purpose = Encoding.ASCII.GetBytes("recovery-portal-link-v1");

    public enum Verdict { Valid, Expired, Invalid }

    public static string Sign(byte[] key, Guid messageId, DateTimeOffset expiresAt)
    {
        var payload = new byte[24];
        messageId.TryWriteBytes(payload.AsSpan(0, 16));
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(16), expiresAt.ToUnixTimeSeconds());
        return Encode(payload) + "." + Encode(Mac(key, payload));
    }

    /// <summary>Whether the token is one we signed and not yet expired; the message's id when it is.</summary>
    public static (Verdict Verdict, Guid MessageId) Verify(byte[] key, string? token, DateTimeOffset now)
    {
        if (key.Length == 0 || string.IsNullOrEmpty(token) || token.Length > 128 || token.Split('.') is not [var p, var m]) return (Verdict.Invalid, Guid.Empty);
        var payload = Decode(p);
        var mac = Decode(m);
        if (payload is not { Length: 24 } || mac is not { Length: MacLength }) return (Verdict.Invalid, Guid.Empty);
        if (!CryptographicOperations.FixedTimeEquals(Mac(key, payload), mac)) return (Verdict.Invalid, Guid.Empty);
        var expires = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(16)));
        var id = new Guid(payload.AsSpan(0, 16));
        return (expires <= now ? Verdict.Expired : Verdict.Valid, id);
    }

    /// <summary>The key as configured: base64 of at least 32 bytes; empty when absent or too short (links are then not signed).</summary>
    public static byte[] Key(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured)) return [];
        try
        {
            var key = Convert.FromBase64String(configured.Trim());
            return key.Length >= 32 ? key : [];
        }
        catch (FormatException)
        {
            return [];
        }
    }

    private static byte[] Mac(byte[] key, byte[] payload)
    {
        var data = new byte[Purpose.Length + payload.Length];
        Purpose.CopyTo(data, 0);
        payload.CopyTo(data, Purpose.Length);
        return HMACSHA256.HashData(key, data)[..MacLength];
    }

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[]? Decode(string text)
    {
        if (text.Length == 0 || text.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))) return null;
        var b64 = text.Replace('-', '+').Replace('_', '/');
        b64 += new string('=', (4 - b64.Length % 4) % 4);
        byte[] bytes;
        try { bytes = Convert.FromBase64String(b64); }
        catch (FormatException) { return null; }
        // One spelling per token: the unused low bits of the last character must be zero, so no altered link still passes.
        return Encode(bytes) == text ? bytes : null;
    }
}
