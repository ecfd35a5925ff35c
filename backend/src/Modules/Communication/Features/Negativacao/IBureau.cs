namespace Recovery.Communication.Features.Negativacao;

/// <summary>The credit bureau (SPC, Serasa, Boa Vista...): registers and removes; answers a protocol kept as evidence.</summary>
internal interface IBureau
{
    Task<string> RegisterAsync(IReadOnlyList<BureauRecord> records, CancellationToken ct);

    Task<string> RemoveAsync(IReadOnlyList<BureauRecord> records, string reason, CancellationToken ct);
}
