using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Recovery.Api.Tests;

/// <summary>
/// Logs leave as JSON lines that carry the trace they were written in. The lines are captured with the console's own
/// formatter, the one the host's configuration chose, writing to a buffer instead of the process's standard output.
/// </summary>
public sealed class JsonLogTests
{
    [Test]
    public async Task A_log_line_written_during_a_request_is_JSON_with_the_request_trace_id()
    {
        var buffer = new JsonLineBuffer();
        await using var app = new RecoveryApp(
            new()
            {
                ["Observability:JsonLogs"] = "true",
                ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
            },
            services => services.AddSingleton<ILoggerProvider>(sp => buffer.Attach(
                sp.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value, sp.GetServices<ConsoleFormatter>())));

        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        (await app.Anonymous().SendAsync(request)).EnsureSuccessStatusCode();

        Assert.That(buffer.FormatterName, Is.EqualTo(ConsoleFormatterNames.Json), "the console writes JSON when configured to");
        JsonElement? line = null;
        await RecoveryApp.EventuallyAsync(() =>
        {
            line = buffer.Lines().Select(l => JsonDocument.Parse(l).RootElement)
                .FirstOrDefault(l => l.GetProperty("Category").GetString() == "Microsoft.AspNetCore.Hosting.Diagnostics"
                                     && l.GetProperty("Message").GetString()!.Contains("/healthz"));
            return Task.FromResult(line.HasValue && line.Value.ValueKind == JsonValueKind.Object);
        }, "the request's log line");

        var scopes = line!.Value.GetProperty("Scopes").EnumerateArray().ToList();
        var trace = scopes.Single(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("TraceId", out _));
        Assert.That(trace.GetProperty("TraceId").GetString(), Is.EqualTo(traceId));
        Assert.That(trace.GetProperty("SpanId").GetString(), Has.Length.EqualTo(16).And.Not.EqualTo("00f067aa0ba902b7"),
            "the server's own span, a child of the caller's");
        Assert.That(line.Value.GetProperty("LogLevel").GetString(), Is.EqualTo("Information"));
    }

    /// <summary>A logger provider writing each entry with the console's configured formatter into memory, one line each.</summary>
    private sealed class JsonLineBuffer : ILoggerProvider, ISupportExternalScope
    {
        private readonly List<string> _lines = [];
        private ConsoleFormatter _formatter = null!;
        private IExternalScopeProvider? _scopes;

        public string FormatterName { get; private set; } = "";

        public JsonLineBuffer Attach(ConsoleLoggerOptions options, IEnumerable<ConsoleFormatter> formatters)
        {
            FormatterName = options.FormatterName ?? "";
            _formatter = formatters.Single(f => f.Name == FormatterName);
            return this;
        }

        public IReadOnlyList<string> Lines()
        {
            lock (_lines) return _lines.ToList();
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose() { }

        private sealed class Logger(JsonLineBuffer owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes?.Push(state) ?? NullLogger.Instance.BeginScope(state);

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                using var writer = new StringWriter();
                owner._formatter.Write(new Microsoft.Extensions.Logging.Abstractions.LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), owner._scopes, writer);
                var text = writer.ToString().Trim();
                if (text.Length == 0) return;
                lock (owner._lines) owner._lines.Add(text);
            }
        }
    }
}
