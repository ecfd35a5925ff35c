using Recovery.Debtors.Data;
using Recovery.Platform.Contracts;

namespace Recovery.Debtors.Features.Debtors;

/// <summary>A supervisor hands debts to an agent (replacing any earlier assignment of those debts).</summary>
internal static class AssignDebts
{
    public const int MaxInvoices = 1000;

    internal sealed record Command(Guid? AgentId, List<Guid>? InvoiceIds) : ICommand<Response>;

    internal sealed record Response(Guid AgentId, int Assigned);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.AgentId).NotEmpty().WithMessage("agentId is required");
            RuleFor(c => c.InvoiceIds).NotEmpty().WithMessage("invoiceIds must list at least one debt")
                .Must(i => i is null || i.Count <= MaxInvoices).WithMessage($"at most {MaxInvoices} debts at a time");
        }
    }

    internal sealed class Handler(DebtorsDb db, ICurrentActor actor, AuditContext audit, TimeProvider clock, IMediator mediator, IScopeGate scope)
        : IRequestHandler<Command, Response>
    {
        public async Task<Response> Handle(Command command, CancellationToken ct)
        {
            var agent = await mediator.Send(new GetUser(command.AgentId!.Value), ct);
            if (agent is null || !agent.IsActive || agent.Role is not (Roles.Agent or Roles.Supervisor))
                throw new FieldException("agentId", $"{command.AgentId} is not an active agent or supervisor.");
            var ids = command.InvoiceIds!.Distinct().ToList();
            await scope.EnsureInvoicesAsync(actor.Scope, ids, ct);
            await using var tx = await db.BeginAsync(ct);
            var known = 0;
            foreach (var chunk in ids.Chunk(500))
                known += await tx.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM debtors.invoice WHERE id IN @Ids",
                    new { Ids = chunk.Select(i => i.ToString()).ToList() });
            if (known != ids.Count)
                throw new FieldException("invoiceIds", $"{ids.Count - known} of the debts do not exist.");
            var now = clock.GetUtcNow();
            using var delete = tx.Prepare("DELETE FROM debtors.assignment WHERE invoice_id = @InvoiceId", "InvoiceId");
            using var insert = tx.Prepare(
                "INSERT INTO debtors.assignment (invoice_id, agent_id, assigned_by, assigned_at) VALUES (@InvoiceId, @AgentId, @By, @Now)",
                "InvoiceId", "AgentId", "By", "Now");
            foreach (var id in ids)
            {
                await delete.ExecuteAsync(id);
                await insert.ExecuteAsync(id, command.AgentId, actor.Name, now);
            }
            await tx.CommitAsync(ct);
            audit.Describe("agent", command.AgentId, after: new { assigned = ids.Count });
            return new Response(command.AgentId!.Value, ids.Count);
        }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapPost("/assignments", (Command command, IMediator mediator, CancellationToken ct) => mediator.Send(command, ct))
            .WithName(nameof(AssignDebts))
            .RequireAuthorization(Policies.Supervisor)
            .ProducesValidationProblem();
}
