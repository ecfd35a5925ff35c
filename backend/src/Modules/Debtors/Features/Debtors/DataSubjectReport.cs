using Recovery.BuildingBlocks.Errors;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Printing;
using Recovery.Debtors.Data;

namespace Recovery.Debtors.Features.Debtors;

/// <summary>
/// The data-subject report (LGPD art. 18 II and art. 19 II): everything held on a CPF or CNPJ, in every part of the
/// product, with where it came from and the legal basis for keeping it. Debtors finds the person; each module that keeps
/// personal data adds its own sections. Producing it is a view of full personal data and goes to the access log.
/// </summary>
internal static class DataSubjectReport
{
    internal sealed record Query(string Document) : IRequest<Response>;

    /// <param name="Found">False when nothing is held on the document: the answer to give the data subject at once.</param>
    /// <param name="Readable">The same sections in a person's words, as the PDF prints them: each field's pt-BR label and its value as read.</param>
    internal sealed record Response(string Document, bool Found, Guid? DebtorId, DateTimeOffset GeneratedAt, IReadOnlyList<PersonalDataSection> Sections,
        IReadOnlyList<ReadableSection> Readable);

    internal sealed record ReadableSection(string Category, IReadOnlyList<IReadOnlyList<ReadableField>> Records);

    /// <param name="Column">The stored column, for machines; <paramref name="Label"/> and <paramref name="Value"/> are for people.</param>
    internal sealed record ReadableField(string Column, string Label, string Value);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator() =>
            RuleFor(q => q.Document).Must(d => Documents.Normalize(d) is { } n && (Documents.KindOf(n) == DocumentKind.Cpf ? Documents.IsValidCpf(n) : Documents.IsValidCnpj(n)))
                .WithMessage("document must be a valid CPF or CNPJ", "informe um CPF ou CNPJ válido");
    }

    internal sealed class Handler(DebtorsDb db, IEnumerable<IPersonalDataSource> sources, ICurrentActor actor, IAuditTrail trail, TimeProvider clock)
        : IRequestHandler<Query, Response>
    {
        private const string Source = "Credor (envio pela API de parceiros) e agentes de cobrança";

        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            var document = Documents.Normalize(query.Document)!;
            var now = clock.GetUtcNow();
            Guid? debtorId;
            var sections = new List<PersonalDataSection>();
            await using (var session = await db.OpenAsync(ct))
            {
                debtorId = await session.QuerySingleOrDefaultAsync<Guid?>("SELECT id FROM debtors.debtor WHERE document = @Document", new { Document = document });
                if (debtorId is null) return new Response(Documents.Format(document), false, null, now, [], []);
                var args = new { Id = debtorId };
                sections.Add(PersonalDataSection.FromRows(Source, "Cadastro", PersonalDataSection.CreditProtection,
                    await session.QueryAsync("SELECT * FROM debtors.debtor WHERE id = @Id", args)));
                sections.Add(PersonalDataSection.FromRows(Source, "Endereço", PersonalDataSection.CreditProtection,
                    await session.QueryAsync("SELECT * FROM debtors.address WHERE debtor_id = @Id", args)));
                sections.Add(PersonalDataSection.FromRows(Source, "Contatos (e-mails e telefones, com oposições)", PersonalDataSection.CreditProtection,
                    await session.QueryAsync("SELECT * FROM debtors.contact WHERE debtor_id = @Id ORDER BY created_at", args)));
                sections.Add(PersonalDataSection.FromRows(Source, "Débitos", PersonalDataSection.CreditProtection,
                    await session.QueryAsync("SELECT * FROM debtors.invoice WHERE debtor_id = @Id ORDER BY due_date", args)));
                sections.Add(PersonalDataSection.FromRows(Source, "Pagamentos", PersonalDataSection.CreditProtection,
                    await session.QueryAsync("SELECT p.* FROM debtors.payment p JOIN debtors.invoice i ON i.id = p.invoice_id WHERE i.debtor_id = @Id ORDER BY p.paid_at", args)));
                sections.Add(PersonalDataSection.FromRows(Source, "Suspensões da cobrança", PersonalDataSection.CreditProtection,
                    await session.QueryAsync("SELECT * FROM debtors.hold WHERE debtor_id = @Id", args)));
                sections.Add(PersonalDataSection.FromRows(Source, "Histórico de interações e anotações", PersonalDataSection.CreditProtection,
                    await session.QueryAsync("SELECT * FROM debtors.interaction WHERE debtor_id = @Id ORDER BY occurred_at", args)));
                sections.Add(PersonalDataSection.FromRows(Source, "Alertas do birô de crédito na fila de trabalho", PersonalDataSection.CreditProtection,
                    await session.QueryAsync("SELECT * FROM debtors.bureau_alert WHERE debtor_id = @Id ORDER BY raised_at", args)));
            }
            foreach (var source in sources) sections.AddRange(await source.FindAsync(debtorId.Value, ct));
            await trail.AppendAsync(new AuditRecorded(Guid.CreateVersion7(), now, actor.Kind.ToString().ToLowerInvariant(), actor.Id, actor.Name, actor.Role,
                actor.IpAddress, "DataSubjectReport", "debtor", debtorId.Value.ToString(), "succeeded", null, null), ct);
            var readable = sections.Select(s => new ReadableSection(s.Category, s.Records
                .Select(r => (IReadOnlyList<ReadableField>)r.Select(f => new ReadableField(f.Key, DataSubjectLabels.Label(f.Key), DataSubjectLabels.Value(f.Key, f.Value))).ToList())
                .ToList())).ToList();
            return new Response(Documents.Format(document), true, debtorId, now, sections, readable);
        }
    }

    internal static void Map(RouteGroupBuilder lgpd) =>
        lgpd.MapGet("/data-subjects/{document}", async (string document, string? format, HttpRequest request, IMediator mediator, CancellationToken ct) =>
                PdfResult.Wanted(request, format) ? PdfResult.File(await mediator.Send(new PrintDataSubjectReport.Query(document), ct))
                    : Results.Ok(await mediator.Send(new Query(document), ct)))
            .WithName(nameof(DataSubjectReport))
            .WithSummary("The data-subject report: JSON, or a readable PDF with Accept: application/pdf or ?format=pdf")
            .RequireAuthorization(Policies.Auditor)
            .Produces<Response>(200, "application/json", PdfResult.MediaType)
            .ProducesValidationProblem();
}
