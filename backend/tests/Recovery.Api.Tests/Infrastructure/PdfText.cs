using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;
using PdfSharp.Pdf.IO;

namespace Recovery.Api.Tests.Infrastructure;

/// <summary>
/// What a PDF viewer shows as text, read back the way a viewer does: each page's content stream is parsed for its text
/// operators (Tf, Tj, TJ), and the glyph codes are turned into characters through each font's ToUnicode map, the map a
/// viewer uses to search and copy. Also which fonts are embedded (a FontFile2 in their descriptor).
/// </summary>
public sealed partial class PdfText
{
    public int PageCount { get; private init; }
    public string Title { get; private init; } = "";
    public string Creator { get; private init; } = "";
    public IReadOnlyList<string> Pages { get; private init; } = [];
    public IReadOnlyList<string> EmbeddedFonts { get; private init; } = [];
    public IReadOnlyList<string> FontsWithoutUnicodeMap { get; private init; } = [];

    /// <summary>Every page's text, one drawn string a line, non-breaking spaces as spaces.</summary>
    public string All => string.Join("\n", Pages);

    public static PdfText Read(byte[] pdf)
    {
        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        var pages = new List<string>();
        var embedded = new SortedSet<string>();
        var unmapped = new SortedSet<string>();
        foreach (var page in document.Pages)
        {
            var fonts = new Dictionary<string, Dictionary<int, string>>();
            var fontDictionary = page.Resources.Elements.GetDictionary("/Font");
            foreach (var key in fontDictionary?.Elements.Keys ?? [])
            {
                var font = fontDictionary!.Elements.GetDictionary(key)!;
                var baseFont = font.Elements.GetName("/BaseFont");
                var descendant = font.Elements.GetArray("/DescendantFonts")?.Elements.GetDictionary(0) ?? font;
                if (descendant.Elements.GetDictionary("/FontDescriptor")?.Elements.GetDictionary("/FontFile2") is not null) embedded.Add(baseFont);
                var toUnicode = font.Elements.GetDictionary("/ToUnicode");
                if (toUnicode is null) unmapped.Add(baseFont);
                fonts[key] = toUnicode is null ? [] : CMap(Encoding.ASCII.GetString(toUnicode.Stream.UnfilteredValue));
            }
            var content = new StringBuilder();
            for (var i = 0; i < page.Contents.Elements.Count; i++)
                content.Append(Encoding.Latin1.GetString(page.Contents.Elements.GetDictionary(i)!.Stream.UnfilteredValue)).Append('\n');
            pages.Add(Show(content.ToString(), fonts));
        }
        return new PdfText
        {
            PageCount = document.PageCount, Title = document.Info.Title, Creator = document.Info.Creator, Pages = pages,
            EmbeddedFonts = embedded.ToList(), FontsWithoutUnicodeMap = unmapped.ToList(),
        };
    }

    /// <summary>The strings the content stream shows, in order, decoded with the font in use.</summary>
    private static string Show(string content, Dictionary<string, Dictionary<int, string>> fonts)
    {
        var lines = new List<string>();
        Dictionary<int, string> font = [];
        foreach (Match m in Operator().Matches(content))
        {
            if (m.Groups["font"].Success)
            {
                font = fonts.GetValueOrDefault("/" + m.Groups["font"].Value) ?? [];
                continue;
            }
            var text = new StringBuilder();
            foreach (Match hex in Hex().Matches(m.Groups["show"].Value))
            {
                var digits = string.Concat(hex.Groups[1].Value.Where(char.IsAsciiHexDigit));
                for (var i = 0; i + 4 <= digits.Length; i += 4)
                    text.Append(font.GetValueOrDefault(int.Parse(digits.AsSpan(i, 4), NumberStyles.HexNumber), "\uFFFD"));
            }
            lines.Add(text.ToString().Replace('\u00a0', ' '));
        }
        return string.Join("\n", lines);
    }

    /// <summary>A ToUnicode CMap's bfchar and bfrange entries: glyph code to the text it stands for.</summary>
    private static Dictionary<int, string> CMap(string cmap)
    {
        var map = new Dictionary<int, string>();
        foreach (Match section in Section().Matches(cmap))
        {
            var entries = Hex().Matches(section.Groups["body"].Value).Select(h => string.Concat(h.Groups[1].Value.Where(char.IsAsciiHexDigit))).ToList();
            if (section.Groups["kind"].Value == "bfchar")
                for (var i = 0; i + 1 < entries.Count; i += 2) map[Code(entries[i])] = Utf16(entries[i + 1]);
            else
                for (var i = 0; i + 2 < entries.Count; i += 3)
                    for (int code = Code(entries[i]), last = Code(entries[i + 1]), target = Code(entries[i + 2]); code <= last; code++, target++)
                        map[code] = char.ConvertFromUtf32(target);
        }
        return map;
    }

    private static int Code(string hex) => int.Parse(hex, NumberStyles.HexNumber);

    private static string Utf16(string hex) =>
        Encoding.BigEndianUnicode.GetString(Enumerable.Range(0, hex.Length / 2).Select(i => Convert.ToByte(hex.Substring(i * 2, 2), 16)).ToArray());

    [GeneratedRegex(@"/(?<font>[A-Za-z0-9_.+-]+)\s+[\d.]+\s+Tf|(?<show>(<[0-9A-Fa-f\s]*>\s*)+)Tj|\[(?<show>[^\]]*)\]\s*TJ")]
    private static partial Regex Operator();

    [GeneratedRegex(@"<([0-9A-Fa-f\s]*)>")]
    private static partial Regex Hex();

    [GeneratedRegex(@"begin(?<kind>bfchar|bfrange)(?<body>.*?)end\k<kind>", RegexOptions.Singleline)]
    private static partial Regex Section();
}
