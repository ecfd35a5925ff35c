namespace Recovery.Communication.Features.Runs;

/// <summary>Starts a run of the dunning schedules now, in the background; one at a time.</summary>
internal static class StartDunningRun
{
    internal sealed record Command : ICommand<RunView>;

    internal sealed class Handler(RunPlanner planner, ICurrentActor actor, AuditContext audit) : IRequestHandler<Command, RunView>
    {
        public async Task<RunView> Handle(Command command, CancellationToken ct)
        {
            var run = await planner.StartAsync(actor.Name, ct)
                      ?? throw new ConflictException(ProblemTypes.Base + "run-in-progress", "Run in progress",
                          "A run of the dunning schedules is already going; follow it in GET /api/v1/communication/runs.");
            audit.Describe("dunning-run", run.Id, after: run);
            return run;
        }
    }

    internal static void Map(RouteGroupBuilder group) =>
        group.MapPost("/runs", async (IMediator mediator, CancellationToken ct) =>
            {
                var run = await mediator.Send(new Command(), ct);
                return TypedResults.Accepted($"/api/v1/communication/runs/{run.Id}", run);
            })
            .WithName(nameof(StartDunningRun))
            .RequireAuthorization(Policies.Supervisor)
            .ProducesProblem(409);
}
