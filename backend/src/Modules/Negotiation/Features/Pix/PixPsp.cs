using System.Text.Json.Serialization;

namespace Recovery.Negotiation.Features.Pix;

/// <summary>
/// The creditor's PSP as the Central Bank's Pix API names it: create (PUT) and remove (PATCH) a cobrança com vencimento,
/// read one, and list the Pix received. <see cref="PixPspClient"/> is the one implementation; tests run it against a
/// loopback server that checks the requests against the specification.
/// </summary>
internal interface IPixPsp
{
    /// <summary>PUT /cobv/{txid}: creates the charge, or answers the one already made with that txid.</summary>
    Task<CobvResponse> PutCobvAsync(PspSettings psp, string txid, CobvRequest cobv, CancellationToken ct);

    /// <summary>PATCH /cobv/{txid} with status REMOVIDA_PELO_USUARIO_RECEBEDOR.</summary>
    Task<CobvResponse> RemoveCobvAsync(PspSettings psp, string txid, CancellationToken ct);

    /// <summary>GET /cobv/{txid}; null when the PSP has none.</summary>
    Task<CobvResponse?> GetCobvAsync(PspSettings psp, string txid, CancellationToken ct);

    /// <summary>GET /pix?inicio=&amp;fim=&amp;paginacao.paginaAtual=: one page of the Pix received in the interval.</summary>
    Task<PixPage> ListPixAsync(PspSettings psp, DateTimeOffset from, DateTimeOffset to, int page, CancellationToken ct);

    // Pix Automático (ADR 0021).

    /// <summary>POST /rec: the recurrence, CRIADA until the payer answers; its idRec is the PSP's.</summary>
    Task<RecResponse> CreateRecAsync(PspSettings psp, RecRequest rec, CancellationToken ct);

    /// <summary>GET /rec/{idRec}; null when the PSP has none.</summary>
    Task<RecResponse?> GetRecAsync(PspSettings psp, string idRec, CancellationToken ct);

    /// <summary>GET /rec: the recurrences created between two instants for a payer's CPF or CNPJ (the first 100).</summary>
    Task<IReadOnlyList<RecListed>> FindRecsAsync(PspSettings psp, DateTimeOffset from, DateTimeOffset to, string document, CancellationToken ct);

    /// <summary>PATCH /rec/{idRec} with status CANCELADA.</summary>
    Task<RecResponse> CancelRecAsync(PspSettings psp, string idRec, CancellationToken ct);

    /// <summary>POST /solicrec: the authorisation request sent to the payer's PSP.</summary>
    Task<SolicRecResponse> RequestAuthorisationAsync(PspSettings psp, SolicRecRequest request, CancellationToken ct);

    /// <summary>PUT /cobr/{txid}: the recurring charge of an installment, or the one already made with that txid.</summary>
    Task<CobrResponse> PutCobrAsync(PspSettings psp, string txid, CobrRequest cobr, CancellationToken ct);

    /// <summary>GET /cobr/{txid}; null when the PSP has none.</summary>
    Task<CobrResponse?> GetCobrAsync(PspSettings psp, string txid, CancellationToken ct);

    /// <summary>PATCH /cobr/{txid} with status CANCELADA (only before its first settlement attempt).</summary>
    Task<CobrResponse> CancelCobrAsync(PspSettings psp, string txid, CancellationToken ct);

    /// <summary>POST /cobr/{txid}/retentativa/{data}: a new settlement attempt on that date, as the recurrence's policy allows.</summary>
    Task<CobrResponse> RetryCobrAsync(PspSettings psp, string txid, DateOnly date, CancellationToken ct);
}

/// <summary>CobVSolicitada: what we send (amounts as strings with two decimals, dates YYYY-MM-DD).</summary>
internal sealed record CobvRequest(CobvCalendar Calendario, CobvDebtor Devedor, CobvValue Valor, string Chave, string? SolicitacaoPagador);

internal sealed record CobvCalendar(string DataDeVencimento, int ValidadeAposVencimento);

/// <summary>PessoaFisica or PessoaJuridica: cpf (11 digits) or cnpj (14 digits or upper-case letters), never both.</summary>
internal sealed record CobvDebtor(string? Cpf, string? Cnpj, string Nome);

/// <summary>CobVValor: original, and multa / juros / desconto / abatimento each as modalidade + valorPerc when they apply.</summary>
internal sealed record CobvValue(string Original, CobvModality? Multa, CobvModality? Juros, CobvModality? Desconto, CobvModality? Abatimento);

internal sealed record CobvModality(int Modalidade, string ValorPerc);

/// <summary>CobVGerada / CobVCompleta: the part we keep.</summary>
internal sealed record CobvResponse(string? Txid, int Revisao, string? Status, string? Location, string? PixCopiaECola);

/// <summary>One Pix received (schema Pix): endToEndId, txid when the payer's app read one, valor, horario.</summary>
internal sealed record PixItem(string? EndToEndId, string? Txid, string? Valor, DateTimeOffset? Horario);

internal sealed record PixPage(IReadOnlyList<PixItem> Pix, int CurrentPage, int Pages);

/// <summary>The PSP said no, or could not be reached after the retries: <see cref="Transient"/> tells whether trying later may help.</summary>
internal sealed class PspException(string message, int? status, bool transient) : Exception(message)
{
    public int? Status { get; } = status;
    public bool Transient { get; } = transient;
}

internal static class PixJson
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
