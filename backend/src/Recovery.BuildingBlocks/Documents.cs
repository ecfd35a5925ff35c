namespace Recovery.BuildingBlocks;

public enum DocumentKind { Cpf, Cnpj }

/// <summary>
/// Brazilian taxpayer documents: CPF (11 digits) for people and CNPJ (14 digits) for companies, with their check digits
/// (Receita Federal's modulus-11 rule). Accepted with any punctuation, stored as digits only, shown masked.
/// </summary>
public static class Documents
{
    /// <summary>The digits of a valid CPF or CNPJ, or null when it is not one.</summary>
    public static string? Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input)) return null;
        Span<char> digits = stackalloc char[14];
        var n = 0;
        foreach (var c in input)
        {
            if (char.IsAsciiDigit(c)) { if (n == 14) return null; digits[n++] = c; }
            else if (c is not ('.' or '-' or '/' or ' ')) return null;
        }
        var value = new string(digits[..n]);
        return n switch
        {
            11 when IsValidCpf(value) => value,
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

    public static bool IsValidCnpj(string d)
    {
        if (d.Length != 14 || d.Distinct().Count() == 1) return false;
        int[] w1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
        int[] w2 = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
        return CheckDigit(d, w1) == d[12] - '0' && CheckDigit(d, w2) == d[13] - '0';

        static int CheckDigit(string d, int[] weights)
        {
            var sum = 0;
            for (var i = 0; i < weights.Length; i++) sum += (d[i] - '0') * weights[i];
            var r = sum % 11;
            return r < 2 ? 0 : 11 - r;
        }
    }

    /// <summary>What stands in place of the document of a debtor whose data was anonymised (never a CPF or CNPJ).</summary>
    public const string Anonymised = "anonimizado";

    /// <summary>The token stored in place of an anonymised debtor's document: unique, and never digits only.</summary>
    public static string AnonymisedToken(Guid debtorId) => $"{Anonymised}-{debtorId:N}";

    /// <summary>Full formatting: 123.456.789-09 or 12.345.678/0001-95.</summary>
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
