using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Printing;
using Recovery.Debtors.Contracts;
using Recovery.Negotiation.Data;
using Recovery.Negotiation.Features.Agreements;
using Recovery.Negotiation.Features.Valuation;
using Recovery.Platform.Contracts;

namespace Recovery.Negotiation.Features.Statements;

/// <summary>
/// A debtor's statement of debts (extrato) as a PDF, creditor by creditor with each one's name and CNPJ (CDC art. 42-A):
/// every open debt valued today as the valuation does it (correction, fine and interest with the legal caps), the other
/// debts and their status, the payments registered on them, and the agreements with their instalments. The debts come
/// from Debtors and the creditors from the platform, through their Contracts queries.
/// </summary>
internal static class PrintStatement
{
    internal sealed record Query(Guid DebtorId) : IRequest<PdfFile>;

    internal sealed class Handler(NegotiationDb db, IMediator mediator, TimeProvider clock) : IRequestHandler<Query, PdfFile>
    {
        public async Task<PdfFile> Handle(Query query, CancellationToken ct)
        {
            var debtor = await mediator.Send(new GetDebtorDebts(query.DebtorId), ct)
                         ?? throw new NotFoundException($"Debtor {query.DebtorId} does not exist.");
            var now = clock.GetUtcNow();
            var today = BusinessDate.Of(now);
            List<AgreementRow> agreements;
            var installments = new Dictionary<Guid, List<InstallmentRow>>();
            IndexTable indices;
            await using (var session = await db.OpenAsync(ct))
            {
                indices = await Indices.LoadAsync(session, debtor.Debts.Where(d => d.Status == DebtStatus.Open).Select(d => d.CorrectionIndex));
                agreements = (await session.QueryAsync<AgreementRow>(
                    $"SELECT {AgreementRow.Columns} FROM negotiation.agreement WHERE debtor_id = @DebtorId ORDER BY created_at", query)).ToList();
                foreach (var a in agreements) installments[a.Id] = await AgreementStore.InstallmentsAsync(session, a.Id);
            }

            var pdf = new PdfBuilder("Extrato de débitos", now, $"Extrato de débitos de {debtor.Name}")
                .Title("Extrato de débitos")
                .Paragraph($"Devedor: {debtor.Name}, {(Documents.KindOf(debtor.Document) == DocumentKind.Cpf ? "CPF" : "CNPJ")} {Documents.Mask(debtor.Document)}.")
                .Paragraph($"Débitos em aberto atualizados até {today:dd/MM/yyyy}. Encargos: correção monetária, multa e juros de mora pelo " +
                           "contrato, com os limites legais (multa de até 2% e juros de até 1% ao mês nas relações de consumo, CDC art. 52 § 1º).");
            long grandTotal = 0;
            var partners = debtor.Debts.Select(d => d.PartnerId).Concat(agreements.Select(a => a.PartnerId)).Distinct();
            foreach (var partnerId in partners)
            {
                var creditor = await mediator.Send(new GetCreditor(partnerId), ct);
                pdf.Heading(creditor is null ? "Credor" : $"Credor: {creditor.Name}, CNPJ {Documents.Format(creditor.Document)}");
                var debts = debtor.Debts.Where(d => d.PartnerId == partnerId).ToList();
                grandTotal += Debts(pdf, debts, today, indices);
                Payments(pdf, debts);
                Agreements(pdf, agreements.Where(a => a.PartnerId == partnerId).ToList(), installments);
            }
            if (debtor.Debts.Count == 0 && agreements.Count == 0) pdf.Paragraph("Nenhum débito registrado.");
            pdf.Space(6).Paragraph($"Total em aberto, atualizado até {today:dd/MM/yyyy}: {Money.Format(grandTotal)}", bold: true);
            return new PdfFile(pdf.ToArray(), $"extrato-de-debitos-{today:yyyy-MM-dd}.pdf");
        }

