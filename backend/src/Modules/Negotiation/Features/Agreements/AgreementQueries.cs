using Recovery.BuildingBlocks.Data;
using System.Net;
using System.Text;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Printing;
using Recovery.Debtors.Contracts;
using Recovery.Negotiation.Data;
using Recovery.Negotiation.Features.Plans;
using Recovery.Platform.Contracts;

namespace Recovery.Negotiation.Features.Agreements;

/// <summary>An agreement, the lists (the supervisors' approval queue among them), the terms document and the Pix QR images.</summary>
internal static class AgreementQueries
{
    internal sealed record Get(Guid Id) : IRequest<AgreementView>;

    internal sealed class GetHandler(NegotiationDb db) : IRequestHandler<Get, AgreementView>
    {
        public async Task<AgreementView> Handle(Get query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            return await AgreementStore.ViewAsync(session, query.Id);
        }
    }

    internal sealed record List(string? Status, Guid? DebtorId) : IRequest<ListResponse>;

    /// <param name="DebtorName">As Debtors has it now (null once the debtor's data was anonymised).</param>
    /// <param name="Violations">The rules the plan broke when it was made: what an approver decides on.</param>
    internal sealed record Summary(Guid Id, string Status, Guid DebtorId, string? DebtorName, DateOnly AgreementDate, decimal ValuationTotal,
        decimal DiscountPercent, decimal Discount, decimal Total, int Installments, string RequiredRole, IReadOnlyList<AgreementViolation> Violations,
        string CreatedBy, DateTimeOffset CreatedAt);

    internal sealed record ListResponse(IReadOnlyList<Summary> Items);

    internal sealed class ListHandler(NegotiationDb db, IMediator mediator, ICurrentActor actor, IScopeGate gate) : IRequestHandler<List, ListResponse>
    {
        public async Task<ListResponse> Handle(List query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            // A person limited to portfolios sees those portfolios' agreements (SQL); an agency's person those whose every
            // debt is placed with the agency now (Debtors' answer, ADR 0026).
            var scope = actor.Scope;
            var rows = await session.QueryAsync<AgreementRow>(session.Dialect.Limit(
                $"""
                SELECT {AgreementRow.Columns} FROM negotiation.agreement
                 WHERE (@Status IS NULL OR status = @Status) AND (@DebtorId IS NULL OR debtor_id = @DebtorId)
                   AND (@ScopeAll = 1 OR portfolio_id IN ({session.Dialect.JsonIds("@ScopePortfolios")}) OR @ScopeAgency IS NOT NULL)
                 ORDER BY created_at DESC
                """, "@Take"), new
            {
                query.Status, query.DebtorId, Take = 500, ScopeAll = scope.Unrestricted ? 1 : 0, ScopePortfolios = scope.PortfoliosJson,
                ScopeAgency = scope.AgencyId,
            });
            var list = rows.ToList();
            if (scope.AgencyId is not null && list.Count > 0)
            {
                var debts = (await session.QueryAsync<(Guid AgreementId, Guid InvoiceId)>(
                    $"SELECT agreement_id, invoice_id FROM negotiation.agreement_debt WHERE agreement_id IN ({session.Dialect.JsonIds("@Ids")})",
                    new { Ids = session.Dialect.JsonArray(list.Select(a => a.Id)) })).ToLookup(d => d.AgreementId, d => d.InvoiceId);
                var visible = await gate.VisibleInvoicesAsync(scope, debts.SelectMany(d => d).ToList(), ct);
                list = list.Where(a => debts[a.Id].Any() && debts[a.Id].All(visible.Contains)).ToList();
            }
            var names = list.Count == 0 ? new Dictionary<Guid, string>()
                : (await mediator.Send(new GetContactsOfDebtors(list.Select(a => a.DebtorId).Distinct().ToList()), ct)).ToDictionary(d => d.DebtorId, d => d.Name);
            return new ListResponse(list.Select(a => new Summary(a.Id, a.Status, a.DebtorId, names.GetValueOrDefault(a.DebtorId), a.AgreementDate,
                Money.ToReais(a.ValuationCents), a.DiscountE2 / 100m, Money.ToReais(a.DiscountCents), Money.ToReais(a.TotalCents), a.Installments,
                a.RequiredRole, a.BrokenRules(), a.CreatedBy, a.CreatedAt)).ToList());
        }
    }

