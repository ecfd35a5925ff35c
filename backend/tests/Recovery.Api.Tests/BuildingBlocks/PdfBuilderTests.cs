using System.Text;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Printing;

namespace Recovery.Api.Tests.BuildingBlocks;

/// <summary>The shared PDF writer on its own: what it writes can be read back as a viewer would, page by page.</summary>
public sealed class PdfBuilderTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 2, 30, 0, TimeSpan.Zero);   // 01/03/2026 23:30 in Brasília

    private static byte[] Long(int rows) => new PdfBuilder("Extrato de débitos", At)
        .Title("Negociação e cobrança")
        .Paragraph("Ação, atenção, açúcar, pão: " + string.Join(' ', Enumerable.Repeat("palavra", 200)))
        .Table([new("Parcela"), new("Vencimento"), new("Valor", 1, Right: true), new("Pix copia e cola", 3)],
            Enumerable.Range(1, rows).Select(i => new[] { i.ToString(), $"{new DateOnly(2026, 4, 10).AddMonths(i):dd/MM/yyyy}", Money.Format(12_345 * i), new string('X', 160) }))
        .ToArray();

    [Test]
    public void Text_with_accents_comes_back_from_the_embedded_font_and_pages_are_numbered()
    {
        var pdf = PdfText.Read(Long(60));
        Assert.That(pdf.PageCount, Is.GreaterThan(2), "sixty wrapped rows do not fit on two pages");
        Assert.That(pdf.EmbeddedFonts, Is.Not.Empty.And.All.Contain("DejaVu Sans"));
        Assert.That(pdf.FontsWithoutUnicodeMap, Is.Empty);
        Assert.That(pdf.Title, Is.EqualTo("Extrato de débitos"));
        Assert.That(pdf.Creator, Is.EqualTo("Recovery"));
        Assert.That(pdf.Pages[0], Does.Contain("Negociação e cobrança").And.Contain("Ação, atenção, açúcar, pão:"));
        for (var i = 0; i < pdf.PageCount; i++)
        {
            Assert.That(pdf.Pages[i], Does.Contain($"Página {i + 1} de {pdf.PageCount}"));
            Assert.That(pdf.Pages[i], Does.Contain("gerado em 01/03/2026 23:30"), "the footer's time is Brasília's");
            Assert.That(pdf.Pages[i], Does.Contain("Pix copia e cola"), "the table's header repeats on every page it spans");
        }
        Assert.That(pdf.All, Does.Contain("R$ 7.407,00").And.Contain("10/04/2031"), "row 60, on the last page");
        Assert.That(pdf.All.Replace("\n", ""), Does.Contain(new string('X', 160)), "a word wider than its column is cut, not lost");
    }

    [Test]
    public void A_document_written_twice_is_whole_both_times()
    {
        foreach (var bytes in new[] { Long(3), Long(3) })
        {
            Assert.That(Encoding.ASCII.GetString(bytes, 0, 5), Is.EqualTo("%PDF-"));
            Assert.That(Encoding.ASCII.GetString(bytes[^7..]).TrimEnd(), Does.EndWith("%%EOF"));
            Assert.That(PdfText.Read(bytes).PageCount, Is.EqualTo(1));
        }
    }
}
