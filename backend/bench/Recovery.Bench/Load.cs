using System.Diagnostics;

namespace Recovery.Bench;

internal sealed record LoadResult(string Target, int Requests, int Concurrency, double Seconds, double P50Ms, double P99Ms, int Errors)
{
    public double PerSecond => Requests / Seconds;
}

/// <summary>A closed-loop load: a fixed number of workers, each sending its next request when the last one answered.</summary>
internal static class Load
{
    public static async Task<LoadResult> RunAsync(string target, HttpClient client, Func<HttpRequestMessage> request, int total, int concurrency)
    {
        // Warm-up: JIT, connection pool, database pages.
        await Drive(client, request, Math.Min(2000, total / 5 + 1), concurrency, new long[Math.Min(2000, total / 5 + 1)]);
        var latencies = new long[total];
        var clock = Stopwatch.StartNew();
        var errors = await Drive(client, request, total, concurrency, latencies);
        var seconds = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        double Ms(double q) => latencies[Math.Min(latencies.Length - 1, (int)(q * latencies.Length))] * 1000.0 / Stopwatch.Frequency;
        return new LoadResult(target, total, concurrency, seconds, Ms(0.50), Ms(0.99), errors);
    }

    private static async Task<int> Drive(HttpClient client, Func<HttpRequestMessage> request, int total, int concurrency, long[] latencies)
    {
        var next = -1;
        var errors = 0;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(request());
                await response.Content.LoadIntoBufferAsync();
                latencies[i] = Stopwatch.GetTimestamp() - start;
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
            }
        });
        await Task.WhenAll(workers);
        return errors;
    }

    public static HttpClient Client(int concurrency, CookieContainerHolder? cookies = null) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency,
            UseCookies = cookies is not null,
            CookieContainer = cookies?.Container ?? new System.Net.CookieContainer(),
        });
}

internal sealed class CookieContainerHolder
{
    public System.Net.CookieContainer Container { get; } = new();
}
