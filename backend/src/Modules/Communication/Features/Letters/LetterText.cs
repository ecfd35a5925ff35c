using System.Net;
using System.Text.RegularExpressions;

namespace Recovery.Communication.Features.Letters;

/// <summary>
/// A stored letter's parts read back from the page <see cref="Dispatch.Letter.Html"/> laid out: the header (creditor's
/// name and CNPJ), the date, the address block and the body, each as plain text with its line and paragraph breaks.
/// </summary>
internal sealed partial record LetterText(string Header, string Date, string Address, string Body)
{
    public static LetterText Parse(string html) => new(
        Part(html, "header"), Part(html, "p class=\"date\"", "p"), Part(html, "address"),
        Part(html, "main") is { Length: > 0 } main ? main : Text(BodyElement().Match(html) is { Success: true } m ? m.Groups[1].Value : html));

    private static string Part(string html, string open, string? close = null)
    {
        var start = html.IndexOf('<' + open + '>', StringComparison.OrdinalIgnoreCase);
        if (start < 0) return "";
        start += open.Length + 2;
        var end = html.IndexOf("</" + (close ?? open) + '>', start, StringComparison.OrdinalIgnoreCase);
        return end < 0 ? "" : Text(html[start..end]);
    }

    /// <summary>HTML to text: breaks and block ends become new lines, other tags go, entities are decoded.</summary>
    public static string Text(string html)
    {
        var text = LineBreak().Replace(html, "\n");
        text = BlockEnd().Replace(text, "\n\n");
        text = ListItem().Replace(text, "\n• ");
        text = WebUtility.HtmlDecode(Tag().Replace(text, ""));
        var lines = text.Split('\n').Select(l => Spaces().Replace(l, " ").Trim());
        return MoreThanOneBlank().Replace(string.Join('\n', lines), "\n\n").Trim();
    }

    [GeneratedRegex(@"<br\s*/?>", RegexOptions.IgnoreCase)] private static partial Regex LineBreak();
    [GeneratedRegex(@"</(p|div|h[1-6]|ul|ol|table|tr)>", RegexOptions.IgnoreCase)] private static partial Regex BlockEnd();
    [GeneratedRegex(@"<li[^>]*>", RegexOptions.IgnoreCase)] private static partial Regex ListItem();
    [GeneratedRegex(@"<[^>]*>")] private static partial Regex Tag();
    [GeneratedRegex(@"[ \t\u00a0]+")] private static partial Regex Spaces();
    [GeneratedRegex(@"\n{3,}")] private static partial Regex MoreThanOneBlank();
    [GeneratedRegex(@"<body[^>]*>(.*)</body>", RegexOptions.IgnoreCase | RegexOptions.Singleline)] private static partial Regex BodyElement();
}
