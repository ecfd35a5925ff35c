using System.Net;
using Recovery.BuildingBlocks;
using Recovery.Platform.Contracts;

namespace Recovery.Communication.Features.Dispatch;

/// <summary>A letter as a printable A4 page: the creditor's name and CNPJ on top (CDC art. 42-A), the addressee, the text.</summary>
internal static class Letter
{
    public static string Html(string addressee, string address, Creditor creditor, string body, DateOnly date) => $"""
        <!DOCTYPE html>
        <html lang="pt-BR"><head><meta charset="utf-8"><title>Carta de cobrança</title><style>{Style}</style></head>
        <body>
        <header><strong>{WebUtility.HtmlEncode(creditor.Name)}</strong><br>CNPJ {Documents.Format(creditor.Document)}</header>
        <p class="date">{date.ToString("d 'de' MMMM 'de' yyyy", Money.PtBr)}</p>
        <address>{WebUtility.HtmlEncode(addressee)}<br>{WebUtility.HtmlEncode(address)}</address>
        <main>{body}</main>
        </body></html>
        """;

    private const string Style = "@page { size: A4; margin: 25mm } body { font: 12pt/1.5 Georgia, serif; color: #111 } header { margin-bottom: 2em } .date { text-align: right } address { font-style: normal; margin: 2em 0 }";
}