    internal sealed record Terms(Guid Id) : IRequest<string>;

    /// <summary>
    /// The termo de acordo as printable HTML: the creditor's name and CNPJ (CDC art. 42-A), the debtor, each debt, the
    /// discount, the schedule with Pix codes and the CET (CDC arts. 52 and 54-B).
    /// </summary>
    internal sealed class TermsHandler(NegotiationDb db, IMediator mediator) : IRequestHandler<Terms, string>
    {
        public async Task<string> Handle(Terms query, CancellationToken ct)
        {
            AgreementView a;
            await using (var session = await db.OpenAsync(ct)) a = await AgreementStore.ViewAsync(session, query.Id);
            var creditor = await mediator.Send(new GetCreditor(a.PartnerId), ct);
            var debtor = await mediator.Send(new GetDebtorDebts(a.DebtorId, []), ct);
            static string H(string? s) => WebUtility.HtmlEncode(s ?? "");
            static string R(decimal reais) => H(Money.Format(Money.ToCents(reais)));
            var html = new StringBuilder();
            html.Append($"<!DOCTYPE html>\n<html lang=\"pt-BR\"><head><meta charset=\"utf-8\"><title>Termo de acordo {a.Id}</title>");
            html.Append(Style);
            html.Append($"""
                <h1>Termo de acordo</h1>
                <p>Acordo nº <strong>{a.Id}</strong>, celebrado em {a.AgreementDate:dd/MM/yyyy}.</p>
                <h2>Credor</h2>
                <p>{H(creditor?.Name)}, inscrito no CNPJ sob o nº {H(creditor is null ? "" : Documents.Format(creditor.Document))}.</p>
                <h2>Devedor</h2>
                <p>{H(debtor?.Name)}, CPF/CNPJ {H(debtor is null ? "" : Documents.Format(debtor.Document))}.</p>
                <h2>Débitos incluídos</h2>
                <table><thead><tr><th>Documento</th><th>Vencimento</th><th>Principal</th><th>Encargos</th></tr></thead><tbody>
                """);
            foreach (var d in a.Debts)
                html.Append($"<tr><td>{H(d.ExternalId)}</td><td>{d.DueDate:dd/MM/yyyy}</td><td class=\"n\">{R(d.Principal)}</td><td class=\"n\">{R(d.Charges)}</td></tr>");
            html.Append($"""
                </tbody></table>
                <p>Valor atualizado: <strong>{R(a.ValuationTotal)}</strong>. Desconto concedido: {a.DiscountPercent.ToString("0.##", Money.PtBr)}%
                ({R(a.Discount)}). Valor do acordo: <strong>{R(a.Total)}</strong>.</p>
                <h2>Forma de pagamento</h2>
                <table><thead><tr><th>Parcela</th><th>Vencimento</th><th>Valor</th><th>Pix copia e cola</th></tr></thead><tbody>
                """);
            foreach (var i in a.Installments)
                html.Append($"<tr><td>{(i.Number == 0 ? "Entrada" : i.Number.ToString())}</td><td>{i.DueDate:dd/MM/yyyy}</td><td class=\"n\">{R(i.Amount)}</td><td><code>{H(i.PixPayload ?? "—")}</code></td></tr>");
            html.Append($"""
                </tbody></table>
                <p>Taxa de juros do parcelamento: {a.MonthlyRatePercent.ToString("0.####", Money.PtBr)}% ao mês.
                Custo efetivo total (CET): {a.CetMonthly.ToString("0.####", Money.PtBr)}% ao mês, {a.CetYearly.ToString("0.####", Money.PtBr)}% ao ano.</p>
                <p>O não pagamento de qualquer parcela por mais de {a.ToleranceDays} dias além do vencimento
                implica a quebra do acordo: os débitos originais voltam a ser exigíveis, abatidos os valores pagos.</p>
                <p>Ao assinar, o devedor reconhece os débitos acima (Código Civil, art. 202, VI).</p>
                <p style="margin-top:3rem">_______________________________<br>{H(debtor?.Name)}</p>
                </body></html>
                """);
            return html.ToString();
        }
    }

