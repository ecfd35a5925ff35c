namespace Recovery.BuildingBlocks;

/// <summary>
/// Money inside the system is a <c>long</c> of centavos; the API speaks reais as JSON numbers with at most two decimals.
/// </summary>
public static class Money
{
    public const decimal MaxAmount = 100_000_000.00m;

    /// <summary>True when a value in reais has no more than two decimal places.</summary>
    public static bool HasAtMostTwoDecimals(decimal reais) => decimal.Round(reais, 2) == reais;

    public static long ToCents(decimal reais) => (long)decimal.Round(reais * 100m, 0, MidpointRounding.AwayFromZero);

    public static decimal ToReais(long cents) => cents / 100m;

    /// <summary>Rounds a computed amount of centavos half away from zero (rules.md "Money").</summary>
    public static long Round(decimal cents) => (long)decimal.Round(cents, 0, MidpointRounding.AwayFromZero);

    /// <summary>R$ 1.234,56: how amounts read in documents for Brazilian debtors.</summary>
    public static string Format(long cents) => ToReais(cents).ToString("C", PtBr);

    public static readonly System.Globalization.CultureInfo PtBr = System.Globalization.CultureInfo.GetCultureInfo("pt-BR");
}
