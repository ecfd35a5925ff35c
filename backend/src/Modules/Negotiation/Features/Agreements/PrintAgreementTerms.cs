using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Printing;
using Recovery.Debtors.Contracts;
using Recovery.Negotiation.Data;
using Recovery.Platform.Contracts;

namespace Recovery.Negotiation.Features.Agreements;

/// <summary>
/// The termo de acordo as a PDF, with what the printable page says: the creditor's name and CNPJ (CDC art. 42-A), the
/// debtor, each debt, the discount, the schedule with due dates, amounts and Pix codes, and the CET (CDC arts. 52 and 54-B).
/// </summary>
internal static class PrintAgreementTerms
{
    internal sealed record Query(Guid Id) : IRequest<PdfFile>;

    internal sealed class Handler(NegotiationDb db, IMediator mediator, TimeProvider clock) : IRequestHandler<Query, PdfFile>
    {
        public async Task<PdfFile> Handle(Query query, CancellationToken ct)
        {
            AgreementView a;
            await using (var session = await db.OpenAsync(ct)) a = await AgreementStore.ViewAsync(session, query.Id);
            var creditor = await mediator.Send(new GetCreditor(a.PartnerId), ct);
            var debtor = await mediator.Send(new GetDebtorDebts(a.DebtorId, []), ct);
            static string R(decimal reais) => Money.Format(Money.ToCents(reais));
            static string P(decimal percent, string format) => percent.ToString(format, Money.PtBr) + "%";

            var pdf = new PdfBuilder($"Termo de acordo {a.Id}", clock.GetUtcNow(), "Termo de acordo")
                .Title("Termo de acordo")
                .Paragraph($"Acordo nº {a.Id}, celebrado em {a.AgreementDate:dd/MM/yyyy}.")
                .Heading("Credor")
                .Paragraph(creditor is null ? "—" : $"{creditor.Name}, inscrito no {Kind(creditor.Document)} sob o nº {Documents.Format(creditor.Document)}.")
                .Heading("Devedor")
                .Paragraph(debtor is null ? "—" : $"{debtor.Name}, {Kind(debtor.Document)} {Documents.Format(debtor.Document)}.")
                .Heading("Débitos incluídos")
                .Table([new("Documento", 2), new("Vencimento"), new("Principal", 1, Right: true), new("Encargos", 1, Right: true)],
                    a.Debts.Select(d => new[] { d.ExternalId, $"{d.DueDate:dd/MM/yyyy}", R(d.Principal), R(d.Charges) }))
                .Paragraph($"Valor atualizado: {R(a.ValuationTotal)}. Desconto concedido: {P(a.DiscountPercent, "0.##")} ({R(a.Discount)}). " +
                           $"Valor do acordo: {R(a.Total)}.", bold: true)
                .Heading("Forma de pagamento")
                .Table([new("Parcela", 0.8), new("Vencimento", 1), new("Valor", 1.1, Right: true), new("Pix copia e cola", 4, Code: true)],
                    a.Installments.Select(i => new[]
                        { i.Number == 0 ? "Entrada" : i.Number.ToString(), $"{i.DueDate:dd/MM/yyyy}", R(i.Amount), i.PixPayload ?? "—" }))
                .Paragraph($"Taxa de juros do parcelamento: {P(a.MonthlyRatePercent, "0.####")} ao mês. " +
                           $"Custo efetivo total (CET): {P(a.CetMonthly, "0.####")} ao mês, {P(a.CetYearly, "0.####")} ao ano.")
                .Paragraph($"O não pagamento de qualquer parcela por mais de {a.ToleranceDays} dias além do vencimento implica a quebra do " +
                           "acordo: os débitos originais voltam a ser exigíveis, abatidos os valores pagos.")
                .Paragraph("Ao assinar, o devedor reconhece os débitos acima (Código Civil, art. 202, VI).")
                .Space(36)
                .Paragraph($"_______________________________\n{debtor?.Name}");
            return new PdfFile(pdf.ToArray(), $"termo-de-acordo-{a.AgreementDate:yyyy-MM-dd}-{a.Id.ToString()[..8]}.pdf");
        }

        private static string Kind(string document) => Documents.KindOf(document) == DocumentKind.Cpf ? "CPF" : "CNPJ";
    }
}
