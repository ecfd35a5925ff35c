using Microsoft.AspNetCore.Http;
using System.Globalization;
using CsvHelper;
using Microsoft.Net.Http.Headers;

namespace Recovery.BuildingBlocks;

/// <summary>
/// Reports as CSV (<c>Accept: text/csv</c>): a header row, then one row per item written to the response as it is read,
/// so an export of a million rows holds one row in memory. Money with a dot and two decimals, dates ISO 8601.
/// </summary>
public static class Csv
{
    public static bool Wanted(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));

    public static IResult Stream<T>(string fileName, IReadOnlyList<string> headers, IEnumerable<T> rows, Func<T, IEnumerable<string?>> fields,
        CancellationToken ct) =>
        Stream(fileName, headers, Async(rows), fields, ct);

    public static IResult Stream<T>(string fileName, IReadOnlyList<string> headers, IAsyncEnumerable<T> rows, Func<T, IEnumerable<string?>> fields,
        CancellationToken ct) =>
        Results.Stream(async body =>
        {
            await using var csv = CsvWriter.Create(body, new CsvWriterOptions(), leaveOpen: true);
            foreach (var header in headers) csv.WriteField(header);
            await csv.EndRecordAsync(ct);
            var count = 0;
            await foreach (var row in rows.WithCancellation(ct))
            {
                foreach (var field in fields(row)) csv.WriteField(field ?? "");
                await csv.EndRecordAsync(ct);
                if (++count % 1000 == 0) await csv.FlushAsync(ct);
            }
            await csv.FlushAsync(ct);
        }, "text/csv; charset=utf-8", fileName);

    public static string Money(long cents) => (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    public static string Money(decimal reais) => reais.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string? Rate(decimal? rate) => rate?.ToString("0.0000", CultureInfo.InvariantCulture);

    public static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async IAsyncEnumerable<T> Async<T>(IEnumerable<T> rows)
    {
        foreach (var row in rows) yield return row;
        await Task.CompletedTask;
    }
}
