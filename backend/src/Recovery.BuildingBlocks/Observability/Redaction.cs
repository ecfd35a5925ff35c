using System.Text;
using System.Text.RegularExpressions;

namespace Recovery.BuildingBlocks.Observability;

/// <summary>
/// Keeps personal data out of logs and traces: what a log line or a span carries that the product did not write itself
/// (an exception's message, a request path) passes here first. E-mails, CPF, CNPJ and phone numbers (any run of eight
/// or more digits, with or without punctuation), alphanumeric CNPJs (written with a CNPJ's punctuation, or fourteen
/// characters that are a valid one) and the key values SQL Server quotes in its messages become "***".
/// Ids (GUIDs), codes and counts stay readable.
/// </summary>
public static partial class Redaction
{
    public const string Mask = "***";

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    // Eight digits or more, punctuated as documents and phones are written: 123.456.789-09, 12.345.678/0001-95,
    // +55 (11) 98765-4321, 11987654321. A GUID's groups mix letters and digits and are left alone unless all digits.
    // Dates (2026-09-01) are not documents.
    [GeneratedRegex(@"(?<![0-9A-Za-z])(?!\d{4}-\d{2}-\d{2}(?!\d))\+?\(?\d(?:[\d.\-/() ]*\d){7,}(?![0-9A-Za-z])")]
    private static partial Regex DigitRun();

    // A CNPJ that may carry letters (IN RFB 2.229/2024): 12.ABC.345/01DE-35 or 12ABC34501DE35.
    [GeneratedRegex(@"(?<![0-9A-Za-z])[0-9A-Za-z]{2}(?<dot>\.?)[0-9A-Za-z]{3}\k<dot>[0-9A-Za-z]{3}(?<slash>/?)[0-9A-Za-z]{4}-?\d{2}(?![0-9A-Za-z])")]
    private static partial Regex AlphanumericCnpj();

    [GeneratedRegex(@"(?<=duplicate key value is \().*?(?=\)\.?$|\)\. )", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex DuplicateKey();

    public static string Text(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        var result = DuplicateKey().Replace(text, Mask);
        result = Email().Replace(result, Mask);
        result = AlphanumericCnpj().Replace(result, m =>
            m.Groups["slash"].Length > 0 || Documents.Normalize(m.Value) is not null ? Mask : m.Value);
        return DigitRun().Replace(result, m => m.Value.Count(char.IsDigit) >= 8 ? Mask : m.Value);
    }

    /// <summary>The exception as a log shows it (type, message, stack trace, inner exceptions) with its messages redacted.</summary>
    public static Exception Exception(Exception exception) => new RedactedException(exception);

    private sealed class RedactedException(Exception original) : System.Exception(Text(original.Message))
    {
        public override string? StackTrace => original.StackTrace;

        public override string ToString()
        {
            var text = new StringBuilder();
            for (var e = original; e is not null; e = e.InnerException)
            {
                if (e != original) text.Append(" ---> ");
                text.Append(e.GetType().FullName).Append(": ").Append(Text(e.Message));
                if (e.StackTrace is { } trace) text.AppendLine().Append(trace);
            }
            return text.ToString();
        }
    }
}
