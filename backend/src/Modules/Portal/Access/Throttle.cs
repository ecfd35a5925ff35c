using System.Security.Cryptography;
using System.Text;
using Recovery.BuildingBlocks.Data;

namespace Recovery.Portal.Access;

/// <summary>
/// Fixed-window counters in <c>portal.throttle</c>, shared by every instance: per document (kept as a SHA-256, never in
/// clear) and per client address. Over the limit, the caller waits until the window ends (429 with Retry-After).
/// </summary>
internal static class Throttle
{
    public static string Key(string kind, string value) =>
        kind + ":" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..40];

    /// <summary>Counts one hit; answers how long to wait when the hits in the window exceed the limit, else null.</summary>
    public static async Task<TimeSpan?> HitAsync(DbSession tx, string key, int limit, TimeSpan window, DateTimeOffset now)
    {
        var row = await ReadAsync(tx, key);
        if (row is null)
        {
            await tx.ExecuteAsync(tx.Dialect.InsertIgnore("portal.throttle", "throttle_key, window_start, hits", "@Key, @Now, 1", "throttle_key"),
                new { Key = key, Now = now });
            return limit < 1 ? window : null;
        }
        if (row.WindowStart + window <= now)
        {
            await tx.ExecuteAsync("UPDATE portal.throttle SET window_start = @Now, hits = 1 WHERE throttle_key = @Key", new { Key = key, Now = now });
            return limit < 1 ? window : null;
        }
        await tx.ExecuteAsync("UPDATE portal.throttle SET hits = hits + 1 WHERE throttle_key = @Key", new { Key = key });
        return row.Hits + 1 > limit ? row.WindowStart + window - now : null;
    }

    /// <summary>How long to wait when the window already holds the limit of hits, without counting one more.</summary>
    public static async Task<TimeSpan?> BlockedAsync(DbSession session, string key, int limit, TimeSpan window, DateTimeOffset now) =>
        await ReadAsync(session, key) is { } row && row.WindowStart + window > now && row.Hits >= limit ? row.WindowStart + window - now : null;

    private static Task<Row?> ReadAsync(DbSession session, string key) =>
        session.QuerySingleOrDefaultAsync<Row>("SELECT window_start, hits FROM portal.throttle WHERE throttle_key = @Key", new { Key = key });

    private sealed class Row
    {
        public DateTimeOffset WindowStart { get; init; }
        public int Hits { get; init; }
    }
}

/// <summary>Too many requests: 429 with Retry-After, in the debtor's language.</summary>
internal sealed class TooManyRequestsException : ProblemException
{
    public TooManyRequestsException(TimeSpan wait)
        : base(429, ProblemTypes.RateLimited, "Muitas tentativas",
            $"Você fez muitas tentativas. Tente de novo em {Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes))} minuto(s).") =>
        RetryAfter = wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait;
}
