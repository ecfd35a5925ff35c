using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace Recovery.Communication.Features.Negativacao;

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
