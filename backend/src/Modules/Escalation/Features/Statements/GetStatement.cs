using System.Globalization;
using Recovery.BuildingBlocks;
using Recovery.BuildingBlocks.Printing;
using Recovery.Escalation.Data;
using Recovery.Platform.Contracts;

namespace Recovery.Escalation.Features.Statements;

/// <summary>
/// The month's statement (prestação de contas) per agency and creditor: what was placed in the month, what was recovered
/// on placed debts in the month (payments and agreement installments; reversals deducted), the agency's commission and
/// what is left to the creditor. JSON, CSV (pt-BR by default, <c>?dialect=en</c>) or PDF. An agency's people see theirs.
/// </summary>
internal static class GetStatement
{
    internal sealed record Query(string? Month, Guid? AgencyId, Guid? PartnerId) : IRequest<Statement>;

    internal sealed record Line(Guid AgencyId, string Agency, Guid PartnerId, string Creditor, int DebtsPlaced, decimal Placed, decimal Recovered,
        decimal Commission, decimal Net);

    internal sealed record Statement(string Month, IReadOnlyList<Line> Items, decimal Placed, decimal Recovered, decimal Commission, decimal Net);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Month).Must(m => DateOnly.TryParseExact(m + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            .WithMessage("month is YYYY-MM", "informe o mês como AAAA-MM").OverridePropertyName("month");
    }

    internal sealed class Handler(EscalationDb db, ICurrentActor actor, IMediator mediator) : IRequestHandler<Query, Statement>
    {
        public async Task<Statement> Handle(Query query, CancellationToken ct)
        {
            var from = DateOnly.ParseExact(query.Month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var to = from.AddMonths(1).AddDays(-1);
            var args = new { From = from, To = to, AgencyId = actor.Scope.AgencyId ?? query.AgencyId, query.PartnerId };
            List<Sum> placed, recovered;
            List<(Guid Id, string Name)> agencies;
            await using (var session = await db.OpenAsync(ct))
            {
                placed = (await session.QueryAsync<Sum>(
                    """
                    SELECT p.agency_id, pd.partner_id, COUNT(*) AS debts, SUM(pd.outstanding_cents) AS amount_cents, 0 AS commission_cents
                      FROM escalation.placed_debt pd JOIN escalation.placement p ON p.id = pd.placement_id
                     WHERE p.placed_on >= @From AND p.placed_on <= @To
                       AND (@AgencyId IS NULL OR p.agency_id = @AgencyId) AND (@PartnerId IS NULL OR pd.partner_id = @PartnerId)
                     GROUP BY p.agency_id, pd.partner_id
                    """, args)).ToList();
                recovered = (await session.QueryAsync<Sum>(
                    """
                    SELECT r.agency_id, r.partner_id, 0 AS debts, SUM(r.amount_cents) AS amount_cents, SUM(r.commission_cents) AS commission_cents
                      FROM escalation.recovery r
                     WHERE r.paid_on >= @From AND r.paid_on <= @To
                       AND (@AgencyId IS NULL OR r.agency_id = @AgencyId) AND (@PartnerId IS NULL OR r.partner_id = @PartnerId)
                     GROUP BY r.agency_id, r.partner_id
                    """, args)).ToList();
                agencies = (await session.QueryAsync<(Guid Id, string Name)>("SELECT id, name FROM escalation.agency")).ToList();
            }
            var names = agencies.ToDictionary(a => a.Id, a => a.Name);
            var creditors = new Dictionary<Guid, string>();
            foreach (var partner in placed.Concat(recovered).Select(s => s.PartnerId).Distinct())
                creditors[partner] = (await mediator.Send(new GetCreditor(partner), ct))?.Name ?? partner.ToString();
            var lines = placed.Concat(recovered).GroupBy(s => (s.AgencyId, s.PartnerId)).Select(g =>
            {
                var p = g.Where(s => s.Debts > 0).ToList();
                var r = g.Where(s => s.Debts == 0).ToList();
                long recoveredCents = r.Sum(s => s.AmountCents), commission = r.Sum(s => s.CommissionCents);
                return new Line(g.Key.AgencyId, names.GetValueOrDefault(g.Key.AgencyId, ""), g.Key.PartnerId, creditors[g.Key.PartnerId],
                    (int)p.Sum(s => s.Debts), Money.ToReais(p.Sum(s => s.AmountCents)), Money.ToReais(recoveredCents), Money.ToReais(commission),
                    Money.ToReais(recoveredCents - commission));
            }).OrderBy(l => l.Agency, StringComparer.CurrentCultureIgnoreCase).ThenBy(l => l.Creditor, StringComparer.CurrentCultureIgnoreCase).ToList();
            return new Statement(query.Month!, lines, lines.Sum(l => l.Placed), lines.Sum(l => l.Recovered), lines.Sum(l => l.Commission), lines.Sum(l => l.Net));
        }
    }

    private sealed class Sum
    {
        public Guid AgencyId { get; init; }
        public Guid PartnerId { get; init; }
        public long Debts { get; init; }
        public long AmountCents { get; init; }
        public long CommissionCents { get; init; }
    }

    internal static PdfFile Pdf(Statement s, DateTimeOffset now)
    {
        var pdf = new PdfBuilder("Prestação de contas", now, $"Prestação de contas de {s.Month}")
            .Title($"Prestação de contas — {s.Month[5..]}/{s.Month[..4]}")
            .Paragraph("Débitos entregues às assessorias no mês, valores recuperados no mês sobre débitos entregues (pagamentos e parcelas de acordo, " +
                       "estornos deduzidos), comissão da assessoria e valor líquido ao credor.");
        static string R(decimal reais) => Money.Format(Money.ToCents(reais));
        pdf.Table([new("Assessoria", 2), new("Credor", 2), new("Débitos", 0.7, true), new("Entregue", 1.2, true), new("Recuperado", 1.2, true),
                new("Comissão", 1.2, true), new("Líquido ao credor", 1.3, true)],
            s.Items.Select(l => (IReadOnlyList<string?>)[l.Agency, l.Creditor, l.DebtsPlaced.ToString(CultureInfo.InvariantCulture), R(l.Placed), R(l.Recovered),
                R(l.Commission), R(l.Net)]));
        pdf.Space(6).Paragraph($"Total recuperado: {R(s.Recovered)}. Comissão: {R(s.Commission)}. Líquido ao credor: {R(s.Net)}.", bold: true);
        return new PdfFile(pdf.ToArray(), $"prestacao-de-contas-{s.Month}.pdf");
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapGet("/statements", async (string? month, Guid? agencyId, Guid? partnerId, string? format, string? dialect, HttpContext http,
                IMediator mediator, TimeProvider clock, CancellationToken ct) =>
            {
                var statement = await mediator.Send(new Query(month, agencyId, partnerId), ct);
                if (PdfResult.Wanted(http.Request, format)) return PdfResult.File(Pdf(statement, clock.GetUtcNow()));
                if (!Csv.Wanted(http.Request) && format != "csv") return Results.Ok(statement);
                return Csv.Stream(dialect, $"prestacao-de-contas-{statement.Month}.csv",
                    [("agency", "Assessoria"), ("creditor", "Credor"), ("debts_placed", "Débitos entregues"), ("placed", "Valor entregue (R$)"),
                     ("recovered", "Valor recuperado (R$)"), ("commission", "Comissão (R$)"), ("net", "Líquido ao credor (R$)")], statement.Items,
                    l => [l.Agency, l.Creditor, Csv.Number(l.DebtsPlaced), Csv.Money(l.Placed), Csv.Money(l.Recovered), Csv.Money(l.Commission), Csv.Money(l.Net)], ct);
            })
            .WithName(nameof(GetStatement))
            .WithSummary("The month's statement per agency and creditor: placed, recovered, commission, net; JSON, CSV (?dialect=en) or PDF")
            .RequireAuthorization(Policies.Agent)
            .Produces<Statement>(200, "application/json", "text/csv", PdfResult.MediaType)
            .ProducesValidationProblem();
}
