namespace Recovery.BuildingBlocks;

public enum DocumentKind { Cpf, Cnpj }

/// <summary>
/// Brazilian taxpayer documents: CPF (11 digits) for people and CNPJ (14 characters) for companies, with their check
/// digits (Receita Federal's modulus-11 rule). Since July 2026 a CNPJ may be alphanumeric (IN RFB 2.229/2024): its first
/// 12 characters are digits or letters, its 2 check digits are digits, computed with the same weights over each
/// character's value, its ASCII code minus 48 (so '0'..'9' are 0..9 and 'A' is 17). Accepted with any punctuation and in
/// lower case, stored without punctuation in upper case, shown masked.
/// </summary>
public static class Documents
{
    /// <summary>The characters of a valid CPF or CNPJ (digits, and upper-case letters in a CNPJ), or null when it is not one.</summary>
    public static string? Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input)) return null;
        Span<char> characters = stackalloc char[14];
        var n = 0;
        var letters = false;
        foreach (var c in input)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (n == 14) return null;
                letters |= char.IsAsciiLetter(c);
                characters[n++] = char.ToUpperInvariant(c);
            }
            else if (c is not ('.' or '-' or '/' or ' ')) return null;
        }
        var value = new string(characters[..n]);
        return n switch
        {
            11 when !letters && IsValidCpf(value) => value,
            14 when IsValidCnpj(value) => value,
            _ => null,
        };
    }

    public static DocumentKind KindOf(string normalized) => normalized.Length == 11 ? DocumentKind.Cpf : DocumentKind.Cnpj;

    public static bool IsValidCpf(string d)
    {
        if (d.Length != 11 || d.Distinct().Count() == 1) return false;
        return CheckDigit(d, 9, 10) == d[9] - '0' && CheckDigit(d, 10, 11) == d[10] - '0';

        static int CheckDigit(string d, int count, int firstWeight)
        {
            var sum = 0;
            for (var i = 0; i < count; i++) sum += (d[i] - '0') * (firstWeight - i);
            var r = sum % 11;
            return r < 2 ? 0 : 11 - r;
        }
    }

    /// <summary>A CNPJ as stored: 12 digits or upper-case letters, then 2 check digits.</summary>
    public static bool IsValidCnpj(string d)
    {
        if (d.Length != 14 || d.Distinct().Count() == 1) return false;
        for (var i = 0; i < 12; i++)
            if (!char.IsAsciiDigit(d[i]) && !char.IsAsciiLetterUpper(d[i])) return false;
        if (!char.IsAsciiDigit(d[12]) || !char.IsAsciiDigit(d[13])) return false;
        return CnpjCheckDigit(d, 12) == d[12] - '0' && CnpjCheckDigit(d, 13) == d[13] - '0';
    }

    /// <summary>The check digit after the first <paramref name="count"/> characters (12 or 13) of a CNPJ.</summary>
    public static int CnpjCheckDigit(ReadOnlySpan<char> d, int count)
    {
        ReadOnlySpan<int> weights = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
        var sum = 0;
        for (var i = 0; i < count; i++) sum += (d[i] - '0') * weights[13 - count + i];
        var r = sum % 11;
        return r < 2 ? 0 : 11 - r;
    }

    /// <summary>What stands in place of the document of a debtor whose data was anonymised (never a CPF or CNPJ).</summary>
    public const string Anonymised = "anonimizado";

    /// <summary>The token stored in place of an anonymised debtor's document: unique, and never a CPF or CNPJ.</summary>
    public static string AnonymisedToken(Guid debtorId) => $"{Anonymised}-{debtorId:N}";

    /// <summary>Full formatting: 123.456.789-09, 12.345.678/0001-95 or 12.ABC.345/01DE-35.</summary>
    public static string Format(string normalized) => normalized.Length switch
    {
        11 => $"{normalized[..3]}.{normalized[3..6]}.{normalized[6..9]}-{normalized[9..]}",
        14 => $"{normalized[..2]}.{normalized[2..5]}.{normalized[5..8]}/{normalized[8..12]}-{normalized[12..]}",
        _ => Anonymised,
    };

    /// <summary>The LGPD mask for lists and logs: ***.456.789-** for a CPF; a CNPJ is a company's public identifier but is masked alike.</summary>
    public static string Mask(string normalized) => normalized.Length switch
    {
        11 => $"***.{normalized[3..6]}.{normalized[6..9]}-**",
        14 => $"**.{normalized[2..5]}.{normalized[5..8]}/{normalized[8..12]}-**",
        _ => Anonymised,
    };
}
