using FluentValidation.Results;
using Recovery.BuildingBlocks.Idempotency;
using Recovery.Debtors.Data;

namespace Recovery.Debtors.Features.Invoices;

/// <summary>Creates or updates one invoice, matched by externalId within the partner.</summary>
internal static class PushInvoice
{
    public const string LockedProblem = ProblemTypes.Base + "invoice-locked";

    internal sealed record Command(Guid PartnerId, InvoiceInput Invoice) : ICommand<Response>;

    internal sealed record Response(bool Created, InvoiceView Invoice);

    internal sealed class Validator : AbstractValidator<Command>
    {
        private static readonly InvoiceInputValidator Invoice = new();

        public Validator() =>
            RuleFor(c => c.Invoice).Custom((invoice, context) =>
            {
                // Errors keyed by the path in the body the partner sent ("debtor.document"), not by "Invoice.…".
                foreach (var error in Invoice.Validate(invoice).Errors)
                    context.AddFailure(new ValidationFailure(error.PropertyName, error.ErrorMessage));
            });
    }

    internal sealed class Handler(DebtorsDb db, InvoiceIngestion ingestion, AuditContext audit) : IRequestHandler<Command, Response>
    {
        public async Task<Response> Handle(Command command, CancellationToken ct)
        {
            await using var tx = await db.BeginAsync(ct);
            var result = (await ingestion.IngestAsync(tx, command.PartnerId, [new IngestItem(0, command.Invoice, "")]))[0];
            if (result.Outcome == IngestOutcome.Rejected)
                throw new ConflictException(LockedProblem, "Invoice cannot change", result.Errors!.Values.First()[0]) { Errors = result.Errors };
            var view = await GetInvoice.LoadAsync(tx, command.PartnerId, result.Id!.Value);
            await tx.CommitAsync(ct);
            audit.Describe("invoice", result.Id, after: new { result.ExternalId, outcome = result.Outcome.ToString().ToLowerInvariant() });
            return new Response(result.Outcome == IngestOutcome.Created, view!);
        }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapPost("/invoices", async (InvoiceInput body, ICurrentActor actor, IMediator mediator, CancellationToken ct) =>
            {
                var response = await mediator.Send(new Command(actor.PartnerId!.Value, body), ct);
                return response.Created
                    ? Results.Created($"/api/v1/partner/invoices/{Uri.EscapeDataString(response.Invoice.ExternalId)}", response.Invoice)
                    : Results.Ok(response.Invoice);
            })
            .WithName(nameof(PushInvoice))
            .RequireAuthorization(Policies.Partner)
            .WithIdempotency<DebtorsDb>()
            .Produces<InvoiceView>(201)
            .Produces<InvoiceView>(200)
            .ProducesValidationProblem()
            .ProducesProblem(409)
            .ProducesProblem(422);
}
