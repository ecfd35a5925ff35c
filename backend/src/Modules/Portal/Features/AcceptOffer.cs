using System.Text.Json;
using Recovery.BuildingBlocks;
using Recovery.Negotiation.Contracts;
using Recovery.Portal.Access;
using Recovery.Portal.Data;

namespace Recovery.Portal.Features;

/// <summary>
/// The debtor takes an offer they were shown: Negotiation prices it again and makes the agreement active at once (201,
/// with a Pix copia e cola per installment and the link to the terms as a PDF), audited with the debtor as the actor;
/// partners get <c>agreement.created</c>. An offer of another debtor is a 404; an expired or taken one a 409.
/// </summary>
internal static class AcceptOffer
{
    internal sealed record Command(Guid DebtorId, Guid? OfferId) : IRequest<AgreementResponse>;

    internal sealed record Body(Guid? OfferId);

    internal sealed record Installment(int Number, DateOnly DueDate, decimal Amount, string? PixPayload);

    internal sealed record AgreementResponse(Guid Id, string Status, DateOnly AgreementDate, decimal ValuationTotal, decimal Discount, decimal Total,
        decimal DownPayment, int InstallmentCount, decimal CetMonthly, decimal CetYearly, IReadOnlyList<Installment> Installments, string TermsUrl);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.OfferId).NotEmpty().WithMessage("offerId is required", "escolha uma oferta");
    }

    internal sealed class Handler(PortalDb db, IMediator mediator, TimeProvider clock) : IRequestHandler<Command, AgreementResponse>
    {
        public async Task<AgreementResponse> Handle(Command command, CancellationToken ct)
        {
            OfferRow offer;
            await using (var session = await db.OpenAsync(ct))
                offer = await session.QuerySingleOrDefaultAsync<OfferRow>(
                            """
                            SELECT id, invoice_ids, installments, down_payment_cents, discount_e2, first_due_date, created_at, expires_at, agreement_id
                              FROM portal.offer WHERE id = @Id AND debtor_id = @DebtorId
                            """, new { Id = command.OfferId, command.DebtorId })
                        ?? throw new NotFoundException("Oferta não encontrada.");
            var now = clock.GetUtcNow();
            if (offer.AgreementId is not null)
                throw new ConflictException(ProblemTypes.Base + "offer-taken", "Oferta já aceita", "Você já fez um acordo com esta oferta.");
            if (offer.ExpiresAt <= now || BusinessDate.Of(offer.CreatedAt) != BusinessDate.Of(now))
                throw new ConflictException(ProblemTypes.Base + "offer-expired", "Oferta expirada", "Esta oferta expirou. Veja as ofertas de novo.");

            var agreement = await mediator.Send(new CreateSelfServiceAgreement(command.DebtorId,
                JsonSerializer.Deserialize<List<Guid>>(offer.InvoiceIds)!, offer.DownPaymentCents, offer.Installments, offer.FirstDueDate,
                offer.DiscountE2 / 100m), ct);
            await using (var tx = await db.BeginAsync(ct))
            {
                await tx.ExecuteAsync("UPDATE portal.offer SET agreement_id = @AgreementId WHERE id = @Id", new { AgreementId = agreement.Id, offer.Id });
                await tx.CommitAsync(ct);
            }
            return new AgreementResponse(agreement.Id, agreement.Status, agreement.AgreementDate, Money.ToReais(agreement.ValuationCents),
                Money.ToReais(agreement.DiscountCents), Money.ToReais(agreement.TotalCents), Money.ToReais(agreement.DownPaymentCents),
                agreement.Installments, agreement.CetMonthly, agreement.CetYearly,
                agreement.Schedule.Select(i => new Installment(i.Number, i.DueDate, Money.ToReais(i.AmountCents), i.PixPayload)).ToList(),
                $"{AuthSchemes.PortalPath}/agreements/{agreement.Id}/terms");
        }
    }

    private sealed class OfferRow
    {
        public Guid Id { get; init; }
        public string InvoiceIds { get; init; } = "[]";
        public int Installments { get; init; }
        public long DownPaymentCents { get; init; }
        public int DiscountE2 { get; init; }
        public DateOnly FirstDueDate { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset ExpiresAt { get; init; }
        public Guid? AgreementId { get; init; }
    }

    internal sealed record TermsQuery(Guid DebtorId, Guid AgreementId) : IRequest<DebtorDocument>;

    internal sealed class TermsHandler(IMediator mediator) : IRequestHandler<TermsQuery, DebtorDocument>
    {
        public async Task<DebtorDocument> Handle(TermsQuery query, CancellationToken ct) =>
            await mediator.Send(new GetDebtorAgreementTerms(query.DebtorId, query.AgreementId), ct) ?? throw new NotFoundException("Acordo não encontrado.");
    }

    internal static void Map(RouteGroupBuilder portal)
    {
        portal.MapPost("/agreements", async (Body body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var agreement = await mediator.Send(new Command(PortalPrincipal.DebtorId(http.User), body.OfferId), ct);
                return TypedResults.Created($"{AuthSchemes.PortalPath}/agreements/{agreement.Id}", agreement);
            })
            .WithName("CreatePortalAgreement")
            .RequireAuthorization(Policies.Debtor)
            .ProducesValidationProblem()
            .ProducesProblem(401)
            .ProducesProblem(404)
            .ProducesProblem(409)
            .ProducesProblem(422);

        portal.MapGet("/agreements/{agreementId:guid}/terms", async (Guid agreementId, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var pdf = await mediator.Send(new TermsQuery(PortalPrincipal.DebtorId(http.User), agreementId), ct);
                return Results.File(pdf.Content, "application/pdf", pdf.FileName);
            })
            .WithName("GetPortalAgreementTerms")
            .RequireAuthorization(Policies.Debtor)
            .Produces(200, contentType: "application/pdf")
            .ProducesProblem(401)
            .ProducesProblem(404);
    }
}