        /// <summary>The open debts valued today, then the others with their status; returns what is open today.</summary>
        private static long Debts(PdfBuilder pdf, List<Debt> debts, DateOnly today, IndexTable indices)
        {
            var open = debts.Where(d => d.Status == DebtStatus.Open).Select(d => (Debt: d, Value: DebtValuation.Value(d, today, indices))).ToList();
            if (open.Count > 0)
                pdf.Table([new("Documento", 1.8), new("Vencimento", 1.1), new("Atraso", 0.9, true), new("Principal", 1.3, true),
                        new("Encargos", 1.3, true), new("Pago", 1.3, true), new("Total hoje", 1.4, true)],
                    open.Select(x => new[]
                    {
                        x.Debt.ExternalId, $"{x.Debt.DueDate:dd/MM/yyyy}", $"{x.Value.DaysLate} dias", Money.Format(x.Value.Principal),
                        Money.Format(x.Value.Charges), Money.Format(x.Value.Paid), Money.Format(x.Value.Total),
                    }));
            var others = debts.Where(d => d.Status != DebtStatus.Open).ToList();
            if (others.Count > 0)
                pdf.Table([new("Documento", 1.5), new("Vencimento", 1), new("Situação", 1.5), new("Valor original", 1.2, true)],
                    others.Select(d => new[] { d.ExternalId, $"{d.DueDate:dd/MM/yyyy}", Status(d.Status), Money.Format(d.AmountCents) }));
            var total = open.Sum(x => x.Value.Total);
            pdf.Paragraph($"Em aberto com este credor, hoje: {Money.Format(total)}", bold: true, right: true);
            return total;
        }

        private static void Payments(PdfBuilder pdf, List<Debt> debts)
        {
            var payments = debts.SelectMany(d => d.Payments.Select(p => (d.ExternalId, p))).OrderBy(x => x.p.PaidAt).ToList();
            if (payments.Count == 0) return;
            pdf.Paragraph("Pagamentos registrados", bold: true)
                .Table([new("Data", 1), new("Documento", 1.5), new("Identificação", 2), new("Valor", 1.2, true)],
                    payments.Select(x => new[] { $"{x.p.PaidAt:dd/MM/yyyy}", x.ExternalId, x.p.PaymentId, Money.Format(x.p.AmountCents) }));
        }

        private static void Agreements(PdfBuilder pdf, List<AgreementRow> agreements, Dictionary<Guid, List<InstallmentRow>> installments)
        {
            foreach (var a in agreements)
            {
                pdf.Paragraph($"Acordo nº {a.Id}, de {a.AgreementDate:dd/MM/yyyy} ({AgreementStatusText(a.Status)}): valor {Money.Format(a.TotalCents)}, " +
                              $"pago {Money.Format(a.PaidCents)}, em {a.Installments} parcela(s).", bold: true)
                    .Table([new("Parcela", 0.8), new("Vencimento", 1), new("Valor", 1.2, true), new("Pago", 1.2, true), new("Situação", 1)],
                        installments[a.Id].Select(i => new[]
                        {
                            i.Number == 0 ? "Entrada" : i.Number.ToString(), $"{i.DueDate:dd/MM/yyyy}", Money.Format(i.AmountCents), Money.Format(i.PaidCents),
                            i.PaidCents >= i.AmountCents ? "paga" : i.PaidCents > 0 ? "paga em parte" : "em aberto",
                        }));
            }
        }

        private static string Status(DebtStatus status) => status switch
        {
            DebtStatus.Open => "em aberto",
            DebtStatus.InAgreement => "em acordo",
            DebtStatus.Paid => "pago",
            DebtStatus.Cancelled => "cancelado pelo credor",
            DebtStatus.WrittenOff => "baixado",
            DebtStatus.Prescribed => "prescrito",
            _ => status.ToString(),
        };

        private static string AgreementStatusText(string status) => status switch
        {
            "pending_approval" => "aguardando aprovação",
            "active" => "ativo",
            "completed" => "quitado",
            "broken" => "quebrado",
            "cancelled" => "cancelado",
            "rejected" => "recusado",
            _ => status,
        };
    }

    internal static void Map(RouteGroupBuilder debtors) =>
        debtors.MapGet("/{debtorId:guid}/statement", async (Guid debtorId, IMediator mediator, CancellationToken ct) =>
                PdfResult.File(await mediator.Send(new Query(debtorId), ct)))
            .WithName(nameof(PrintStatement))
            .WithSummary("The debtor's statement of debts (extrato) as a PDF: open debts valued today, payments and agreements, by creditor")
            .ScopedTo(ScopedKinds.Debtor, "debtorId")
            .RequireAuthorization(Policies.Person)
            .Produces(200, null, PdfResult.MediaType)
            .ProducesProblem(404);
}
