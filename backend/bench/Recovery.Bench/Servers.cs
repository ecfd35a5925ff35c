using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Recovery.Bench;

/// <summary>The floor for HTTP scenarios: Kestrel with one endpoint and nothing else, in a process of its own.</summary>
internal static class BareServer
{
    public const string Command = "bare-server";

    public static async Task<int> RunAsync(string url)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        var user = new { id = Guid.NewGuid(), email = "admin@bench.local", name = "Administrator", role = "admin" };
        app.MapGet("/bare", () => Results.Json(user));
        await app.RunAsync();
        return 0;
    }
}

/// <summary>A server process the benchmark starts and stops: our API, or the bare floor.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }
    public int Pid => _process.Id;

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Recovery.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Run the benchmark from the repository (make bench).");
    }

    public static async Task<ServerProcess> StartApiAsync(string dataDirectory, IDictionary<string, string> environment)
    {
        var root = RepositoryRoot();
        var dll = Path.Combine(root, "backend/src/Recovery.Api/bin/Release/net10.0/Recovery.Api.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: build the solution in Release first (make bench does).");
        var url = $"http://127.0.0.1:{FreePort()}";
        var info = new ProcessStartInfo("dotnet", [dll, "--urls", url])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["RECOVERY_DATA_DIR"] = dataDirectory;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (k, v) in environment) info.Environment[k] = v;
        return await StartAsync(info, url, "/healthz");
    }

    public static Task<ServerProcess> StartBareAsync()
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var info = new ProcessStartInfo("dotnet", [typeof(BareServer).Assembly.Location, BareServer.Command, url])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        return StartAsync(info, url, "/bare");
    }

    private static async Task<ServerProcess> StartAsync(ProcessStartInfo info, string url, string readyPath)
    {
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) Console.Error.WriteLine("  [server] " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"The server exited with {process.ExitCode}.");
            try
            {
                if ((await http.GetAsync(url + readyPath)).StatusCode == HttpStatusCode.OK) return new ServerProcess(process, url);
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        process.Kill(true);
        throw new TimeoutException($"The server at {url} did not become ready.");
    }

    /// <summary>The server's peak resident memory so far (VmHWM), in MB.</summary>
    public double PeakMemoryMb()
    {
        var status = $"/proc/{_process.Id}/status";
        if (!File.Exists(status)) return double.NaN;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:"));
        return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
