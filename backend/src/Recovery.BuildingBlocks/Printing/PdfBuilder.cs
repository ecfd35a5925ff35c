using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Recovery.BuildingBlocks.Printing;

/// <summary>
/// A table column: its header, its share of the page's width, whether its cells align right (money), and whether they
/// are codes (a Pix copia e cola) cut at the column's edge with every character kept, spaces included.
/// </summary>
public sealed record PdfColumn(string Header, double Width = 1, bool Right = false, bool Code = false);

/// <summary>
/// An A4 document written top to bottom: a title, headings, wrapped paragraphs and tables whose rows wrap and break across
/// pages (the header repeated). Every page gets a footer with the document's title, when it was generated (Brasília time)
/// and "Página N de M". Text is Unicode in the embedded DejaVu Sans (with its ToUnicode map), so viewers can search and
/// copy it, accents included.
/// </summary>
public sealed class PdfBuilder
{
    private const double PageWidth = 595.28, PageHeight = 841.89, Margin = 50, FooterHeight = 40, Padding = 3;
    private const double Leading = 1.25;

    // Static fields initialise in the order written: the resolver is in place before the first font below is made.
    private static readonly bool FontsRegistered = PdfFonts.Register();
    private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);
    private static readonly XFont TitleFont = Font(16, bold: true);
    private static readonly XFont HeadingFont = Font(12, bold: true);
    private static readonly XFont BodyFont = Font(10, bold: false);
    private static readonly XFont BodyBold = Font(10, bold: true);
    private static readonly XFont CellFont = Font(8.5, bold: false);
    private static readonly XFont CellBold = Font(8.5, bold: true);
    private static readonly XFont FooterFont = Font(7.5, bold: false);
    private static readonly XBrush HeaderFill = new XSolidBrush(XColor.FromArgb(235, 235, 235));
    private static readonly XPen Rule = new(XColor.FromArgb(150, 150, 150), 0.5);

    private readonly PdfDocument _document = new();
    private readonly string _title;
    private readonly DateTimeOffset _generatedAt;
    private XGraphics? _graphics;
    private double _y;

    public PdfBuilder(string title, DateTimeOffset generatedAt, string? subject = null)
    {
        _title = title;
        _generatedAt = generatedAt;
        _document.Info.Title = title;
        _document.Info.Subject = subject ?? title;
        _document.Info.Creator = "Recovery";
        _document.Info.Author = "Recovery";
        _document.Info.CreationDate = generatedAt.UtcDateTime;
        _document.Language = "pt-BR";
        NewPage();
    }

    private static XFont Font(double size, bool bold) =>
        new(PdfFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, Unicode);

    private XGraphics G => _graphics!;
    private static double Width => PageWidth - 2 * Margin;
    private static double Bottom => PageHeight - Margin - FooterHeight;

    /// <summary>The document's title, large, at the top of the page.</summary>
    public PdfBuilder Title(string text)
    {
        Lines(text, TitleFont, XStringFormats.TopLeft, after: 8);
        return this;
    }

    /// <summary>A section heading, kept on the page of what follows it.</summary>
    public PdfBuilder Heading(string text)
    {
        if (_y + 4 * LineHeight(HeadingFont) > Bottom) NewPage();
        _y += 6;
        Lines(text, HeadingFont, XStringFormats.TopLeft, after: 3);
        return this;
    }

    /// <summary>A paragraph wrapped to the page's width; line breaks in the text are kept.</summary>
    public PdfBuilder Paragraph(string text, bool bold = false, bool right = false)
    {
        Lines(text, bold ? BodyBold : BodyFont, right ? XStringFormats.TopRight : XStringFormats.TopLeft, after: 6);
        return this;
    }

    /// <summary>Vertical space, in points.</summary>
    public PdfBuilder Space(double points)
    {
        _y = Math.Min(_y + points, Bottom);
        return this;
    }

    /// <summary>A table: the header row shaded, every cell wrapped in its column; a row that does not fit goes to the next page.</summary>
    public PdfBuilder Table(IReadOnlyList<PdfColumn> columns, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var share = columns.Sum(c => c.Width);
        var widths = columns.Select(c => Width * c.Width / share).ToArray();
        DrawRow(columns.Select(c => (string?)c.Header).ToList(), columns, widths, header: true);
        foreach (var row in rows)
        {
            if (!DrawRow(row, columns, widths, header: false))
            {
                NewPage();
                DrawRow(columns.Select(c => (string?)c.Header).ToList(), columns, widths, header: true);
                DrawRow(row, columns, widths, header: false, force: true);
            }
        }
        _y += 8;
        return this;
    }

    /// <summary>The finished PDF: footers on every page, now that the page count is known.</summary>
    public byte[] ToArray()
    {
        _graphics?.Dispose();
        _graphics = null;
        var generated = TimeZoneInfo.ConvertTime(_generatedAt, BusinessDate.Brasilia).ToString("dd/MM/yyyy HH:mm", Money.PtBr);
        var count = _document.PageCount;
        for (var i = 0; i < count; i++)
        {
            using var g = XGraphics.FromPdfPage(_document.Pages[i], XGraphicsPdfPageOptions.Append);
            var top = PageHeight - Margin - FooterHeight / 2;
            g.DrawLine(Rule, Margin, top, PageWidth - Margin, top);
            g.DrawString($"{_title} · gerado em {generated} (horário de Brasília)", FooterFont, XBrushes.DimGray,
                new XRect(Margin, top + 4, Width * 0.75, 12), XStringFormats.TopLeft);
            g.DrawString($"Página {i + 1} de {count}", FooterFont, XBrushes.DimGray,
                new XRect(Margin, top + 4, Width, 12), XStringFormats.TopRight);
        }
        using var stream = new MemoryStream();
        _document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    private void NewPage()
    {
        _graphics?.Dispose();
        var page = _document.AddPage();
        page.Width = XUnit.FromPoint(PageWidth);
        page.Height = XUnit.FromPoint(PageHeight);
        _graphics = XGraphics.FromPdfPage(page);
        _y = Margin;
    }

    private static double LineHeight(XFont font) => font.Size * Leading;

    private void Lines(string text, XFont font, XStringFormat format, double after)
    {
        foreach (var line in Wrap(text, font, Width))
        {
            if (_y + LineHeight(font) > Bottom) NewPage();
            G.DrawString(line, font, XBrushes.Black, new XRect(Margin, _y, Width, LineHeight(font)), format);
            _y += LineHeight(font);
        }
        _y += after;
    }

    /// <summary>Draws a row where it fits; false when it does not fit on this page (and the page is not empty).</summary>
    private bool DrawRow(IReadOnlyList<string?> cells, IReadOnlyList<PdfColumn> columns, double[] widths, bool header, bool force = false)
    {
        var font = header ? CellBold : CellFont;
        var wrapped = widths.Select((w, k) => k >= cells.Count ? [""]
            : columns[k].Code && !header ? Cut(cells[k] ?? "", font, w - 2 * Padding) : Wrap(cells[k] ?? "", font, w - 2 * Padding)).ToList();
        var height = wrapped.Max(l => l.Count) * LineHeight(font) + 2 * Padding;
        if (!force && _y + height > Bottom && _y > Margin) return false;
        var x = Margin;
        if (header) G.DrawRectangle(HeaderFill, new XRect(Margin, _y, Width, height));
        for (var k = 0; k < widths.Length; k++)
        {
            var y = _y + Padding;
            var format = columns[k].Right && !header ? XStringFormats.TopRight : XStringFormats.TopLeft;
            foreach (var line in wrapped[k])
            {
                G.DrawString(line, font, XBrushes.Black, new XRect(x + Padding, y, widths[k] - 2 * Padding, LineHeight(font)), format);
                y += LineHeight(font);
            }
            G.DrawRectangle(Rule, new XRect(x, _y, widths[k], height));
            x += widths[k];
        }
        _y += height;
        return true;
    }

    /// <summary>Words to lines no wider than the width; a word wider than a line (a Pix code) is cut where it must be.</summary>
    private List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r", "").Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (Fits(candidate, font, width)) { line = candidate; continue; }
                if (line.Length > 0) lines.Add(line);
                line = word;
                while (!Fits(line, font, width) && line.Length > 1)
                {
                    var cut = line.Length - 1;
                    while (cut > 1 && !Fits(line[..cut], font, width)) cut--;
                    lines.Add(line[..cut]);
                    line = line[cut..];
                }
            }
            lines.Add(line);
        }
        return lines;
    }

    /// <summary>Text cut into lines at the width, character by character, nothing dropped.</summary>
    private List<string> Cut(string text, XFont font, double width)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var c in text)
        {
            if (line.Length > 0 && !Fits(line + c, font, width))
            {
                lines.Add(line);
                line = "";
            }
            line += c;
        }
        lines.Add(line);
        return lines;
    }

    private bool Fits(string text, XFont font, double width) => G.MeasureString(text, font).Width <= width;
}
