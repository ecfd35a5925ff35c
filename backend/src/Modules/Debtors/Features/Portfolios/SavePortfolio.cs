using Recovery.BuildingBlocks;
using Recovery.Debtors.Contracts;
using Recovery.Debtors.Data;
using Recovery.Debtors.Features.Invoices;

namespace Recovery.Debtors.Features.Portfolios;

/// <summary>
/// Creates or updates a partner's portfolio and its default terms. New terms apply to invoices pushed from now on;
/// invoices keep the terms they were pushed with.
/// </summary>
internal static class SavePortfolio
{
    internal sealed record Command(Guid PartnerId, string Code, string? Name, decimal? FinePercent, decimal? MonthlyInterestPercent, string? CorrectionIndex,
        Purchase? Purchase = null) : ICommand<Response>;

    /// <param name="Purchase">When the portfolio was bought (cessão de crédito); left out, a purchase saved before stays.</param>
    internal sealed record Body(string? Name, decimal? FinePercent, decimal? MonthlyInterestPercent, string? CorrectionIndex, Purchase? Purchase = null);

    internal sealed record Response(bool Created, Portfolio Portfolio);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Code).NotEmpty().MaximumLength(64).Matches("^[A-Za-z0-9._-]+$").WithMessage("code is letters, digits, '.', '_' or '-'");
            RuleFor(c => c.Name).NotEmpty().WithMessage("name is required").MaximumLength(200);
            RuleFor(c => c.FinePercent).NotNull().Must(InvoiceRules.IsPercent).WithMessage("finePercent is 0 to 100 with at most two decimals");
            RuleFor(c => c.MonthlyInterestPercent).NotNull().Must(InvoiceRules.IsPercent)
                .WithMessage("monthlyInterestPercent is 0 to 100 with at most two decimals");
            RuleFor(c => c.CorrectionIndex).NotEmpty().Must(c => InvoiceRules.NormalizeIndex(c) is not (null or "?"))
                .WithMessage($"correctionIndex is one of {string.Join(", ", InvoiceRules.CorrectionIndices)}");
            When(c => c.Purchase is not null, () =>
            {
                RuleFor(c => c.Purchase!.Seller).NotEmpty().WithMessage("purchase.seller is required", "informe o cedente").MaximumLength(200)
                    .OverridePropertyName("purchase.seller");
                RuleFor(c => c.Purchase!.PurchasedOn).NotNull().WithMessage("purchase.purchasedOn is required", "informe a data da compra")
                    .OverridePropertyName("purchase.purchasedOn");
                RuleFor(c => c.Purchase!.FaceValue).NotNull().WithMessage("purchase.faceValue is required", "informe o valor de face")
                    .MustBeAmount().OverridePropertyName("purchase.faceValue");
                RuleFor(c => c.Purchase!.Price).NotNull().WithMessage("purchase.price is required", "informe o preço pago")
                    .MustBeAmount().OverridePropertyName("purchase.price");
                RuleFor(c => c.Purchase!.Price).GreaterThan(0m).WithMessage("purchase.price is more than zero", "o preço pago deve ser maior que zero")
                    .OverridePropertyName("purchase.price");
            });
        }
    }

    internal sealed class Handler(DebtorsDb db, AuditContext audit, TimeProvider clock) : IRequestHandler<Command, Response>
    {
        public async Task<Response> Handle(Command command, CancellationToken ct)
        {
            await using var tx = await db.BeginAsync(ct);
            var before = await tx.QuerySingleOrDefaultAsync<Portfolio.Row>(
                $"SELECT {Portfolio.Columns} FROM debtors.portfolio WHERE partner_id = @PartnerId AND code = @Code", command);
            var args = new
            {
                Id = before?.Id ?? Guid.CreateVersion7(), command.PartnerId, command.Code, Name = command.Name!.Trim(),
                Fine = InvoiceRules.BasisPoints(command.FinePercent!.Value), Interest = InvoiceRules.BasisPoints(command.MonthlyInterestPercent!.Value),
                Index = InvoiceRules.NormalizeIndex(command.CorrectionIndex), Now = clock.GetUtcNow(),
            };
            var purchase = command.Purchase;
            await tx.ExecuteAsync(before is null
                ? """
                  INSERT INTO debtors.portfolio (id, partner_id, code, name, fine_bp, monthly_interest_bp, correction_index, created_at)
                  VALUES (@Id, @PartnerId, @Code, @Name, @Fine, @Interest, @Index, @Now)
                  """
                : "UPDATE debtors.portfolio SET name = @Name, fine_bp = @Fine, monthly_interest_bp = @Interest, correction_index = @Index WHERE id = @Id",
                args);
            if (purchase is not null)
                await tx.ExecuteAsync(
                    "UPDATE debtors.portfolio SET purchase_seller = @Seller, purchased_on = @PurchasedOn, face_value_cents = @Face, price_cents = @Price WHERE id = @Id",
                    new { args.Id, Seller = purchase.Seller!.Trim(), purchase.PurchasedOn, Face = Money.ToCents(purchase.FaceValue!.Value), Price = Money.ToCents(purchase.Price!.Value) });
            var saved = await tx.QuerySingleOrDefaultAsync<Portfolio.Row>($"SELECT {Portfolio.Columns} FROM debtors.portfolio WHERE id = @Id", args);
            var after = Portfolio.From(saved!);
            if (after.Purchase is { } bought && bought != (before is null ? null : Portfolio.From(before).Purchase))
                await tx.PublishAsync(new PortfolioPurchased(after.Id, after.PartnerId, after.Code, bought.Seller!, bought.PurchasedOn!.Value,
                    Money.ToCents(bought.FaceValue!.Value), Money.ToCents(bought.Price!.Value)), args.Now);
            await tx.CommitAsync(ct);
            audit.Describe("portfolio", args.Id, before is null ? null : Portfolio.From(before), Portfolio.From(saved!));
            return new Response(before is null, Portfolio.From(saved!));
        }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapPut("/partners/{partnerId:guid}/portfolios/{code}", async (Guid partnerId, string code, Body body, IMediator mediator, CancellationToken ct) =>
            {
                var r = await mediator.Send(new Command(partnerId, code, body.Name, body.FinePercent, body.MonthlyInterestPercent, body.CorrectionIndex, body.Purchase), ct);
                return r.Created ? Results.Created($"/api/v1/admin/partners/{partnerId}/portfolios/{code}", r.Portfolio) : Results.Ok(r.Portfolio);
            })
            .WithName(nameof(SavePortfolio))
            .RequireAuthorization(Policies.Admin)
            .Produces<Portfolio>(201)
            .Produces<Portfolio>(200)
            .ProducesValidationProblem();
}
