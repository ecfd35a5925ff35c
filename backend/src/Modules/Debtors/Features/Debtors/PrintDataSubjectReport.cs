using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Printing;

namespace Recovery.Debtors.Features.Debtors;

/// <summary>
/// The data-subject report (LGPD art. 18 II and art. 19 II) as a PDF to hand to the person: the same sections as the JSON
/// report, each record as a table of its fields under pt-BR labels with values as people read them. Producing it goes to
/// the access log like the JSON report, since it is that report.
/// </summary>
internal static class PrintDataSubjectReport
{
    internal sealed record Query(string Document) : IRequest<PdfFile>;

    internal sealed class Handler(IMediator mediator) : IRequestHandler<Query, PdfFile>
    {
        public async Task<PdfFile> Handle(Query query, CancellationToken ct)
        {
            var report = await mediator.Send(new DataSubjectReport.Query(query.Document), ct);
            var pdf = new PdfBuilder("Relatório de dados pessoais (LGPD)", report.GeneratedAt, $"Dados pessoais de {report.Document}")
                .Title("Relatório de dados pessoais")
                .Paragraph($"Titular: CPF/CNPJ {report.Document}. Resposta ao pedido de acesso (Lei 13.709/2018, art. 18, II, e art. 19, II): " +
                           "todos os dados mantidos sobre o titular, de onde vieram e por que são tratados.");
            if (!report.Found)
                pdf.Paragraph("Não mantemos nenhum dado pessoal sobre este CPF/CNPJ.", bold: true);
            foreach (var section in report.Sections)
            {
                pdf.Heading(section.Category)
                    .Paragraph($"Origem: {section.Source}. Base legal: {section.LegalBasis}.");
                if (section.Records.Count == 0)
                {
                    pdf.Paragraph("Nenhum registro.");
                    continue;
                }
                var n = 0;
                foreach (var record in section.Records)
                    pdf.Table([new($"Registro {++n} de {section.Records.Count}", 1), new("", 2)],
                        record.Select(field => new[] { DataSubjectLabels.Label(field.Key), DataSubjectLabels.Value(field.Key, field.Value) }));
            }
            var day = BusinessDate.Of(report.GeneratedAt);
            return new PdfFile(pdf.ToArray(), $"relatorio-de-dados-pessoais-{day:yyyy-MM-dd}.pdf");
        }
    }
}
