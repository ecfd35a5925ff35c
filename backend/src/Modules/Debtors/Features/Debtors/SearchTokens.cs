using Recovery.Debtors.Features.Invoices;

namespace Recovery.Debtors.Features.Debtors;

/// <summary>
/// The tokens a debtor is found by (debtors.search_token), and the pieces of a query that look them up. Everything lower
/// case without accents, so that a prefix is a range of the index in byte order on both engines (ADR 0020). The
/// backfill of migration 0009 computes the same tokens in SQL.
/// </summary>
internal static class SearchTokens
{
    public const int MaxLength = 254;
    public const string Name = "name", Document = "document", Contract = "contract", Phone = "phone", Email = "email";

    /// <summary>Each word of the name ("Maria Ferreira da Silva" → maria, ferreira, da, silva; "D'Ávila" → d, avila).</summary>
    public static IReadOnlyList<string> NameWords(string name) => Words(InvoiceRules.SearchName(name));

    public static string DocumentToken(string normalizedDocument) => normalizedDocument.ToLowerInvariant();

    /// <summary>The external id as sent, and without its punctuation when it has any ("NF-2026/001" → nf-2026/001, nf2026001).</summary>
    public static IReadOnlyList<string> ContractTokens(string externalId)
    {
        var lower = Cap(externalId.ToLowerInvariant());
        var compact = Compact(lower);
        return compact.Length == 0 || compact == lower ? [lower] : [lower, compact];
    }

    /// <summary>
    /// An E.164 phone's digits; for a Brazilian number also without the country code and without the area code, so
    /// that "+55 (11) 98765-4321", "11 98765 4321" and "98765-4321" all find "+5511987654321".
    /// </summary>
    public static IReadOnlyList<string> PhoneTokens(string e164)
    {
        var tokens = new List<string> { e164[1..] };
        if (e164.StartsWith("+55", StringComparison.Ordinal) && e164.Length > 7) tokens.Add(e164[3..]);
        if (e164.StartsWith("+55", StringComparison.Ordinal) && e164.Length > 9) tokens.Add(e164[5..]);
        return tokens;
    }

    public static string EmailToken(string email) => Cap(email.Trim().ToLowerInvariant());

    /// <summary>
    /// A query taken apart: the whole text and its letters and digits alone (a document, a phone or a contract id
    /// typed with any punctuation), and its words (for names), the longest first: it drives the lookup.
    /// </summary>
    public static ParsedQuery Parse(string text)
    {
        var whole = Cap(InvoiceRules.SearchName(text));
        var compact = Cap(Compact(whole));
        var names = whole.Any(char.IsLetter) && !whole.Contains('@')
            ? Words(whole).OrderByDescending(w => w.Length).ThenBy(w => w, StringComparer.Ordinal).Take(ParsedQuery.MaxWords).ToList()
            : [];
        return new ParsedQuery(whole, compact.Length == 0 ? whole : compact, names);
    }

    /// <summary>The first string after every string that starts with <paramref name="prefix"/>, in code point order.</summary>
    public static string PrefixEnd(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);

    private static IReadOnlyList<string> Words(string searchName)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= searchName.Length; i++)
        {
            var inWord = i < searchName.Length && char.IsLetterOrDigit(searchName[i]);
            if (inWord && start < 0) start = i;
            else if (!inWord && start >= 0)
            {
                var word = Cap(searchName[start..i]);
                if (!words.Contains(word)) words.Add(word);
                start = -1;
            }
        }
        return words;
    }

    private static string Compact(string text) => new(text.Where(char.IsLetterOrDigit).ToArray());

    private static string Cap(string token) => token.Length <= MaxLength ? token : token[..MaxLength];
}

/// <param name="Whole">The query lower case without accents (an e-mail, a contract id as typed).</param>
/// <param name="Compact">Its letters and digits alone (a CPF/CNPJ, a phone or a contract id typed with other punctuation).</param>
/// <param name="Words">The words of a name, longest first; empty when the query has no letter or is an e-mail.</param>
internal sealed record ParsedQuery(string Whole, string Compact, IReadOnlyList<string> Words)
{
    public const int MaxWords = 5;
}
