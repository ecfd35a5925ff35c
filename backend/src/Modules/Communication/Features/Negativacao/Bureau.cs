using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.Options;

namespace Recovery.Communication.Features.Negativacao;

/// <summary>A debt as the bureau needs it, to register or remove.</summary>
internal sealed record BureauRecord(Guid NegativacaoId, string Document, string Name, string Creditor, string CreditorDocument, string Contract,
    long AmountCents, DateOnly DueDate);

/// <summary>The credit bureau (SPC, Serasa, Boa Vista...): registers and removes; answers a protocol kept as evidence.</summary>
internal interface IBureau
{
    Task<string> RegisterAsync(IReadOnlyList<BureauRecord> records, CancellationToken ct);

    Task<string> RemoveAsync(IReadOnlyList<BureauRecord> records, string reason, CancellationToken ct);
}

internal sealed class NegativacaoOptions
{
    /// <summary>Days between the notice and the registration (default 10).</summary>
    public int NoticeDays { get; set; } = 10;

    /// <summary>Per UF, when a state asks for longer.</summary>
    public Dictionary<string, int> NoticeDaysByState { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Business days to remove after payment or agreement (STJ Súmula 548).</summary>
    public int RemovalBusinessDays { get; set; } = 5;

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The bureau's HTTP endpoint; without it, files in <see cref="Directory"/> (the documented layout).</summary>
    public string? BureauUrl { get; set; }
    public string? BureauToken { get; set; }

    /// <summary>Where the file adapter writes; default <c>$RECOVERY_DATA_DIR/bureau</c>.</summary>
    public string? Directory { get; set; }

    public int NoticeDaysFor(string? state) => state is not null && NoticeDaysByState.TryGetValue(state, out var days) ? days : NoticeDays;
}

/// <summary>
/// The file adapter: one semicolon-separated UTF-8 file per batch in <c>outgoing/</c>, named
/// <c>{INCLUSAO|EXCLUSAO}-{yyyyMMddHHmmssfff}-{count}.csv</c>, in the layout of docs/negativacao-layout.md; the file name is the
/// protocol. Whoever carries the files to the bureau (SFTP, the bureau's portal) takes them from there.
/// </summary>
internal sealed class FileBureau(IOptions<NegativacaoOptions> options, Microsoft.Extensions.Configuration.IConfiguration config, TimeProvider clock) : IBureau
{
    public Task<string> RegisterAsync(IReadOnlyList<BureauRecord> records, CancellationToken ct) => WriteAsync("INCLUSAO", records, "", ct);

    public Task<string> RemoveAsync(IReadOnlyList<BureauRecord> records, string reason, CancellationToken ct) => WriteAsync("EXCLUSAO", records, reason, ct);

    private async Task<string> WriteAsync(string kind, IReadOnlyList<BureauRecord> records, string reason, CancellationToken ct)
    {
        var dir = Path.Combine(options.Value.Directory ?? Path.Combine(config["RECOVERY_DATA_DIR"] ?? "data", "bureau"), "outgoing");
        System.IO.Directory.CreateDirectory(dir);
        var name = $"{kind}-{clock.GetUtcNow():yyyyMMddHHmmssfff}-{records.Count}.csv";
        var text = new StringBuilder("tipo;id;documento;nome;credor;documento_credor;contrato;valor;vencimento;motivo\n");
        foreach (var r in records)
            text.Append(string.Join(';', kind, r.NegativacaoId, r.Document, Clean(r.Name), Clean(r.Creditor), r.CreditorDocument, Clean(r.Contract),
                (r.AmountCents / 100m).ToString("0.00", CultureInfo.InvariantCulture), r.DueDate.ToString("yyyy-MM-dd"), Clean(reason))).Append('\n');
        var temp = Path.Combine(dir, name + ".tmp");
        await File.WriteAllTextAsync(temp, text.ToString(), new UTF8Encoding(false), ct);
        File.Move(temp, Path.Combine(dir, name), overwrite: true);   // whole files only: the carrier never sees half a batch
        return name;
    }

    private static string Clean(string text) => text.Replace(';', ',').Replace('\n', ' ').Replace('\r', ' ');
}

/// <summary>The HTTP adapter: <c>POST {url}/inclusoes</c> or <c>/exclusoes</c> with the records; the bureau answers <c>{ protocol }</c>.</summary>
internal sealed class HttpBureau(IOptions<NegativacaoOptions> options, IHttpClientFactory http) : IBureau
{
    public Task<string> RegisterAsync(IReadOnlyList<BureauRecord> records, CancellationToken ct) => PostAsync("inclusoes", records, null, ct);

    public Task<string> RemoveAsync(IReadOnlyList<BureauRecord> records, string reason, CancellationToken ct) => PostAsync("exclusoes", records, reason, ct);

    private async Task<string> PostAsync(string path, IReadOnlyList<BureauRecord> records, string? reason, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{options.Value.BureauUrl!.TrimEnd('/')}/{path}")
        {
            Content = JsonContent.Create(new { reason, records }),
        };
        if (options.Value.BureauToken is { } token) request.Headers.Authorization = new("Bearer", token);
        using var response = await http.CreateClient("communication").SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Answer>(ct))?.Protocol ?? throw new InvalidOperationException("The bureau answered no protocol.");
    }

    private sealed record Answer(string? Protocol);
}
