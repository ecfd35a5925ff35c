using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Recovery.BuildingBlocks.Data;

/// <summary>An opaque paging cursor for keyset paging on (instant, id): stable under inserts, no OFFSET scans.</summary>
public static class KeysetCursor
{
    public static string Write(DateTimeOffset at, Guid id) =>
        WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes($"{TypeHandlers.FormatInstant(at)}|{id}"));

    public static bool TryRead(string? cursor, out (DateTimeOffset At, Guid Id) value)
    {
        value = default;
        if (string.IsNullOrEmpty(cursor)) return false;
        try
        {
            var parts = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(cursor)).Split('|');
            if (parts.Length != 2 || !Guid.TryParse(parts[1], out var id)
                || !DateTimeOffset.TryParse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return false;
            value = (at, id);
            return true;
        }
        catch (FormatException) { return false; }
    }

    /// <summary>The cursor, or null when there is none (validated beforehand).</summary>
    public static (DateTimeOffset At, Guid Id)? Read(string? cursor) => TryRead(cursor, out var v) ? v : null;
}