    private const string Style = """
        <style>body{font-family:Georgia,serif;max-width:780px;margin:2rem auto;color:#111;line-height:1.45}
        table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #999;padding:.3rem .5rem;text-align:left}
        td.n{text-align:right}code{font-size:.7rem;word-break:break-all}@media print{body{margin:0}}</style></head><body>
        """;

    internal sealed record Qr(Guid Id, int Number, string Format) : IRequest<(byte[] Content, string Type)>;

    internal sealed class QrHandler(NegotiationDb db) : IRequestHandler<Qr, (byte[] Content, string Type)>
    {
        public async Task<(byte[] Content, string Type)> Handle(Qr query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            var a = await AgreementStore.ViewAsync(session, query.Id);
            var installment = a.Installments.FirstOrDefault(i => i.Number == query.Number)
                              ?? throw new NotFoundException($"The agreement has no installment {query.Number}.");
            if (installment.PixPayload is null)
                throw new NotFoundException("The portfolio has no Pix key in its policy: there is no Pix code for this installment.");
            return query.Format == "svg"
                ? (Encoding.UTF8.GetBytes(PixCode.Svg(installment.PixPayload)), "image/svg+xml")
                : (PixCode.Png(installment.PixPayload), "image/png");
        }
    }

    internal static void Map(RouteGroupBuilder agreements)
    {
        agreements.MapGet("/{id:guid}", (Guid id, IMediator mediator, CancellationToken ct) => mediator.Send(new Get(id), ct))
            .ScopedTo(ScopedKinds.Agreement, "id")
            .WithName("GetAgreement").RequireAuthorization(Policies.Person).ProducesProblem(404);
        agreements.MapGet("/", (string? status, Guid? debtorId, IMediator mediator, CancellationToken ct) => mediator.Send(new List(status, debtorId), ct))
            .WithName("ListAgreements").WithSummary("Agreements, newest first; status=pending_approval is the supervisors' approval queue")
            .RequireAuthorization(Policies.Person);
        agreements.MapGet("/{id:guid}/terms", async (Guid id, string? format, HttpRequest request, IMediator mediator, CancellationToken ct) =>
                PdfResult.Wanted(request, format) ? PdfResult.File(await mediator.Send(new PrintAgreementTerms.Query(id), ct))
                    : Results.Content(await mediator.Send(new Terms(id), ct), "text/html; charset=utf-8"))
            .WithName("GetAgreementTerms").WithSummary("The terms of agreement: printable HTML, or PDF with Accept: application/pdf or ?format=pdf")
            .ScopedTo(ScopedKinds.Agreement, "id")
            .RequireAuthorization(Policies.Person).Produces<string>(200, "text/html", PdfResult.MediaType).ProducesProblem(404);
        agreements.MapGet("/{id:guid}/installments/{number:int}/qr.{format:regex(^(png|svg)$)}",
                async (Guid id, int number, string format, IMediator mediator, CancellationToken ct) =>
                {
                    var (content, type) = await mediator.Send(new Qr(id, number, format), ct);
                    return Results.File(content, type);
                })
            .ScopedTo(ScopedKinds.Agreement, "id")
            .WithName("GetInstallmentQr").RequireAuthorization(Policies.Person)
            .Produces(200, null, "image/png", "image/svg+xml").ProducesProblem(404);
    }
}
