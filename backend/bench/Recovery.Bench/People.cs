using System.Globalization;
using System.Text;

namespace Recovery.Bench;

/// <summary>The people of the data set every scenario shares: names as a real portfolio has them, phones.</summary>
internal static class People
{
    private static readonly string[] First = ["Maria", "José", "Ana", "João", "Antônio", "Francisca", "Carlos", "Paulo", "Adriana", "Lucas",
        "Juliana", "Marcos", "Patrícia", "Pedro", "Aline", "Rafael", "Sandra", "Luiz", "Camila", "Gabriel", "Fernanda", "Daniel", "Márcia",
        "Rodrigo", "Jéssica", "Bruno", "Conceição", "Eduardo", "Letícia", "Felipe"];

    private static readonly string[] Last = ["Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima",
        "Gomes", "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes", "Soares", "Fernandes", "Vieira", "Barbosa", "Rocha", "Dias",
        "Nascimento", "Andrade", "Moreira", "Nunes", "Marques", "Machado", "Mendes", "Freitas", "Cardoso", "Ramos", "Gonçalves", "Santana",
        "Teixeira", "Araújo", "Cavalcanti", "Monteiro", "Moura", "Batista"];

    /// <summary>A Brazilian-looking name for debtor d: first name, two surnames (common ones, as in a real portfolio).</summary>
    internal static string Name(int d) => $"{First[d % First.Length]} {Last[d / First.Length % Last.Length]} {Last[(d / 7 + 3) % Last.Length]}";

    /// <summary>The national number (area code and number) of debtor d's phone, +55 taken off.</summary>
    internal static string PhoneDigits(int d) => $"119{d % 100_000_000:D8}";

    /// <summary>Lower case without accents, as the search keeps names.</summary>
    internal static string Plain(string name) =>
        new string(name.ToLowerInvariant().Normalize(NormalizationForm.FormD)
            .Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark).ToArray()).Normalize(NormalizationForm.FormC);
}
