using System.Text.Json;
using Recovery.BuildingBlocks;
using Recovery.Bureau.Client;

namespace Recovery.Bureau.Features;

/// <summary>
/// A lookup as agents and auditors see it: who asked, why, on which legal basis, what it cost (nothing when the answer came
/// from the cache, <paramref name="CachedFrom"/> naming the paid one), and the answer (empty once erased at anonymisation).
/// </summary>
internal sealed record LookupView(Guid Id, Guid DebtorId, Guid? PortfolioId, string Purpose, string LegalBasis, string RequestedBy,
    DateTimeOffset RequestedAt, decimal Cost, bool Cached, Guid? CachedFrom, string? Protocol, int? Score,
    IReadOnlyList<Restriction> Restrictions, IReadOnlyList<FoundContact> Contacts, bool Erased)
{
    public const string Columns =
        "id, debtor_id, portfolio_id, purpose, legal_basis, requested_by, requested_at, cost_cents, cached_from, protocol, score, report, erased_at";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialise(BureauReport report) => JsonSerializer.Serialize(new Answer(report.Restrictions, report.Contacts), Json);

    public static BureauReport? Parse(Row row) =>
        row.Report is null ? null : JsonSerializer.Deserialize<Answer>(row.Report, Json) is { } a
            ? new BureauReport(row.Protocol, row.Score, a.Restrictions ?? [], a.Contacts ?? [])
            : null;

    public static LookupView From(Row r)
    {
        var answer = Parse(r);
        return new LookupView(r.Id, r.DebtorId, r.PortfolioId, r.Purpose, r.LegalBasis, r.RequestedBy, r.RequestedAt, Money.ToReais(r.CostCents),
            r.CachedFrom is not null, r.CachedFrom, r.Protocol, r.Score, answer?.Restrictions ?? [], answer?.Contacts ?? [], r.ErasedAt is not null);
    }

    private sealed record Answer(IReadOnlyList<Restriction>? Restrictions, IReadOnlyList<FoundContact>? Contacts);

    internal sealed class Row
    {
        public Guid Id { get; init; }
        public Guid DebtorId { get; init; }
        public Guid? PortfolioId { get; init; }
        public string Purpose { get; init; } = "";
        public string LegalBasis { get; init; } = "";
        public string RequestedBy { get; init; } = "";
        public DateTimeOffset RequestedAt { get; init; }
        public long CostCents { get; init; }
        public Guid? CachedFrom { get; init; }
        public string? Protocol { get; init; }
        public int? Score { get; init; }
        public string? Report { get; init; }
        public DateTimeOffset? ErasedAt { get; init; }
    }
}
