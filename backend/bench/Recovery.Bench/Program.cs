using Recovery.Bench;

// make bench [SCENARIO=name|all] [SIZE=n]: each scenario prints a table, then one JSON line with our figure, the floor
// (the same work done the fastest direct way on this machine, in the same run) and their ratio.
if (args.Length > 0 && args[0] == BareServer.Command) return await BareServer.RunAsync(args[1]);

var scenario = args.Length > 0 && args[0].Length > 0 ? args[0] : "all";
int? size = args.Length > 1 && int.TryParse(args[1], out var n) ? n : null;

var scenarios = new Dictionary<string, Func<int?, Task>>
{
    ["pipeline"] = PipelineScenario.RunAsync,
    ["ingest"] = IngestScenario.RunAsync,
    ["ingest-kill"] = CrashScenario.RunAsync,
    ["negotiate"] = NegotiateScenario.RunAsync,
    ["dunning"] = DunningScenario.RunAsync,
    ["reports"] = ReportsScenario.RunAsync,
    ["search"] = SearchScenario.RunAsync,
    ["portal"] = PortalScenario.RunAsync,
    ["analytics"] = AnalyticsScenario.RunAsync,
};

if (scenario == "all")
{
    foreach (var run in scenarios.Values) await run(size);
    return 0;
}
if (!scenarios.TryGetValue(scenario, out var chosen))
{
    Console.Error.WriteLine($"Unknown scenario '{scenario}'. Known: {string.Join(", ", scenarios.Keys)}, all.");
    return 2;
}
await chosen(size);
return 0;
