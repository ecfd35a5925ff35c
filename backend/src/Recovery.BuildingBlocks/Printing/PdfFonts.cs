using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace Recovery.BuildingBlocks.Printing;

/// <summary>
/// The only fonts our PDFs use: DejaVu Sans regular and bold, shipped inside this assembly (Printing/Fonts, with their
/// licence). PDFsharp asks this resolver for every typeface, so no document depends on what fonts the server has; any
/// family asked for gets DejaVu Sans, italic simulated.
/// </summary>
public sealed class PdfFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";

    private static readonly PdfFonts Instance = new();
    private readonly ConcurrentDictionary<string, byte[]> _faces = new();

    // A static constructor runs once per process, whatever the number of threads or hosts: PDFsharp wants its resolver
    // set once, before the first font is used.
    static PdfFonts() => GlobalFontSettings.FontResolver = Instance;

    private PdfFonts() { }

    /// <summary>Makes sure the resolver is in place; cheap after the first call.</summary>
    public static bool Register() => Instance is not null;

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: italic);

    public byte[] GetFont(string faceName) => _faces.GetOrAdd(faceName, static name =>
    {
        using var stream = typeof(PdfFonts).Assembly.GetManifestResourceStream($"fonts/{name}.ttf")
                           ?? throw new InvalidOperationException($"The font {name} is not embedded in Recovery.BuildingBlocks.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });
}
