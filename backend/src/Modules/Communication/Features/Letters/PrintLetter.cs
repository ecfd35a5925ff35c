using Recovery.BuildingBlocks.Printing;
using Recovery.Communication.Data;

namespace Recovery.Communication.Features.Letters;

/// <summary>
/// A letter as a PDF with what its printable page says: the creditor's name and CNPJ on top (CDC art. 42-A), the date,
/// the addressee and the text. A negativação notice (CDC art. 43 §2) says so in its title and names the date before
/// which the debt will not be registered.
/// </summary>
internal static class PrintLetter
{
    internal sealed record Query(Guid MessageId) : IRequest<PdfFile>;

    internal sealed class Handler(CommunicationDb db, TimeProvider clock) : IRequestHandler<Query, PdfFile>
    {
        private const string Select = """
            SELECT l.html, l.queued_at, m.channel, n.eligible_on
              FROM communication.letter l
              JOIN communication.message m ON m.id = l.message_id
              LEFT JOIN communication.negativacao n ON n.notice_message_id = l.message_id
             WHERE l.message_id = @MessageId
            """;

        public async Task<PdfFile> Handle(Query query, CancellationToken ct)
        {
            Row row;
            await using (var session = await db.OpenAsync(ct))
                row = await session.QuerySingleOrDefaultAsync<Row>(Select, query) ?? throw new NotFoundException($"There is no letter {query.MessageId}.");
            var notice = row.Channel == "negativacao";
            var title = notice ? "Aviso prévio de negativação" : "Carta de cobrança";
            var letter = LetterText.Parse(row.Html);
            var pdf = new PdfBuilder(title, clock.GetUtcNow())
                .Paragraph(letter.Header, bold: true)
                .Paragraph(letter.Date, right: true)
                .Space(12)
                .Paragraph(letter.Address)
                .Space(12);
            if (notice) pdf.Heading("Aviso prévio de inclusão em cadastro de proteção ao crédito");
            pdf.Paragraph(letter.Body);
            if (notice && row.EligibleOn is { } eligible)
                pdf.Space(12).Paragraph("Esta é a comunicação prévia prevista no art. 43, § 2º, do Código de Defesa do Consumidor. " +
                                        $"A inclusão do débito em cadastro de proteção ao crédito não ocorrerá antes de {eligible:dd/MM/yyyy}.");
            var day = Recovery.BuildingBlocks.BusinessDate.Of(row.QueuedAt);
            return new PdfFile(pdf.ToArray(), $"{(notice ? "aviso-de-negativacao" : "carta")}-{day:yyyy-MM-dd}-{query.MessageId.ToString()[..8]}.pdf");
        }
    }

    private sealed class Row
    {
        public string Html { get; init; } = "";
        public DateTimeOffset QueuedAt { get; init; }
        public string Channel { get; init; } = "";
        public DateOnly? EligibleOn { get; init; }
    }
}
