using System.Globalization;
using CsvHelper;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Recovery.BuildingBlocks.Errors;

namespace Recovery.BuildingBlocks;

/// <summary>
/// The two forms of a CSV download (ADR 0020). People get the pt-BR dialect by default, the one a Brazilian spreadsheet
/// opens as it is: <c>;</c> between fields, a decimal comma (<c>1.234,56</c>), dates <c>dd/mm/aaaa</c>, a UTF-8 byte order
/// mark and Portuguese headers. Partners and machines ask for <c>?dialect=en</c>: commas, a decimal point with no
/// thousands separator (<c>1234.56</c>), ISO 8601 dates, snake_case headers and no byte order mark.
/// </summary>
public enum CsvDialect { PtBr, En }

/// <summary>A column's header in each dialect.</summary>
public readonly record struct CsvColumn(string En, string Pt)
{
    public static implicit operator CsvColumn((string En, string Pt) header) => new(header.En, header.Pt);
}

/// <summary>One field, kept typed until the dialect formats it.</summary>
public readonly struct CsvCell
{
    internal enum Type { Text, Integer, Money, Rate, Date, Month, Instant, Flag }

    internal Type Kind { get; init; }
    internal string? Text { get; init; }
    internal decimal Value { get; init; }
    internal DateTimeOffset Instant { get; init; }

    public static implicit operator CsvCell(string? text) => new() { Kind = Type.Text, Text = text };
}

/// <summary>
/// Reports as CSV (<c>Accept: text/csv</c>): a header row, then one row per item written to the response as it is read,
/// so an export of a million rows holds one row in memory. The one CSV writer of the product: every CSV endpoint uses it.
/// </summary>
public static class Csv
{
    // Spelled out rather than taken from the pt-BR culture, which a host in invariant globalization mode lacks.
    private static readonly NumberFormatInfo PtBr = new() { NumberDecimalSeparator = ",", NumberGroupSeparator = ".", NumberGroupSizes = [3] };

    public static bool Wanted(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));

    /// <summary>The dialect a <c>dialect</c> query parameter asks for: pt-BR when absent; anything but pt-BR or en is a 400.</summary>
    public static CsvDialect Dialect(string? dialect) => dialect?.Trim().ToLowerInvariant() switch
    {
        null or "" or "pt-br" or "pt" => CsvDialect.PtBr,
        "en" => CsvDialect.En,
        _ => throw new FieldException("dialect", "dialect is pt-BR (the default, for people) or en (for machines)"),
    };

    public static IResult Stream<T>(string? dialect, string fileName, IReadOnlyList<CsvColumn> columns, IEnumerable<T> rows,
        Func<T, IEnumerable<CsvCell>> cells, CancellationToken ct) =>
        Stream(dialect, fileName, columns, Async(rows), cells, ct);

    public static IResult Stream<T>(string? dialect, string fileName, IReadOnlyList<CsvColumn> columns, IAsyncEnumerable<T> rows,
        Func<T, IEnumerable<CsvCell>> cells, CancellationToken ct)
    {
        var chosen = Dialect(dialect);   // a wrong dialect is a 400 before anything is written
        var pt = chosen == CsvDialect.PtBr;
        var options = new CsvWriterOptions { Separator = pt ? ';' : ',', WriteByteOrderMark = pt };
        return Results.Stream(async body =>
        {
            await using var csv = CsvWriter.Create(body, options, leaveOpen: true);
            foreach (var column in columns) csv.WriteField(pt ? column.Pt : column.En);
            await csv.EndRecordAsync(ct);
            var count = 0;
            await foreach (var row in rows.WithCancellation(ct))
            {
                foreach (var cell in cells(row)) csv.WriteField(Format(cell, chosen) ?? "");
                await csv.EndRecordAsync(ct);
                if (++count % 1000 == 0) await csv.FlushAsync(ct);
            }
            await csv.FlushAsync(ct);
        }, "text/csv; charset=utf-8", fileName);
    }

    public static CsvCell Money(long cents) => new() { Kind = CsvCell.Type.Money, Value = cents / 100m };

    public static CsvCell Money(decimal reais) => new() { Kind = CsvCell.Type.Money, Value = reais };

    public static CsvCell Number(long value) => new() { Kind = CsvCell.Type.Integer, Value = value };

    /// <summary>A ratio: 0.1234 in English, 12,34 (a percentage, the header says so) in pt-BR.</summary>
    public static CsvCell Rate(decimal? rate) => rate is null ? (string?)null : new CsvCell { Kind = CsvCell.Type.Rate, Value = rate.Value };

    public static CsvCell Date(DateOnly? date) => date is null ? (string?)null
        : new CsvCell { Kind = CsvCell.Type.Date, Instant = new DateTimeOffset(date.Value.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) };

    /// <summary>A month as 'yyyy-MM' (01/2026 in pt-BR); any other text (a total's label) stays as it is.</summary>
    public static CsvCell Month(string month) =>
        DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            ? new CsvCell { Kind = CsvCell.Type.Month, Instant = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) }
            : month;

    /// <summary>An instant in UTC: ISO 8601 in English, dd/mm/aaaa hh:mm:ss in pt-BR.</summary>
    public static CsvCell Instant(DateTimeOffset instant) => new() { Kind = CsvCell.Type.Instant, Instant = instant.ToUniversalTime() };

    public static CsvCell Flag(bool value) => new() { Kind = CsvCell.Type.Flag, Value = value ? 1 : 0 };

    /// <summary>How a cell reads in a dialect.</summary>
    public static string? Format(CsvCell cell, CsvDialect dialect)
    {
        var pt = dialect == CsvDialect.PtBr;
        IFormatProvider culture = pt ? PtBr : CultureInfo.InvariantCulture;
        return cell.Kind switch
        {
            CsvCell.Type.Integer => cell.Value.ToString("0", CultureInfo.InvariantCulture),
            CsvCell.Type.Money => cell.Value.ToString(pt ? "#,##0.00" : "0.00", culture),
            CsvCell.Type.Rate => pt ? (cell.Value * 100).ToString("0.00", culture) : cell.Value.ToString("0.0000", culture),
            CsvCell.Type.Date => cell.Instant.ToString(pt ? "dd/MM/yyyy" : "yyyy-MM-dd", CultureInfo.InvariantCulture),
            CsvCell.Type.Month => cell.Instant.ToString(pt ? "MM/yyyy" : "yyyy-MM", CultureInfo.InvariantCulture),
            CsvCell.Type.Instant => pt ? cell.Instant.ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture) : cell.Instant.ToString("O", CultureInfo.InvariantCulture),
            CsvCell.Type.Flag => cell.Value == 1 ? (pt ? "sim" : "yes") : (pt ? "não" : "no"),
            _ => cell.Text,
        };
    }

    private static async IAsyncEnumerable<T> Async<T>(IEnumerable<T> rows)
    {
        foreach (var row in rows) yield return row;
        await Task.CompletedTask;
    }
}
