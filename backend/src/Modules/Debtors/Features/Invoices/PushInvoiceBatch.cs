using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Recovery.BuildingBlocks.Idempotency;
using Recovery.BuildingBlocks.Observability;
using Recovery.Debtors.Data;

namespace Recovery.Debtors.Features.Invoices;

/// <summary>
/// Up to 1000 invoices in one request and one transaction: valid items are stored even when others are rejected, a
/// rejected item changes nothing, and each item reports its outcome in order.
/// </summary>
internal static class PushInvoiceBatch
{
    public const int MaxItems = 1000;

    /// <param name="Unreadable">Items whose JSON did not bind (a wrong type, an impossible date), with the errors under their paths.</param>
    internal sealed record Command(Guid PartnerId, List<InvoiceInput?>? Invoices, IReadOnlyDictionary<int, IDictionary<string, string[]>>? Unreadable = null)
        : ICommand<Response>;

    /// <summary>The documented body; it is read item by item (<see cref="ReadAsync"/>) so that one unreadable item fails alone.</summary>
    internal sealed record Body(List<InvoiceInput?>? Invoices);

    private sealed record RawBody(List<JsonElement>? Invoices);

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
                if (command.Unreadable?.GetValueOrDefault(i) is { } unreadable)
                {
                    results[i] = new ItemResult(i, null, "rejected", null, unreadable);
                    continue;
                }
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

            RecoveryMetrics.InvoiceRejected("unreadable", command.Unreadable?.Count ?? 0);
            RecoveryMetrics.InvoiceRejected("invalid", results.Count(r => r is not null) - (command.Unreadable?.Count ?? 0));
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

    /// <summary>
    /// Reads the batch item by item: a body that is not JSON or whose <c>invoices</c> is not a list is malformed as a whole
    /// (400); an item with a value of the wrong type or an impossible date is rejected alone, under its JSON path.
    /// </summary>
    private static async Task<Command> ReadAsync(HttpRequest request, Guid partnerId, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
            throw new UnsupportedMediaTypeException("Send the batch as application/json: { \"invoices\": [ ... ] }.");
        var json = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var raw = await request.ReadFromJsonAsync<RawBody>(json, ct);
        if (raw?.Invoices is not { } items) return new Command(partnerId, null);
        var invoices = new List<InvoiceInput?>(items.Count);
        var unreadable = new Dictionary<int, IDictionary<string, string[]>>();
        for (var i = 0; i < items.Count; i++)
        {
            try { invoices.Add(items[i].Deserialize<InvoiceInput>(json)); }
            catch (JsonException e)
            {
                invoices.Add(null);
                var (field, _) = ProblemDetailsSetup.Unreadable(e);
                unreadable[i] = new Dictionary<string, string[]>
                {
                    [field.Length == 0 ? $"invoices[{i}]" : $"invoices[{i}].{field}"] = [ProblemDetailsSetup.WrongType],
                };
            }
        }
        return new Command(partnerId, invoices, unreadable);
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapPost("/invoices/batch", async (HttpRequest request, ICurrentActor actor, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(await ReadAsync(request, actor.PartnerId!.Value, ct), ct))
            .Accepts<Body>("application/json")
            .Produces<Response>()
            .WithName(nameof(PushInvoiceBatch))
            .RequireAuthorization(Policies.Partner)
            .WithIdempotency<DebtorsDb>()
            .ProducesValidationProblem()
            .ProducesProblem(422);
}
