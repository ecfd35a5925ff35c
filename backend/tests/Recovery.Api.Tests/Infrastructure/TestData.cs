namespace Recovery.Api.Tests.Infrastructure;

public static class TestData
{
    private static readonly Random Random = new();

    /// <summary>A random valid CNPJ, formatted.</summary>
    public static string Cnpj()
    {
        var d = new int[14];
        lock (Random) for (var i = 0; i < 8; i++) d[i] = Random.Next(10);
        d[11] = 1;
        d[12] = Check(d, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
        d[13] = Check(d, [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
        var s = string.Concat(d);
        return $"{s[..2]}.{s[2..5]}.{s[5..8]}/{s[8..12]}-{s[12..]}";
    }

    /// <summary>
    /// A valid alphanumeric CNPJ (IN RFB 2.229/2024), unformatted and upper case: 12 characters of 0-9 and A-Z with at
    /// least one letter, check digits by the same weights over each character's ASCII code minus 48.
    /// </summary>
    public static string AlphanumericCnpj(Random random)
    {
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        var c = new char[12];
        do
            for (var i = 0; i < 12; i++) c[i] = alphabet[random.Next(alphabet.Length)];
        while (!c.Any(char.IsAsciiLetter));
        var d = new int[14];
        for (var i = 0; i < 12; i++) d[i] = c[i] - 48;
        d[12] = Check(d, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
        d[13] = Check(d, [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
        return new string(c) + d[12] + d[13];
    }

    /// <summary>A random valid CPF, digits only.</summary>
    public static string Cpf()
    {
        lock (Random) return Cpf(Random);
    }

    /// <summary>A valid CPF drawn from <paramref name="random"/> (a seeded source replays the same people).</summary>
    public static string Cpf(Random random)
    {
        var d = new int[11];
        do
            for (var i = 0; i < 9; i++) d[i] = random.Next(10);
        while (d[..9].Distinct().Count() == 1);   // 111.111.111-11 and the like are not valid CPFs
        d[9] = Check(d, [10, 9, 8, 7, 6, 5, 4, 3, 2]);
        d[10] = Check(d, [11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
        return string.Concat(d);
    }

    private static int Check(int[] digits, int[] weights)
    {
        var sum = 0;
        for (var i = 0; i < weights.Length; i++) sum += digits[i] * weights[i];
        var r = sum % 11;
        return r < 2 ? 0 : 11 - r;
    }
}
