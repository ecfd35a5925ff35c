using System.Globalization;
using System.Text.Json;

namespace Recovery.Bench;

internal static class Report
{
    public static void Table(string title, IEnumerable<LoadResult> rows)
    {
        Console.WriteLine();
        Console.WriteLine($"## {title}");
        Console.WriteLine($"| {"target",-34} | {"requests",8} | {"workers",7} | {"req/s",9} | {"p50 ms",7} | {"p99 ms",7} | {"errors",6} |");
        Console.WriteLine($"|{new string('-', 36)}|{new string('-', 10)}|{new string('-', 9)}|{new string('-', 11)}|{new string('-', 9)}|{new string('-', 9)}|{new string('-', 8)}|");
        foreach (var r in rows)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Target,-34} | {r.Requests,8} | {r.Concurrency,7} | {r.PerSecond,9:F0} | {r.P50Ms,7:F2} | {r.P99Ms,7:F2} | {r.Errors,6} |"));
    }

    public static void Line(string scenario, double ours, double floor, string unit, IDictionary<string, object>? extra = null)
    {
        var line = new Dictionary<string, object>
        {
            ["scenario"] = scenario,
            ["ours"] = Math.Round(ours, 2),
            ["floor"] = Math.Round(floor, 2),
            ["unit"] = unit,
            ["ratio"] = Math.Round(ours / floor, 3),
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, object>()) line[k] = v;
        Console.WriteLine(JsonSerializer.Serialize(line));
    }
}
