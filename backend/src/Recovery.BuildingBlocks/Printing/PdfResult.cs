using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Recovery.BuildingBlocks.Printing;

/// <summary>
/// Documents served as PDF on the endpoints that already serve them: a client asks with <c>Accept: application/pdf</c>,
/// and a plain link (a browser sends its own Accept) with <c>?format=pdf</c>. The file name is a pt-BR one, given as an
/// attachment so that the browser saves it.
/// </summary>
public static class PdfResult
{
    public const string MediaType = "application/pdf";

    /// <param name="format">The endpoint's <c>format</c> query parameter, declared so the OpenAPI document shows it.</param>
    public static bool Wanted(HttpRequest request, string? format) =>
        string.Equals(format, "pdf", StringComparison.OrdinalIgnoreCase)
        || request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase) && a.Quality is not 0);

    public static IResult File(PdfFile pdf) => Results.File(pdf.Content, MediaType, pdf.FileName);
}

/// <summary>A generated PDF and the name to save it under.</summary>
public sealed record PdfFile(byte[] Content, string FileName);
