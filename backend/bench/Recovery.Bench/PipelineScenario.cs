using System.Net.Http.Json;

namespace Recovery.Bench;

/// <summary>
/// An authenticated GET (/api/v1/auth/me: session lookup, guards, rate limiter, authorization, MediatR, a query) through
/// the whole pipeline of the real host, against the same JSON from a bare Kestrel endpoint.
/// </summary>
internal static class PipelineScenario
{
    public static async Task RunAsync(int? size)
    {
        var total = size ?? 50_000;
        const int concurrency = 16;
        var dataDir = Path.Combine(Path.GetTempPath(), "recovery-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            LoadResult ours;
            await using (var api = await ServerProcess.StartApiAsync(dataDir, new Dictionary<string, string>
            {
                ["RECOVERY_ADMIN_EMAIL"] = "admin@bench.local",
                ["RECOVERY_ADMIN_PASSWORD"] = "Bench-Password-2026",
                ["Security__RateLimits__UserPermitsPerSecond"] = "1000000",
                ["Security__RateLimits__UserBurst"] = "1000000",
            }))
            {
                var cookies = new CookieContainerHolder();
                using var client = Load.Client(concurrency, cookies);
                await SecondFactor.SignInAdminAsync(client, api.BaseUrl);
                ours = await Load.RunAsync("API GET /api/v1/auth/me (session)", client,
                    () => new HttpRequestMessage(HttpMethod.Get, api.BaseUrl + "/api/v1/auth/me"), total, concurrency);
            }

            LoadResult floor;
            await using (var bare = await ServerProcess.StartBareAsync())
            {
                using var client = Load.Client(concurrency);
                floor = await Load.RunAsync("bare Kestrel GET /bare", client,
                    () => new HttpRequestMessage(HttpMethod.Get, bare.BaseUrl + "/bare"), total, concurrency);
            }

            Report.Table("pipeline: authenticated GET through the full pipeline vs a bare endpoint", [ours, floor]);
            Report.Line("pipeline", ours.PerSecond, floor.PerSecond, "requests/s", new Dictionary<string, object>
            {
                ["p50Ms"] = Math.Round(ours.P50Ms, 2),
                ["p99Ms"] = Math.Round(ours.P99Ms, 2),
                ["floorP50Ms"] = Math.Round(floor.P50Ms, 2),
                ["floorP99Ms"] = Math.Round(floor.P99Ms, 2),
                ["errors"] = ours.Errors,
            });
        }
        finally
        {
            try { Directory.Delete(dataDir, true); } catch (IOException) { }
        }
    }
}
