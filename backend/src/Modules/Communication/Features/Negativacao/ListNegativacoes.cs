using Recovery.BuildingBlocks.Data;
using Recovery.Communication.Data;
using Recovery.Communication.Features.Scope;

namespace Recovery.Communication.Features.Negativacao;

/// <summary>Negativações with the evidence of each step, the latest notice first; by debtor, status, or removed late.</summary>
internal static class ListNegativacoes
{
    internal sealed record Query(Guid? DebtorId, string? Status, bool? Late) : IRequest<Response>;

    [SchemaName("NegativacoesListResponse")]
    internal sealed record Response(IReadOnlyList<NegativacaoView> Items);

    internal sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Status).Must(s => s is null or "notified" or "registered" or "removed" or "dropped")
            .WithMessage("status is notified, registered, removed or dropped");
    }

    internal sealed class Handler(CommunicationDb db, ICurrentActor actor, IScopeGate gate) : IRequestHandler<Query, Response>
    {
        public async Task<Response> Handle(Query query, CancellationToken ct)
        {
            await using var session = await db.OpenAsync(ct);
            var filters = new List<string>();
            if (query.DebtorId is not null) filters.Add("debtor_id = @DebtorId");
            if (query.Status is not null) filters.Add("status = @Status");
            if (query.Late is not null) filters.Add("removed_late = @Late");
            var where = filters.Count == 0 ? "" : "WHERE " + string.Join(" AND ", filters);
            var items = await (await session.QueryAsync<NegativacaoView>(db.Dialect.Limit(
                $"SELECT {NegativacaoView.Columns} FROM communication.negativacao {where} ORDER BY notified_at DESC, id", "500"), query)).ToList().VisibleAsync(n => n.DebtorId, actor, gate, ct);
            var steps = (await session.QueryAsync<StepRow>(
                $"SELECT negativacao_id, at, step, detail FROM communication.negativacao_step WHERE negativacao_id IN ({db.Dialect.JsonIds("@Ids")}) ORDER BY at, id",
                new { Ids = db.Dialect.JsonArray(items.Select(i => i.Id)) })).ToLookup(s => s.NegativacaoId);
            foreach (var item in items) item.Steps = steps[item.Id].Select(s => new NegativacaoStepView { At = s.At, Step = s.Step, Detail = s.Detail }).ToList();
            return new Response(items);
        }
    }

    internal static void Map(RouteGroupBuilder communication) =>
        communication.MapGet("/negativacoes", async (Guid? debtorId, string? status, bool? late, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new Query(debtorId, status, late), ct)))
            .WithName(nameof(ListNegativacoes))
            .RequireAuthorization(Policies.Agent)
            .ProducesValidationProblem();

    private sealed class StepRow
    {
        public Guid NegativacaoId { get; init; }
        public DateTimeOffset At { get; init; }
        public string Step { get; init; } = "";
        public string Detail { get; init; } = "";
    }
}
