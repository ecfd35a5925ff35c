using System.Text.Json.Nodes;

namespace Recovery.Api.Tests.Invariants;

/// <summary>A partner of the walk, with its client (API key) and debtors.</summary>
internal sealed class WalkPartner
{
    public required int Index { get; init; }
    public required HttpClient Client { get; init; }
    public required Guid Id { get; init; }
    public List<WalkDebtor> Debtors { get; } = [];
    public override string ToString() => $"partner {Index}";
}

internal sealed class WalkDebtor
{
    public required WalkPartner Partner { get; init; }
    public required string Document { get; init; }
    public required string Name { get; init; }
    public required string Email { get; init; }
    public Guid Id { get; set; }
    public List<WalkDebt> Debts { get; } = [];
    /// <summary>Holds placed by the walk and not lifted yet.</summary>
    public List<Guid> Holds { get; } = [];
}

/// <summary>
/// A debt as the partner's API showed it after the latest step, and the spans during which it was not open (from the
/// start of the step that took it out of open to the start of the step that brought it back).
/// </summary>
internal sealed class WalkDebt
{
    public required WalkDebtor Debtor { get; init; }
    public required string ExternalId { get; init; }
    public required string Portfolio { get; init; }
    public Guid InvoiceId { get; set; }
    public DateOnly DueDate { get; set; }
    public decimal Amount { get; set; }
    public string Status
    {
        get => _status;
        set { _status = value; Seen.Add(value); }
    }
    private string _status = "open";

    /// <summary>Every status the debt was seen in along the walk.</summary>
    public HashSet<string> Seen { get; } = ["open"];
    public decimal Outstanding { get; set; }
    public List<(DateTimeOffset Left, DateTimeOffset? Back)> NotOpen { get; } = [];

    public bool NotOpenAt(DateTimeOffset at) => NotOpen.Any(s => at >= s.Left && (s.Back is null || at < s.Back));

    public override string ToString() => $"{ExternalId} ({InvoiceId})";
}

internal sealed class WalkAgreement
{
    public required Guid Id { get; init; }
    public required List<WalkDebt> Debts { get; init; }
    public string Status { get; set; } = "";
    public override string ToString() => $"agreement {Id} over {string.Join(", ", Debts.Select(d => d.ExternalId))}";
}

/// <summary>Seeded data: documents, invoice bodies.</summary>
internal static class WalkData
{
    /// <summary>
    /// An invoice as a partner sends it: no fine, interest or index, so an agreement's value is the debt's outstanding and
    /// the authority a discount needs depends on the discount alone.
    /// </summary>
    public static JsonObject Invoice(WalkDebt debt) => new()
    {
        ["externalId"] = debt.ExternalId,
        ["portfolio"] = debt.Portfolio,
        ["debtor"] = new JsonObject
        {
            ["document"] = debt.Debtor.Document,
            ["name"] = debt.Debtor.Name,
            ["monthlyIncome"] = 20000.00m,
            ["emails"] = new JsonArray(debt.Debtor.Email),
            ["address"] = new JsonObject
            {
                ["street"] = "Rua A", ["number"] = "10", ["district"] = "Centro", ["city"] = "São Paulo", ["state"] = "SP", ["postalCode"] = "01310-100",
            },
        },
        ["amount"] = debt.Amount,
        ["dueDate"] = debt.DueDate.ToString("yyyy-MM-dd"),
        ["description"] = "Contrato " + debt.ExternalId,
        ["terms"] = new JsonObject { ["finePercent"] = 0m, ["monthlyInterestPercent"] = 0m, ["correctionIndex"] = "NONE" },
        ["consumer"] = true,
    };

    /// <summary>Reais with two decimals from a whole number of cents.</summary>
    public static decimal Reais(long cents) => cents / 100m;

    public static long Cents(decimal reais) => (long)decimal.Round(reais * 100m, MidpointRounding.AwayFromZero);
}
