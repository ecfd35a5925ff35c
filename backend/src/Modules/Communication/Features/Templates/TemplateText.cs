using System.Net;
using System.Text.RegularExpressions;
using Recovery.BuildingBlocks;
using Recovery.Communication.Features.Debts;
using Recovery.Communication.Features.Dispatch;

namespace Recovery.Communication.Features.Templates;

/// <summary>
/// The text of templates: the variables a template may use and their values for a debt, rendering, and the words that
/// threaten or expose the debtor (CDC arts. 42 and 71), which a template may not contain.
/// </summary>
internal static partial class TemplateText
{
    public static readonly string[] Variables =
        ["nome", "documento", "valor", "valor_original", "vencimento", "dias_atraso", "contrato", "credor", "cnpj_credor", "link_pagamento",
         "parcela", "valor_parcela", "vencimento_parcela", "pix_copia_e_cola"];

    /// <summary>Words that threaten or expose the debtor; a template with one is refused.</summary>
    private static readonly string[] Forbidden =
        ["prisão", "preso", "cadeia", "polícia", "delegacia", "crime", "vergonha", "expor", "exposição", "vizinhos", "colegas de trabalho", "seu chefe"];

    /// <summary>Fills the variables; <paramref name="html"/> escapes the values for HTML bodies (e-mail, letters).</summary>
    public static string Render(string text, IReadOnlyDictionary<string, string> values, bool html) =>
        VariablePattern().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var v) ? (html ? WebUtility.HtmlEncode(v) : v) : m.Value);

    public static List<string> UnknownVariables(string text) =>
        VariablePattern().Matches(text).Select(m => m.Groups[1].Value).Where(v => !Variables.Contains(v)).Distinct().ToList();

    /// <summary>The first word that threatens or exposes the debtor, or null.</summary>
    public static string? Threat(string text) =>
        Forbidden.FirstOrDefault(w => text.Contains(w, StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex(@"\{\{\s*([a-z_]+)\s*\}\}")]
    private static partial Regex VariablePattern();

    /// <summary>
    /// The values of the variables for one debt (or a debtor without a debt) and its creditor; a reminder's installment
    /// fills <c>parcela</c> ("entrada" for the down payment), <c>valor_parcela</c> and <c>vencimento_parcela</c>.
    /// </summary>
    public static Dictionary<string, string> Values(string name, string document, string creditor, string creditorDocument,
        DebtRow? debt, DateOnly today, string? paymentLink, InstallmentRow? installment = null) => new()
    {
        ["nome"] = name,
        ["documento"] = Documents.Mask(document),
        ["valor"] = debt is null ? "" : Money.Format(debt.OutstandingCents),
        ["valor_original"] = debt is null ? "" : Money.Format(debt.AmountCents),
        ["vencimento"] = debt?.DueDate.ToString("dd/MM/yyyy", Money.PtBr) ?? "",
        ["dias_atraso"] = debt is null ? "" : Math.Max(0, today.DayNumber - debt.DueDate.DayNumber).ToString(Money.PtBr),
        ["contrato"] = debt?.ExternalId ?? "",
        ["credor"] = creditor,
        ["cnpj_credor"] = Documents.Format(creditorDocument),
        ["link_pagamento"] = paymentLink ?? "",
        ["parcela"] = installment is null ? "" : installment.Number == 0 ? "de entrada" : installment.Number.ToString(Money.PtBr),
        ["valor_parcela"] = installment is null ? "" : Money.Format(installment.AmountCents),
        ["vencimento_parcela"] = installment?.DueDate.ToString("dd/MM/yyyy", Money.PtBr) ?? "",
    };
}
