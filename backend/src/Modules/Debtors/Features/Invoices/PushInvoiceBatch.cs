using System.Text.Json.Serialization;
using Recovery.BuildingBlocks.Idempotency;
using Recovery.Debtors.Data;

namespace Recovery.Debtors.Features.Invoices;

/// <summary>
/// Up to 1000 invoices in one request and one transaction: valid items are stored even when others are rejected, a
/// rejected item changes nothing, and each item reports its outcome in order.
/// </summary>
internal static class PushInvoiceBatch
{
    public const int MaxItems = 1000;

    internal sealed record Command(Guid PartnerId, List<InvoiceInput?>? Invoices) : ICommand<Response>;

    internal sealed record Body(List<InvoiceInput?>? Invoices);

    internal sealed record Response(IReadOnlyList<ItemResult> Results, int Created, int Updated, int Unchanged, int Rejected);

    internal sealed record ItemResult(
        int Index,
        string? ExternalId,
        string Outcome,
        Guid? Id,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IDictionary<string, string[]>? Errors);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() =>
            RuleFor(c => c.Invoices).NotNull().WithMessage("invoices is required")
                .Must(i => i is null || i.Count > 0).WithMessage("invoices must not be empty")
                .Must(i => i is null || i.Count <= MaxItems).WithMessage($"at most {MaxItems} invoices per batch");
    }

    internal sealed class Handler(DebtorsDb db, InvoiceIngestion ingestion, AuditContext audit) : IRequestHandler<Command, Response>
    {
        private static readonly InvoiceInputValidator ItemValidator = new();

        public async Task<Response> Handle(Command command, CancellationToken ct)
        {
            var results = new ItemResult?[command.Invoices!.Count];
            var valid = new List<IngestItem>();
            for (var i = 0; i < results.Length; i++)
            {
                var path = $"invoices[{i}].";
                var input = command.Invoices[i];
                if (input is null)
                {
                    results[i] = new ItemResult(i, null, "rejected", null, new Dictionary<string, string[]> { [$"invoices[{i}]"] = ["must be an invoice object"] });
                    continue;
                }
                var validation = ItemValidator.Validate(input);
                if (validation.IsValid) { valid.Add(new IngestItem(i, input, path)); continue; }
                results[i] = new ItemResult(i, input.ExternalId, "rejected", null, validation.Errors
                    .GroupBy(e => path + Recovery.BuildingBlocks.Errors.ProblemDetailsSetup.JsonPath(e.PropertyName))
                    .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()));
            }

            await using var tx = await db.BeginAsync(ct);
            foreach (var r in await ingestion.IngestAsync(tx, command.PartnerId, valid))
                results[r.Index] = new ItemResult(r.Index, r.ExternalId, r.Outcome.ToString().ToLowerInvariant(),
                    r.Outcome == IngestOutcome.Rejected ? null : r.Id, r.Errors);
            await tx.CommitAsync(ct);

            var all = results.Select(r => r!).ToList();
            var response = new Response(all, Count("created"), Count("updated"), Count("unchanged"), Count("rejected"));
            audit.Describe("invoice-batch", null, after: new { response.Created, response.Updated, response.Unchanged, response.Rejected });
            return response;

            int Count(string outcome) => all.Count(r => r.Outcome == outcome);
        }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapPost("/invoices/batch", (Body body, ICurrentActor actor, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new Command(actor.PartnerId!.Value, body.Invoices), ct))
            .WithName(nameof(PushInvoiceBatch))
            .RequireAuthorization(Policies.Partner)
            .WithIdempotency<DebtorsDb>()
            .ProducesValidationProblem()
            .ProducesProblem(422);
}
